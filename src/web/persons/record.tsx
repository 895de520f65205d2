import { useLocation } from 'preact-iso';
import { useApi } from '../api/use-api.ts';
import { AccessLogPanel, HistoryPanel } from '../cases/change-log.tsx';
import { RecordTabs, type TabLink } from '../cases/record-tabs.tsx';
import { RestrictionPanel } from '../cases/restriction.tsx';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { Badge, LoadError, Loading, Page } from '../ui/page.tsx';
import { PersonCasesTab } from './cases-tab.tsx';
import { fullName } from './display.tsx';
import { DocumentsTab } from './documents-tab.tsx';
import { IdentityTab } from './identity-tab.tsx';
import { NoContactBanner } from './no-contact.tsx';
import { RelationsTab } from './relations-tab.tsx';
import type { Person } from './types.ts';
import '../cases/cases.css';
import './persons.css';

export function PersonRecord(props: { params: { id: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const id = props.params.id;
  const path = `/persons/${id}`;
  const person = useApi<Person>(`/api/persons/${encodeURIComponent(id)}`);

  if (person.error && !person.data)
    return (
      <Page title={t('persons.record.notFoundTitle')}>
        <LoadError error={person.error} retry={person.reload} />
        <p>
          <a href="/persons">{t('persons.backToSearch')}</a>
        </p>
      </Page>
    );
  if (!person.data) return <Loading />;
  const data = person.data;

  const tabs: TabLink[] = [
    { key: 'identity', label: t('persons.tab.identity') },
    { key: 'family', label: t('persons.tab.family') },
    { key: 'documents', label: t('persons.tab.documents') },
    ...(session.can('case:read') ? [{ key: 'cases', label: t('persons.tab.cases') }] : []),
    { key: 'history', label: t('persons.tab.history') },
    { key: 'access', label: t('persons.tab.access') },
    ...(session.can('case:assign') ? [{ key: 'restriction', label: t('persons.tab.restriction') }] : []),
  ];
  const current = tabs.some((tab) => tab.key === query.tab) ? query.tab! : 'identity';

  return (
    <Page
      title={fullName(data) ?? t('persons.record.nameWithheld')}
      actions={
        session.can('case:create') && (
          <a class="button primary" href={`/cases/new?personId=${data.id}`}>
            {t('persons.openCase')}
          </a>
        )
      }
    >
      <NoContactBanner entries={data.noContact} />
      {query.registered === '1' && <StatusMessage message={t('persons.register.done')} />}
      <p class="record-meta">
        <a href="/persons">{t('persons.backToSearch')}</a>
        {data.restricted && <Badge kind="warn">{t('persons.restrictedRecord')}</Badge>}
      </p>
      <RecordTabs label={t('persons.record.sections')} path={path} tabs={tabs} current={current} />
      <div class="tab-panel">
        {current === 'identity' && <IdentityTab person={person} />}
        {current === 'family' && <RelationsTab personId={data.id} onChanged={person.reload} />}
        {current === 'documents' && <DocumentsTab personId={data.id} />}
        {current === 'cases' && <PersonCasesTab personId={data.id} />}
        {current === 'history' && (
          <HistoryPanel path={`/api/persons/${data.id}/history`} title={t('persons.tab.history')} />
        )}
        {current === 'access' && (
          <AccessLogPanel path={`/api/persons/${data.id}/access-log`} title={t('persons.tab.access')} />
        )}
        {current === 'restriction' && (
          <RestrictionPanel
            path={`/api/persons/${data.id}/restriction`}
            restricted={data.restricted}
            kind="person"
            onChanged={person.reload}
          />
        )}
      </div>
    </Page>
  );
}
