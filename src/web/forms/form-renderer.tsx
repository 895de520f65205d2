import type { ComponentChildren, JSX } from 'preact';
import {
  localised,
  type FormDefinition,
  type FormField,
  type FormSection,
} from '../../core/forms/definition.ts';
import { DEFAULT_MAX_LENGTH, validateSubmission, type SubmissionError } from '../../core/forms/validate.ts';
import type { FieldProblem } from '../api/client.ts';
import { useI18n, type I18n } from '../i18n/context.tsx';
import { startOfGuatemalaDay, type MessageKey } from '../i18n/i18n.ts';

/**
 * Renders any form definition (src/core/forms) in the reader's language, for answering or for reading.
 * Fields appear and disappear with their show_if conditions as answers change, computed by the same
 * validateSubmission the server runs. Errors come from that function and from the API's errors[]
 * (`body.answers.<key>`), merged with formErrors(). Screens using it load the 'forms' catalogue.
 */

export type RawAnswers = Record<string, unknown>;

export interface AnswerError {
  code: string;
  /** The server's own sentence, for codes this renderer does not know. */
  message?: string;
}

export interface FormRendererProps {
  definition: FormDefinition;
  answers: RawAnswers;
  /** Called with every change; absent (or readOnly) renders the answers for reading. */
  onAnswers?: (answers: RawAnswers) => void;
  readOnly?: boolean;
  /** Fields the reader is not cleared for (the API's `redacted`): shown as restricted, never editable. */
  redacted?: readonly string[];
  /** By field key: see formErrors(). */
  errors?: Record<string, AnswerError>;
  /** Prefix of element ids, so that two forms can share a page. */
  idPrefix?: string;
  /** Level of the section headings, to fit the screen's outline. */
  headingLevel?: 2 | 3 | 4;
}

const PREFIX = 'body.answers.';

/** Field errors by key: those of validateSubmission, then those the API answered with (body.answers.<key>). */
export function formErrors(
  local: readonly SubmissionError[] = [],
  server: readonly FieldProblem[] = [],
): Record<string, AnswerError> {
  const errors: Record<string, AnswerError> = {};
  for (const error of local) errors[error.field] ??= { code: error.code };
  for (const problem of server)
    if (problem.field.startsWith(PREFIX))
      errors[problem.field.slice(PREFIX.length)] ??= { code: problem.code, message: problem.message };
  return errors;
}

const ERROR_MESSAGES: Record<string, MessageKey> = {
  required: 'forms.error.required',
  unknown_field: 'forms.error.unknownField',
  wrong_type: 'forms.error.wrongType',
  unknown_option: 'forms.error.unknownOption',
  too_long: 'forms.error.tooLong',
  below_min: 'forms.error.belowMin',
  above_max: 'forms.error.aboveMax',
  not_integer: 'forms.error.notInteger',
  invalid_date: 'forms.error.invalidDate',
  not_cleared: 'forms.error.notCleared',
};

