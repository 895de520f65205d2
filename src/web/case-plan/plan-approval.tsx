import { ApprovalState, ApprovalSummary } from '../approvals/approval-summary.tsx';
import { DecisionForm } from '../approvals/decision-form.tsx';
import { RequestApproval } from '../approvals/request-form.tsx';
import type { Approval } from '../approvals/types.ts';
import { useI18n } from '../i18n/context.tsx';
import type { Plan } from './types.ts';

/**
 * The approval of the plan's current version: ask for it (on the version read, If-Match), see it wait,
 * decide it (a supervisor other than the one who asked), or read the decision and its comment.
 */
export function PlanApproval(props: {
  caseId: string;
  plan: Plan;
  etag: string | null;
  mayRequest: boolean;
  onChanged: (message: string) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { plan } = props;
  const { approval } = plan;
  const current = approval.current as Approval | null;
  const canAsk = props.mayRequest && (approval.state === 'none' || approval.state === 'rejected');
  return (
    <section aria-labelledby="plan-approval-title" class="subsection" data-testid="plan-approval">
      <h3 id="plan-approval-title">{t('casePlan.approval.title')}</h3>
      <p class="plan-meta">
        {t('casePlan.approval.of', { revision: plan.revision })}{' '}
        {approval.state === 'none' ? (
          <span class="muted">{t('casePlan.approval.none')}</span>
        ) : (
          <ApprovalState state={approval.state} />
        )}
      </p>
      {approval.state === 'none' && approval.approvedRevision !== null && (
        <p class="hint">{t('casePlan.approval.revised', { revision: approval.approvedRevision })}</p>
      )}
      {current && <ApprovalSummary approval={current} />}
      {current?.state === 'pending' && (
        <DecisionForm
          approval={current}
          onDecided={(decided) => props.onChanged(t('approvals.decide.done', { decision: decided.state }))}
        />
      )}
      {canAsk && (
        <RequestApproval
          id="plan-approval-request"
          path={`/api/cases/${props.caseId}/plan/approval-requests`}
          ifMatch={props.etag}
          title={t('casePlan.approval.request')}
          hint={t('casePlan.approval.requestHint')}
          submitLabel={t('casePlan.approval.submit')}
          onRequested={() => props.onChanged(t('casePlan.approval.requested'))}
          onStale={props.onStale}
        />
      )}
    </section>
  );
}
