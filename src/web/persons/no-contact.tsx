import { NO_CONTACT_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { useT } from '../i18n/context.tsx';
import { Restricted } from './display.tsx';
import type { NoContact } from './types.ts';
import { personLabel } from './vocabulary.ts';
import './persons.css';

function Entry(props: { entry: NoContact }) {
  const t = useT();
  const { entry } = props;
  return (
    <>
      <strong>
        {entry.name === undefined ? <Restricted fieldClass={NO_CONTACT_FIELD_CLASSES.name} /> : entry.name}
      </strong>{' '}
      {t('persons.noContact.detail', {
        relationship: personLabel(t, 'persons.relationship', entry.relationship),
        reason: entry.reason,
        source: personLabel(t, 'persons.noContactSource', entry.source),
      })}
    </>
  );
}

/**
 * Who must not contact the child, at the top of every screen about them. An alert, so a screen reader
 * announces it as soon as the record opens.
 */
export function NoContactBanner(props: { entries: NoContact[] }) {
  const t = useT();
  if (props.entries.length === 0) return null;
  return (
    <div class="no-contact" role="alert" data-testid="no-contact-banner">
      <p class="no-contact-title">{t('persons.noContact.title', { count: props.entries.length })}</p>
      <ul>
        {props.entries.map((entry) => (
          <li key={entry.relationId}>
            <Entry entry={entry} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The same warning, compact, where the person appears in a list (search results, cases, my work). */
export function NoContactWarning(props: { entries: NoContact[] }) {
  const t = useT();
  if (props.entries.length === 0) return null;
  return (
    <div class="no-contact-inline" data-testid="no-contact-warning">
      <strong>{t('persons.noContact.short')}</strong>
      <ul>
        {props.entries.map((entry) => (
          <li key={entry.relationId}>
            <Entry entry={entry} />
          </li>
        ))}
      </ul>
    </div>
  );
}
