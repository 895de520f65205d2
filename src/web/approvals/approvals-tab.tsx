import { useEffect, useRef, useState } from 'preact/hooks';
import { listUrl } from '../admin/lookups.ts';
import { useApi } from '../api/use-api.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { ApprovalSummary } from './approval-summary.tsx';
import { DecisionForm } from './decision-form.tsx';
import { RequestApproval } from './request-form.tsx';
import type { Approval } from './types.ts';
import './approvals.css';

/**
 * The case's approvals: the closure (requested by whoever may close, decided by another supervisor, then
 * used once to close the case) and every request on the plan with its decision. A pending plan request
 * is decided in the plan tab, next to the plan itself.
 */
export function CaseApprovalsTab(props: CaseTabProps) {
  const { t } = useI18n();
  const { kase } = props;
  const list = useApi<{ items: Approval[] }>(`/api/cases/${kase.id}/approvals`);
  const [message, setMessage] = useState<string | null>(null);
  // Closing the case (above the tabs) uses the approved closure: read the list again when the case changes.
  const seenVersion = useRef(kase.version);
  useEffect(() => {
    if (seenVersion.current === kase.version) return;
    seenVersion.current = kase.version;
    list.reload();
  }, [kase.version]);

  if (list.error && !list.data) return <LoadError error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const changed = (text: string) => {
    setMessage(text);
    list.reload();
  };

  return (
    <div class="panel" data-testid="approvals-panel">
      <h2>{t('approvals.title')}</h2>
      <StatusMessage message={message} />
      <Closure kase={kase} items={items} onChanged={changed} />
      <section aria-labelledby="approvals-all-title" class="subsection">
        <h3 id="approvals-all-title">{t('approvals.all')}</h3>
        {items.length === 0 ? (
          <Empty>{t('approvals.none')}</Empty>
        ) : (
          <ul class="approval-list">
            {items.map((approval) => (
              <li key={approval.id}>
                <ApprovalSummary approval={approval} />
                {approval.state === 'pending' && approval.subjectType === 'plan' && (
                  <a href={listUrl(`/cases/${kase.id}`, { tab: 'plan' })}>{t('approvals.openPlan')}</a>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Closure(props: {
  kase: CaseTabProps['kase'];
  items: Approval[];
  onChanged: (message: string) => void;
}) {
  const { t } = useI18n();
  const session = useSession();
  const { kase } = props;
  const closures = props.items.filter((a) => a.subjectType === 'closure');
  const pending = closures.find((a) => a.state === 'pending');
  const ready = closures.find((a) => a.state === 'approved' && !a.usedAt);
  let body;
  if (kase.status === 'closure') body = <p>{t('approvals.closure.closed')}</p>;
  else if (pending)
    body = (
      <>
        <ApprovalSummary approval={pending} />
        <DecisionForm
          approval={pending}
          onDecided={(decided) => props.onChanged(t('approvals.decide.done', { decision: decided.state }))}
        />
      </>
    );
  else if (ready)
    body = (
      <p class="alert alert-success" data-testid="closure-ready">
        {t('approvals.closure.ready')}
      </p>
    );
  else if (session.can('case:close'))
    body = (
      <RequestApproval
        id="closure-request"
        path={`/api/cases/${kase.id}/closure-requests`}
        title={t('approvals.closure.request')}
        hint={t('approvals.closure.requestHint')}
        submitLabel={t('approvals.closure.submit')}
        onRequested={() => props.onChanged(t('approvals.closure.requested'))}
      />
    );
  else body = <p class="hint">{t('approvals.closure.whoMay')}</p>;
  return (
    <section aria-labelledby="closure-title" class="subsection" data-testid="closure-section">
      <h3 id="closure-title">{t('approvals.closure.title')}</h3>
      {body}
    </section>
  );
}
