import { RedactedDomains } from './redacted-domains.tsx';
import { useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { PlanApproval } from './plan-approval.tsx';
import { PlanEditor } from './plan-editor.tsx';
import { PlanGoals } from './plan-goals.tsx';
import { PlanHistory } from './plan-history.tsx';
import { PlanReviews } from './plan-reviews.tsx';
import type { Plan } from './types.ts';
import './case-plan.css';

/** The case plan tab: the plan (or the way to draw it up), its approval and its reviews. */
export function CasePlanTab(props: CaseTabProps) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const { kase } = props;
  const plan = useApi<Plan>(`/api/cases/${kase.id}/plan`);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const missing = plan.error?.status === 404;
  const mayWrite = session.can('case_plan:write') && kase.status !== 'closure';
  const changed = (text: string) => {
    setMessage(text);
    plan.reload();
  };

  let body;
  if (plan.error && !plan.data && !missing) body = <LoadError error={plan.error} retry={plan.reload} />;
  else if (!plan.data && !missing) body = <Loading />;
  else if (editing)
    body = (
      <PlanEditor
        kase={kase}
        plan={plan.data}
        etag={plan.etag}
        onSaved={(saved, etag) => {
          plan.replace(saved, etag);
          setEditing(false);
          setMessage(t('casePlan.saved'));
        }}
        onCancel={() => setEditing(false)}
        onStale={() => {
          setEditing(false);
          plan.reload();
        }}
      />
    );
  else if (!plan.data)
    body = (
      <>
        <Empty>{t('casePlan.empty')}</Empty>
        {mayWrite && (
          <button type="button" class="button primary" onClick={() => setEditing(true)}>
            {t('casePlan.create')}
          </button>
        )}
      </>
    );
  else {
    const data = plan.data;
    const pending = data.approval.state === 'pending';
    body = (
      <>
        <p class="plan-meta muted">
          {t('casePlan.meta', {
            revision: data.revision,
            name: data.updatedBy?.displayName ?? '—',
            when: dateTime(data.updatedAt),
          })}
        </p>
        <PlanHistory caseId={kase.id} plan={data} />
        {mayWrite &&
          (pending ? (
            <p class="hint">{t('casePlan.edit.blocked')}</p>
          ) : (
            <button type="button" class="button secondary" onClick={() => setEditing(true)}>
              {t('casePlan.edit.open')}
            </button>
          ))}
        {data.goals.length === 0 ? <Empty>{t('casePlan.noGoals')}</Empty> : <PlanGoals plan={data} />}
        <RedactedDomains plan={data} />
        <PlanApproval
          caseId={kase.id}
          plan={data}
          etag={plan.etag}
          mayRequest={mayWrite}
          onChanged={changed}
          onStale={plan.reload}
        />
        <PlanReviews caseId={kase.id} plan={data} mayWrite={mayWrite} onAdded={changed} />
      </>
    );
  }

  return (
    <div class="panel" data-testid="plan-panel">
      <h2>{t('casePlan.title')}</h2>
      <StatusMessage message={message} />
      {body}
    </div>
  );
}
