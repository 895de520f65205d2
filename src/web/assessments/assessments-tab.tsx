import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { listUrl } from '../admin/lookups.ts';
import type { ApiResult } from '../api/client.ts';
import type { CaseTabProps } from '../cases/case-tabs.ts';
import { useI18n } from '../i18n/context.tsx';
import { StatusMessage } from '../ui/form.tsx';
import { AssessmentList } from './assessment-list.tsx';
import { AssessmentView } from './assessment-view.tsx';
import { NewAssessment } from './new-assessment.tsx';
import type { Assessment } from './types.ts';
import './assessments.css';

/**
 * The case's assessments (`?tab=assessments`): the list, a new one with the chosen form (`&form=key`),
 * or one assessment (`&assessment=id`): a draft to continue, or a completed one to read with its version.
 */
export function AssessmentsTab(props: CaseTabProps) {
  const { t } = useI18n();
  const { query, route } = useLocation();
  const { kase } = props;
  const [message, setMessage] = useState<string | null>(null);
  const go = (params: Record<string, string | undefined>) =>
    route(listUrl(`/cases/${kase.id}`, { tab: 'assessments', ...params }));
  const open = (id: string) => go({ assessment: id });
  const saved = (result: ApiResult<Assessment>) => {
    setMessage(t('assessments.saved', { status: result.data.status }));
    open(result.data.id);
  };
  const back = () => {
    setMessage(null);
    go({});
  };
  // Editing stays possible only while the case is open (the server refuses otherwise).
  const caseOpen = kase.status !== 'closure';

  return (
    <div class="panel assessments-panel" data-testid="assessments-panel">
      <StatusMessage message={message} />
      {query.assessment ? (
        <AssessmentView
          key={query.assessment}
          caseId={kase.id}
          id={query.assessment}
          caseOpen={caseOpen}
          onSaved={saved}
          onBack={back}
        />
      ) : query.form ? (
        <NewAssessment
          key={query.form}
          caseId={kase.id}
          formKey={query.form}
          onSaved={saved}
          onCancel={back}
        />
      ) : (
        <AssessmentList
          caseId={kase.id}
          caseOpen={caseOpen}
          onNew={(formKey) => {
            setMessage(null);
            go({ form: formKey });
          }}
        />
      )}
    </div>
  );
}
