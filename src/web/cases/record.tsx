import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { PersonName } from '../persons/display.tsx';
import { NoContactBanner } from '../persons/no-contact.tsx';
import { readOnlySession, ReadOnlySession, useSession } from '../session/session.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { Badge, LoadError, Loading, Page } from '../ui/page.tsx';
import { PrintSummaryButton } from '../attachments/print-summary.tsx';
import { CASE_TABS } from './case-tabs.ts';
import { EmergencyAccessRequest, EmergencyBanner, mayBeOutOfScope, type Granted } from './emergency.tsx';
import { LazyPanel, RecordTabs } from './record-tabs.tsx';
import { StatusActions, StatusCycle } from './status.tsx';
import type { Case } from './types.ts';
import '../persons/persons.css';
import './cases.css';

export function CaseRecord(props: { params: { id: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const id = props.params.id;
  const record = useApi<Case>(`/api/cases/${encodeURIComponent(id)}`);
  const [granted, setGranted] = useState<Granted | null>(null);
  const [message, setMessage] = useState<string | null>(query.opened === '1' ? t('cases.open.done') : null);

  if (record.error && !record.data) {
    return (
      <Page title={t('cases.record.unavailableTitle')}>
        <LoadError error={record.error} retry={record.reload} />
        {mayBeOutOfScope(record.error) && (
          <EmergencyAccessRequest
            caseId={id}
            onGranted={(access) => {
              setGranted(access);
              record.reload();
            }}
          />
        )}
      </Page>
    );
  }
  if (!record.data) return <Loading />;
  const kase = record.data;
  // A case another institution shared is read-only here: no section or action that changes it.
  const shared = kase.access === 'shared';
  const can = shared ? readOnlySession(session).can : session.can;
  const tabs = CASE_TABS.filter(
    (tab) => (!tab.permission || can(tab.permission)) && !(shared && tab.ownAgencyOnly),
  );
  const current = tabs.find((tab) => tab.key === query.tab) ?? tabs[0]!;

  return (
    <Page title={t('cases.record.title', { number: kase.number })}>
      <NoContactBanner entries={kase.person.noContact} />
      {kase.access === 'emergency' && <EmergencyBanner expiresAt={granted?.expiresAt} />}
      {kase.access === 'shared' && (
        <p class="alert alert-info" data-testid="shared-banner">
          {t('cases.shared.banner', { agency: kase.sharedBy?.name ?? '' })}
        </p>
      )}
      <p class="record-meta">
        <span>
          {t('cases.record.child')}{' '}
          <a href={`/persons/${kase.personId}`} data-testid="case-person">
            <PersonName person={kase.person} />
          </a>
        </span>
        {kase.restricted && <Badge kind="warn">{t('cases.restrictedRecord')}</Badge>}
        <PrintSummaryButton caseId={kase.id} caseNumber={kase.number} />
      </p>
      <StatusMessage message={message} />
      <ReadOnlySession readOnly={shared}>
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title" class="visually-hidden">
            {t('cases.status.title')}
          </h2>
          <StatusCycle kase={kase} />
          <StatusActions kase={record} onDone={setMessage} />
        </section>
        <RecordTabs
          label={t('cases.record.sections')}
          path={`/cases/${kase.id}`}
          tabs={tabs.map((tab) => ({ key: tab.key, label: t(tab.label) }))}
          current={current.key}
        />
        <div class="tab-panel">
          <LazyPanel
            id={current.key}
            load={current.load}
            features={current.features}
            panelProps={{ kase, record }}
          />
        </div>
      </ReadOnlySession>
    </Page>
  );
}
