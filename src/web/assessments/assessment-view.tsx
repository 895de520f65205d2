import { localised } from '../../core/forms/definition.ts';
import type { ApiResult } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { FormRenderer } from '../forms/form-renderer.tsx';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { LoadError, Loading } from '../ui/page.tsx';
import { AnswerForm } from './answer-form.tsx';
import { useDefinition } from './definitions.ts';
import { StatusBadge } from './status-badge.tsx';
import type { Assessment } from './types.ts';

/**
 * One assessment with the form version it was made with: a draft is continued by those who write
 * assessments; a completed one (or any, for readers) is read. Answers the reader is not cleared for are
 * shown as restricted, never as unanswered.
 */
export function AssessmentView(props: {
  caseId: string;
  id: string;
  caseOpen: boolean;
  onSaved: (result: ApiResult<Assessment>) => void;
  onBack: () => void;
}) {
  const { t, locale, dateTime } = useI18n();
  const session = useSession();
  const record = useApi<Assessment>(`/api/cases/${props.caseId}/assessments/${props.id}`);
  const assessment = record.data;
  const definition = useDefinition(assessment?.formKey ?? null, assessment?.formVersion);
  const error = (record.error && !assessment && record.error) || definition.error;
  if (error) return <LoadError error={error} retry={record.error ? record.reload : definition.reload} />;
  if (!assessment || !definition.data) return <Loading />;
  const editable = assessment.status === 'draft' && props.caseOpen && session.can('assessment:write');

  return (
    <section aria-labelledby="assessment-title" data-testid="assessment-view">
      <button type="button" class="link-button" onClick={props.onBack}>
        {t('assessments.back')}
      </button>
      <h2 id="assessment-title">{localised(assessment.formTitle, locale)}</h2>
      <p class="assessment-meta">
        <StatusBadge status={assessment.status} />
        <span data-testid="assessment-version">
          {t('assessments.version', { version: assessment.formVersion })}
        </span>
        <span>
          {t('assessments.createdBy', {
            name: assessment.createdBy?.displayName ?? '—',
            when: dateTime(assessment.createdAt),
          })}
        </span>
        {assessment.completedAt && (
          <span>
            {t('assessments.completedBy', {
              name: assessment.completedBy?.displayName ?? '—',
              when: dateTime(assessment.completedAt),
            })}
          </span>
        )}
      </p>
      {assessment.redacted.length > 0 && (
        <p class="alert alert-info" data-testid="assessment-redacted">
          {t('assessments.redacted', { count: assessment.redacted.length })}
        </p>
      )}
      {editable ? (
        <AnswerForm
          key={assessment.version}
          caseId={props.caseId}
          definition={definition.data}
          draft={{ assessment, etag: record.etag }}
          redacted={assessment.redacted}
          onSaved={(result) => {
            record.replace(result.data, result.etag);
            props.onSaved(result);
          }}
          onStale={record.reload}
          onCancel={props.onBack}
        />
      ) : (
        <FormRenderer
          definition={definition.data}
          answers={assessment.answers}
          redacted={assessment.redacted}
          readOnly
          headingLevel={3}
        />
      )}
    </section>
  );
}
