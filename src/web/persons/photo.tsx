import { useState } from 'preact/hooks';
import { PERSON_PHOTO_CLASS } from '../../core/cases/field-classes.ts';
import { useT } from '../i18n/context.tsx';
import { fullName, Restricted } from './display.tsx';
import type { PersonRecord } from './types.ts';
import './persons.css';

/**
 * The person's photo in the record's header: the image for a reader cleared for identity data, "restricted"
 * when the server withheld it (named in `redacted`), a placeholder when there is none. Each showing is
 * audited by the server.
 */
export function PersonPhoto(props: { person: PersonRecord }) {
  const t = useT();
  const { person } = props;
  const [failed, setFailed] = useState<string | null>(null);
  if (person.redacted.includes('photo'))
    return (
      <div class="person-photo person-photo-empty" data-testid="person-photo">
        <Restricted fieldClass={PERSON_PHOTO_CLASS} />
      </div>
    );
  const photo = person.photo;
  if (!photo || failed === photo.attachmentId)
    return (
      <div class="person-photo person-photo-empty" data-testid="person-photo">
        <span class="muted">{t('persons.photo.none')}</span>
      </div>
    );
  const name = fullName(person);
  return (
    <img
      class="person-photo"
      data-testid="person-photo"
      src={`/api/persons/${person.id}/photo?v=${photo.attachmentId}`}
      alt={name ? t('persons.photo.alt', { name }) : t('persons.photo.altNoName')}
      width={96}
      height={96}
      onError={() => setFailed(photo.attachmentId)}
    />
  );
}