function errorText(i18n: I18n, field: FormField, error: AnswerError): string {
  const key = ERROR_MESSAGES[error.code];
  if (!key) return error.message ?? i18n.t('forms.error.invalid');
  const limit =
    error.code === 'too_long'
      ? (field.maxLength ?? DEFAULT_MAX_LENGTH[field.type as 'text' | 'textarea'])
      : error.code === 'below_min'
        ? field.min
        : field.max;
  return i18n.t(key, { limit: limit === undefined ? '' : i18n.number(limit) });
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

const RADIO_LIMIT = 7;

export function FormRenderer(props: FormRendererProps) {
  const i18n = useI18n();
  const redacted = new Set(props.redacted ?? []);
  const { shown } = validateSubmission(props.definition, props.answers, { draft: true, unknown: redacted });
  const editable = !props.readOnly && props.onAnswers !== undefined;
  const prefix = props.idPrefix ?? `form-${props.definition.key}`;
  const set = (key: string, value: unknown) => {
    const next = Object.fromEntries(Object.entries(props.answers).filter(([k]) => k !== key));
    props.onAnswers?.(isEmpty(value) ? next : { ...next, [key]: value });
  };
  return (
    <div class="form-renderer">
      {props.definition.sections.map((section) => {
        const fields = section.fields.filter((f) => shown.has(f.key));
        if (fields.length === 0) return null;
        const context: FieldContext = {
          i18n,
          prefix,
          answers: props.answers,
          errors: props.errors ?? {},
          redacted,
          set,
        };
        return (
          <Section key={section.key} section={section} prefix={prefix} level={props.headingLevel ?? 3}>
            {editable ? (
              fields.map((field) => <FieldInput key={field.key} field={field} context={context} />)
            ) : (
              <dl class="form-answers">
                {fields.map((field) => (
                  <FieldValue key={field.key} field={field} context={context} />
                ))}
              </dl>
            )}
          </Section>
        );
      })}
    </div>
  );
}

function Section(props: {
  section: FormSection;
  prefix: string;
  level: 2 | 3 | 4;
  children: ComponentChildren;
}) {
  const { locale } = useI18n();
  const Heading = `h${props.level}` as 'h3';
  const id = `${props.prefix}-section-${props.section.key}`;
  return (
    <section class="form-section" aria-labelledby={id}>
      <Heading id={id}>{localised(props.section.title, locale)}</Heading>
      {props.section.help && <p class="hint">{localised(props.section.help, locale)}</p>}
      {props.children}
    </section>
  );
}

interface FieldContext {
  i18n: I18n;
  prefix: string;
  answers: RawAnswers;
  errors: Record<string, AnswerError>;
  redacted: Set<string>;
  set: (key: string, value: unknown) => void;
}

const optionLabel = (field: FormField, value: unknown, locale: string) => {
  const option = field.options?.find((o) => o.value === value);
  return option ? localised(option.label, locale) : String(value);
};

/** The text of an answer, for reading. */
function answerText(field: FormField, value: unknown, i18n: I18n): string {
  const { t, locale } = i18n;
  switch (field.type) {
    case 'boolean':
      return value === true ? t('forms.yes') : t('forms.no');
    case 'single_choice':
      return optionLabel(field, value, locale);
    case 'multi_choice':
      return new Intl.ListFormat(locale, { type: 'conjunction' }).format(
        (Array.isArray(value) ? value : [value]).map((v) => optionLabel(field, v, locale)),
      );
    case 'date':
      return typeof value === 'string' ? i18n.date(startOfGuatemalaDay(value)) : String(value);
    case 'number':
      return typeof value === 'number' ? i18n.number(value) : String(value);
    case 'scale':
      return t('forms.scale.value', { value: String(value), max: field.max ?? '' });
    default:
      return String(value);
  }
}

function FieldValue(props: { field: FormField; context: FieldContext }) {
  const { field, context } = props;
  const { i18n } = context;
  const value = context.answers[field.key];
  let shown: JSX.Element;
  if (context.redacted.has(field.key)) shown = <span class="restricted">{i18n.t('forms.restricted')}</span>;
  else if (isEmpty(value)) shown = <span class="not-answered">{i18n.t('forms.notAnswered')}</span>;
  else shown = <span class="answer">{answerText(field, value, i18n)}</span>;
  return (
    <>
      <dt>{localised(field.label, i18n.locale)}</dt>
      <dd>{shown}</dd>
    </>
  );
}

/** Ids of a field's parts and what describes its control (help, scale ends, error). */
function partsOf(field: FormField, context: FieldContext) {
  const id = `${context.prefix}-${field.key}`;
  const error = context.errors[field.key];
  const hasScaleEnds = field.type === 'scale';
  const describedBy =
    [field.help && `${id}-help`, hasScaleEnds && `${id}-ends`, error && `${id}-error`]
      .filter(Boolean)
      .join(' ') || undefined;
  return { id, error, describedBy };
}

function Label(props: { field: FormField; locale: string; optional: string }) {
  return (
    <>
      {localised(props.field.label, props.locale)}
      {!props.field.required && (
        <>
          {' '}
          <span class="optional">{props.optional}</span>
        </>
      )}
    </>
  );
}

function Describe(props: { field: FormField; id: string; context: FieldContext; error?: AnswerError }) {
  const { field, id, context } = props;
  const { i18n } = context;
  return (
    <>
      {field.help && (
        <p class="hint" id={`${id}-help`}>
          {localised(field.help, i18n.locale)}
        </p>
      )}
      {field.type === 'scale' && (
        <p class="hint" id={`${id}-ends`}>
          {field.minLabel && field.maxLabel
            ? i18n.t('forms.scale.ends', {
                min: field.min,
                max: field.max,
                minLabel: localised(field.minLabel, i18n.locale),
                maxLabel: localised(field.maxLabel, i18n.locale),
              })
            : i18n.t('forms.scale.range', { min: field.min, max: field.max })}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {errorText(i18n, field, props.error)}
        </p>
      )}
    </>
  );
}

function FieldInput(props: { field: FormField; context: FieldContext }) {
  const { field, context } = props;
  const { i18n } = context;
  const { id, error, describedBy } = partsOf(field, context);
  const value = context.answers[field.key];
  const label = <Label field={field} locale={i18n.locale} optional={i18n.t('forms.optional')} />;
  const invalid = error ? ('true' as const) : undefined;

  if (context.redacted.has(field.key))
    return (
      <div class="field field-restricted">
        <p class="label" id={id}>
          {localised(field.label, i18n.locale)}
        </p>
        <p class="restricted">{i18n.t('forms.restricted')}</p>
      </div>
    );

  const choices = choicesOf(field, i18n);
  if (choices && (field.type !== 'single_choice' || choices.length <= RADIO_LIMIT)) {
    const multiple = field.type === 'multi_choice';
    const chosen = multiple ? (Array.isArray(value) ? value : []) : [value];
    const toggle = (optionValue: unknown, checked: boolean) => {
      if (!multiple) return context.set(field.key, optionValue);
      const next = checked ? [...chosen, optionValue] : chosen.filter((v) => v !== optionValue);
      context.set(
        field.key,
        choices.map((c) => c.value).filter((v) => next.includes(v)),
      );
    };
    return (
      <fieldset
        id={id}
        class={error ? 'fieldset choices has-error' : 'fieldset choices'}
        role={multiple ? undefined : 'radiogroup'}
        aria-describedby={describedBy}
        aria-required={!multiple && field.required ? 'true' : undefined}
      >
        <legend>{label}</legend>
        <Describe field={field} id={id} context={context} error={error} />
        {choices.map((choice, index) => {
          const optionId = `${id}-${index}`;
          return (
            <div class="checkbox" key={String(choice.value)}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                id={optionId}
                name={id}
                checked={chosen.includes(choice.value)}
                aria-invalid={invalid}
                onChange={(event) => toggle(choice.value, event.currentTarget.checked)}
              />
              <label for={optionId}>{choice.label}</label>
            </div>
          );
        })}
        {!multiple && !field.required && !isEmpty(value) && (
          <button type="button" class="button link" onClick={() => context.set(field.key, undefined)}>
            {i18n.t('forms.clearAnswer')}
          </button>
        )}
      </fieldset>
    );
  }

  const common = {
    id,
    name: id,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    'aria-required': field.required ? ('true' as const) : undefined,
  };
  let control: JSX.Element;
  if (choices)
    control = (
      <select
        {...common}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => context.set(field.key, event.currentTarget.value)}
      >
        <option value="">{i18n.t('forms.choose')}</option>
        {choices.map((choice) => (
          <option key={String(choice.value)} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  else if (field.type === 'textarea')
    control = (
      <textarea
        {...common}
        rows={4}
        maxLength={field.maxLength ?? DEFAULT_MAX_LENGTH.textarea}
        value={typeof value === 'string' ? value : ''}
        onInput={(event) => context.set(field.key, event.currentTarget.value)}
      />
    );
  else if (field.type === 'number')
    control = (
      <input
        {...common}
        type="number"
        inputMode={field.integer ? 'numeric' : 'decimal'}
        min={field.min}
        max={field.max}
        step={field.integer ? 1 : 'any'}
        value={typeof value === 'number' ? String(value) : ''}
        onInput={(event) => {
          const text = event.currentTarget.value;
          context.set(field.key, text === '' ? undefined : Number(text));
        }}
      />
    );
  else
    control = (
      <input
        {...common}
        type={field.type === 'date' ? 'date' : 'text'}
        maxLength={field.type === 'text' ? (field.maxLength ?? DEFAULT_MAX_LENGTH.text) : undefined}
        value={typeof value === 'string' ? value : ''}
        onInput={(event) => context.set(field.key, event.currentTarget.value)}
      />
    );
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      <Describe field={field} id={id} context={context} error={error} />
      {control}
    </div>
  );
}

/** The choices of a field answered by picking: options, yes/no, or the points of a scale. */
function choicesOf(field: FormField, i18n: I18n): Array<{ value: unknown; label: string }> | null {
  switch (field.type) {
    case 'single_choice':
    case 'multi_choice':
      return (field.options ?? []).map((o) => ({ value: o.value, label: localised(o.label, i18n.locale) }));
    case 'boolean':
      return [
        { value: true, label: i18n.t('forms.yes') },
        { value: false, label: i18n.t('forms.no') },
      ];
    case 'scale': {
      const points: Array<{ value: unknown; label: string }> = [];
      for (let point = field.min ?? 1; point <= (field.max ?? 5); point++)
        points.push({ value: point, label: i18n.number(point) });
      return points;
    }
    default:
      return null;
  }
}
