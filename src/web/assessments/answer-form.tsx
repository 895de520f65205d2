import { useState } from 'preact/hooks';
import type { FormDefinition } from '../../core/forms/definition.ts';
import { validateSubmission, type SubmissionError } from '../../core/forms/validate.ts';
import { api, type ApiResult } from '../api/client.ts';
import { FormRenderer, formErrors, type RawAnswers } from '../forms/form-renderer.tsx';
import { useI18n } from '../i18n/context.tsx';
import { FormProblem, useForm } from '../ui/form.tsx';
import type { Assessment } from './types.ts';

type Status = 'draft' | 'completed';

/**
 * Answers a form: kept as a draft (required answers may wait) or completed (then closed to changes).
 * The same validation the server runs checks the answers first; the server's own errors land on their
 * fields too. A draft already saved is changed on the version read (If-Match).
 */
export function AnswerForm(props: {
  caseId: string;
  definition: FormDefinition;
  /** The saved draft being continued, with its ETag; absent for a new assessment. */
  draft?: { assessment: Assessment; etag: string | null };
  redacted: readonly string[];
  onSaved: (result: ApiResult<Assessment>) => void;
  onStale?: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useForm();
  const saved = props.draft?.assessment;
  const [answers, setAnswers] = useState<RawAnswers>(() => ({ ...(saved?.answers ?? {}) }));
  const [local, setLocal] = useState<readonly SubmissionError[]>([]);
  const [pending, setPending] = useState<Status | null>(null);
  const hidden = new Set(props.redacted);

  const save = async (status: Status) => {
    const check = validateSubmission(props.definition, answers, {
      draft: status === 'draft',
      unknown: hidden,
    });
    const errors = check.errors.filter((error) => !hidden.has(error.field));
    setLocal(errors);
    if (errors.length > 0) {
      form.setErrors(Object.fromEntries(errors.map((e) => [`answers.${e.field}`, e.code])));
      return;
    }
    setPending(status);
    const result = await form.submit(() => {
      if (!saved)
        return api.post<Assessment>(`/api/cases/${props.caseId}/assessments`, {
          formKey: props.definition.key,
          formVersion: props.definition.version,
          answers: check.answers,
          status,
        });
      // Answers removed since the draft was read are sent as null; the server keeps the others.
      const removed = Object.keys(saved.answers).filter((key) => !(key in check.answers));
      return api.patch<Assessment>(
        `/api/cases/${props.caseId}/assessments/${saved.id}`,
        { answers: { ...check.answers, ...Object.fromEntries(removed.map((k) => [k, null])) }, status },
        props.draft!.etag,
      );
    });
    setPending(null);
    if (result) props.onSaved(result);
  };

  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save('draft');
      }}
      data-testid="assessment-form"
    >
      <FormProblem form={form} onReload={props.onStale} />
      <FormRenderer
        definition={props.definition}
        answers={answers}
        onAnswers={setAnswers}
        redacted={props.redacted}
        errors={formErrors(local, form.lastError?.problem.errors)}
        headingLevel={3}
      />
      <div class="form-actions">
        <button type="submit" class="button secondary" disabled={form.busy}>
          {pending === 'draft' ? t('common.working') : t('assessments.saveDraft')}
        </button>
        <button type="button" class="button primary" disabled={form.busy} onClick={() => save('completed')}>
          {pending === 'completed' ? t('common.working') : t('assessments.complete')}
        </button>
        <button type="button" class="link-button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <p class="hint">{t('assessments.completeHint')}</p>
    </form>
  );
}
