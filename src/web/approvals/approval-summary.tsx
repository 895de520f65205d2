import type { MessageKey } from '../i18n/i18n.ts';
import { useI18n } from '../i18n/context.tsx';
import { Badge } from '../ui/page.tsx';
import type { Approval } from './types.ts';
import './approvals.css';

const BADGE = { pending: 'warn', approved: 'ok', rejected: 'muted' } as const;

export function ApprovalState(props: { state: Approval['state'] }) {
  const { t } = useI18n();
  return <Badge kind={BADGE[props.state]}>{t(`approvals.state.${props.state}` as MessageKey)}</Badge>;
}

/** One request and its decision: what was asked, by whom and when, and what the supervisor said. */
export function ApprovalSummary(props: { approval: Approval }) {
  const { t, dateTime } = useI18n();
  const { approval } = props;
  return (
    <div class="approval" data-testid="approval" data-state={approval.state}>
      <p class="approval-head">
        <strong>
          {approval.subjectType === 'plan'
            ? t('approvals.subject.plan', { revision: approval.subjectRevision ?? '' })
            : t('approvals.subject.closure')}
        </strong>{' '}
        <ApprovalState state={approval.state} />
      </p>
      <p>
        {t('approvals.requested', {
          name: approval.requestedBy?.displayName ?? '—',
          when: dateTime(approval.requestedAt),
        })}
      </p>
      {approval.requestComment && <blockquote class="reason">{approval.requestComment}</blockquote>}
      {approval.decidedAt && (
        <p>
          {t('approvals.decided', {
            decision: approval.state,
            name: approval.decidedBy?.displayName ?? '—',
            when: dateTime(approval.decidedAt),
          })}
        </p>
      )}
      {approval.comment && (
        <blockquote class="reason" data-testid="decision-comment">
          {approval.comment}
        </blockquote>
      )}
      {approval.usedAt && <p class="hint">{t('approvals.used', { when: dateTime(approval.usedAt) })}</p>}
    </div>
  );
}
