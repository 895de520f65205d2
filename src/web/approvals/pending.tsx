import { APPROVAL_KINDS } from '../../server/approvals/vocabulary.ts';
import { FilteredQueue } from '../case-work/queue.tsx';
import { CaseWorkSection, ItemHead } from '../case-work/section.tsx';
import { useI18n } from '../i18n/context.tsx';
import { vocabularyOptions } from '../persons/vocabulary.ts';
import { ApprovalSummary } from './approval-summary.tsx';
import { decisionHref } from './links.ts';
import type { Approval } from './types.ts';

/**
 * A supervisor's queue (GET /api/approvals): the plan and closure requests of the cases her scope reaches
 * that wait for her decision, not her own, oldest first; each one opens where it is decided.
 */
export function PendingApprovals() {
  const { t } = useI18n();
  return (
    <FilteredQueue
      title={t('approvals.pending.title')}
      intro={t('approvals.pending.intro')}
      filter={{
        id: 'pending-kind',
        label: t('approvals.pending.filter'),
        options: vocabularyOptions(t, 'approvals.kind', APPROVAL_KINDS),
        all: t('approvals.pending.all'),
      }}
      list={(kind) => (
        <CaseWorkSection<Approval>
          key={kind}
          name="pending-approvals"
          title={t('approvals.pending.listTitle')}
          path="/api/approvals"
          query={{ kind }}
          paginated
          empty={t('approvals.pending.none')}
          item={(approval) => (
            <>
              <ItemHead
                title={
                  <a href={decisionHref(approval.caseId, approval.subjectType)}>
                    {t('approvals.pending.item', { number: approval.caseNumber, kind: approval.subjectType })}
                  </a>
                }
              />
              <ApprovalSummary approval={approval} />
            </>
          )}
          form={() => null}
        />
      )}
    />
  );
}
