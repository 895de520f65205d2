import { useLocation } from 'preact-iso';
import { useApi } from '../api/use-api.ts';
import { LazyPanel, RecordTabs } from '../cases/record-tabs.tsx';
import { useI18n } from '../i18n/context.tsx';
import { readOnlySession, ReadOnlySession, useSession } from '../session/session.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { Badge, LoadError, Loading, Page } from '../ui/page.tsx';
import { fullName } from './display.tsx';
import { NoContactBanner } from './no-contact.tsx';
import { PERSON_TABS } from './person-tabs.ts';
import { PersonPhoto } from './photo.tsx';
import type { PersonRecord as PersonRecordData } from './types.ts';
import '../cases/cases.css';
import './persons.css';

export function PersonRecord(props: { params: { id: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const id = props.params.id;
  const record = useApi<PersonRecordData>(`/api/persons/${encodeURIComponent(id)}`);

  if (record.error && !record.data)
    return (
      <Page title={t('persons.record.notFoundTitle')}>
        <LoadError error={record.error} retry={record.reload} />
        <p>
          <a href="/persons">{t('persons.backToSearch')}</a>
        </p>
      </Page>
    );
  if (!record.data) return <Loading />;
  const person = record.data;
  // A person another institution shared is read-only here: no section or action that changes it.
  const shared = person.sharedBy !== undefined;
  const can = shared ? readOnlySession(session).can : session.can;
  const tabs = PERSON_TABS.filter(
    (tab) => (!tab.permission || can(tab.permission)) && !(shared && tab.ownAgencyOnly),
  );
  const current = tabs.find((tab) => tab.key === query.tab) ?? tabs[0]!;

  return (
    <Page
      title={fullName(person) ?? t('persons.record.nameWithheld')}
      actions={
        can('case:create') && (
          <a class="button primary" href={`/cases/new?personId=${person.id}`}>
            {t('persons.openCase')}
          </a>
        )
      }
    >
      <NoContactBanner entries={person.noContact} />
      {person.sharedBy && (
        <p class="alert alert-info" data-testid="shared-banner">
          {t('persons.shared.banner', { agency: person.sharedBy.name })}
        </p>
      )}
      {query.registered === '1' && <StatusMessage message={t('persons.register.done')} />}
      <div class="person-header">
        <PersonPhoto person={person} />
        <p class="record-meta">
          <a href="/persons">{t('persons.backToSearch')}</a>
          {person.restricted && <Badge kind="warn">{t('persons.restrictedRecord')}</Badge>}
        </p>
      </div>
      <RecordTabs
        label={t('persons.record.sections')}
        path={`/persons/${person.id}`}
        tabs={tabs.map((tab) => ({ key: tab.key, label: t(tab.label) }))}
        current={current.key}
      />
      <ReadOnlySession readOnly={shared}>
        <div class="tab-panel">
          <LazyPanel id={current.key} load={current.load} features={[]} panelProps={{ person, record }} />
        </div>
      </ReadOnlySession>
    </Page>
  );
}
