import { useState } from 'preact/hooks';
import { APPROVAL_KINDS } from '../../server/approvals/vocabulary.ts';
import { CaseWorkSection, ItemHead } from '../case-work/section.tsx';
import { useI18n } from '../i18n/context.tsx';
import { vocabularyOptions } from '../persons/vocabulary.ts';
import { SelectField } from '../ui/fields.tsx';
import { Page } from '../ui/page.tsx';
import { ApprovalSummary } from './approval-summary.tsx';
import { decisionHref } from './links.ts';
import type { Approval } from './types.ts';
import '../case-work/case-work.css';

/**
 * A supervisor's queue (GET /api/approvals): the plan and closure requests of the cases her scope reaches
 * that wait for her decision, not her own, oldest first; each one opens where it is decided.
 */
export function PendingApprovals() {
  const { t } = useI18n();
  const [kind, setKind] = useState('');
  return (
    <Page title={t('approvals.pending.title')}>
      <p class="hint">{t('approvals.pending.intro')}</p>
      <div class="status-filter">
        <SelectField
          id="pending-kind"
          label={t('approvals.pending.filter')}
          value={kind}
          onValue={setKind}
          options={vocabularyOptions(t, 'approvals.kind', APPROVAL_KINDS)}
          placeholder={t('approvals.pending.all')}
          filter
        />
      </div>
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
    </Page>
  );
}
