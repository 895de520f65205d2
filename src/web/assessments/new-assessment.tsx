import { localised } from '../../core/forms/definition.ts';
import type { ApiResult } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { LoadError, Loading } from '../ui/page.tsx';
import { AnswerForm } from './answer-form.tsx';
import { useDefinition, useUnclearedFields } from './definitions.ts';
import type { Assessment } from './types.ts';

/** A new assessment with the current version of the chosen form. */
export function NewAssessment(props: {
  caseId: string;
  formKey: string;
  onSaved: (result: ApiResult<Assessment>) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const definition = useDefinition(props.formKey);
  const uncleared = useUnclearedFields(definition.data);
  if (definition.error) return <LoadError error={definition.error} retry={definition.reload} />;
  if (!definition.data) return <Loading />;
  const form = definition.data;
  return (
    <section aria-labelledby="assessment-title">
      <h2 id="assessment-title">{localised(form.title, locale)}</h2>
      <p class="muted">{t('assessments.newOf', { version: form.version })}</p>
      {form.help && <p class="hint">{localised(form.help, locale)}</p>}
      <AnswerForm
        caseId={props.caseId}
        definition={form}
        redacted={uncleared}
        onSaved={props.onSaved}
        onCancel={props.onCancel}
      />
    </section>
  );
}
