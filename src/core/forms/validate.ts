import { fieldsOf, type Condition, type FormDefinition, type FormField } from './definition.ts';

/**
 * THE validation of answers against a form definition, run by the server on every write and by the
 * browser's form renderer as the user types: one function, so both sides agree on what is valid.
 */

export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;

export const SUBMISSION_ERROR_CODES = [
  'required',
  'unknown_field',
  'wrong_type',
  'unknown_option',
  'too_long',
  'below_min',
  'above_max',
  'not_integer',
  'invalid_date',
] as const;
export type SubmissionErrorCode = (typeof SUBMISSION_ERROR_CODES)[number];

export interface SubmissionError {
  /** The field's key in the definition. */
  field: string;
  code: SubmissionErrorCode;
  /** The bound broken by too_long, below_min and above_max. */
  limit?: number;
}

export interface Submission {
  /** The answers to keep: shown fields with a valid value; hidden and empty ones are dropped. */
  answers: Answers;
  errors: SubmissionError[];
  /** Keys of the fields shown for these answers (their section and their own show_if hold). */
  shown: Set<string>;
}

export interface ValidateOptions {
  /** A draft may leave required fields empty; everything present is still checked. */
  draft?: boolean;
  /**
   * Fields whose answers the caller cannot know (redacted for this reader): a condition on one of them is
   * taken to hold, so what depends on it stays visible. The server never passes this.
   */
  unknown?: ReadonlySet<string>;
}

export const DEFAULT_MAX_LENGTH = { text: 500, textarea: 10_000 } as const;

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** Whether a show_if condition holds for the answers kept so far. */
export function conditionHolds(
  condition: Condition,
  answers: Answers,
  unknown: ReadonlySet<string> = new Set(),
): boolean {
  if (unknown.has(condition.field)) return true;
  const value = answers[condition.field];
  if (value === undefined) return false;
  if ('isTrue' in condition) return value === true;
  const wanted: Array<string | number | boolean> = 'equals' in condition ? [condition.equals] : condition.in;
  if (Array.isArray(value)) return value.some((v) => wanted.includes(v));
  return wanted.includes(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (value: string) =>
  ISO_DATE.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

type Checked = { value: AnswerValue } | { code: SubmissionErrorCode; limit?: number };

function checkBounds(field: FormField, value: number): Checked {
  if (field.min !== undefined && value < field.min) return { code: 'below_min', limit: field.min };
  if (field.max !== undefined && value > field.max) return { code: 'above_max', limit: field.max };
  return { value };
}

function checkValue(field: FormField, raw: unknown): Checked {
  const options = new Set((field.options ?? []).map((o) => o.value));
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof raw !== 'string') return { code: 'wrong_type' };
      const limit = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
      const value = raw.trim();
      return value.length > limit ? { code: 'too_long', limit } : { value };
    }
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { code: 'wrong_type' };
      if (field.integer && !Number.isInteger(raw)) return { code: 'not_integer' };
      return checkBounds(field, raw);
    case 'scale':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { code: 'wrong_type' };
      if (!Number.isInteger(raw)) return { code: 'not_integer' };
      return checkBounds(field, raw);
    case 'date':
      if (typeof raw !== 'string') return { code: 'wrong_type' };
      return isCalendarDate(raw) ? { value: raw } : { code: 'invalid_date' };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { code: 'wrong_type' };
    case 'single_choice':
      if (typeof raw !== 'string') return { code: 'wrong_type' };
      return options.has(raw) ? { value: raw } : { code: 'unknown_option' };
    case 'multi_choice': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return { code: 'wrong_type' };
      const chosen = raw as string[];
      if (chosen.some((v) => !options.has(v))) return { code: 'unknown_option' };
      // Kept in the definition's order, once each.
      return { value: [...options].filter((v) => chosen.includes(v)) };
    }
  }
}

/**
 * Validates answers against a definition. Fields hidden by show_if (their own or their section's) are
 * dropped whatever they hold; a required field is missing only when shown (and never in a draft); an
 * answer is checked against its field's type, options and bounds; a key the form does not define is an error.
 * Conditions refer to fields defined before them (checked when a definition is loaded), so one pass suffices.
 */
export function validateSubmission(
  definition: FormDefinition,
  answers: Record<string, unknown>,
  options: ValidateOptions = {},
): Submission {
  const errors: SubmissionError[] = [];
  const kept: Answers = {};
  const shown = new Set<string>();
  const known = new Set(fieldsOf(definition).map((f) => f.key));
  for (const key of Object.keys(answers))
    if (!known.has(key) && !isEmpty(answers[key])) errors.push({ field: key, code: 'unknown_field' });
  for (const section of definition.sections) {
    if (section.showIf && !conditionHolds(section.showIf, kept, options.unknown)) continue;
    for (const field of section.fields) {
      if (field.showIf && !conditionHolds(field.showIf, kept, options.unknown)) continue;
      shown.add(field.key);
      const raw = Object.hasOwn(answers, field.key) ? answers[field.key] : undefined;
      if (isEmpty(raw)) {
        if (field.required && !options.draft) errors.push({ field: field.key, code: 'required' });
        continue;
      }
      const checked = checkValue(field, raw);
      if ('value' in checked) kept[field.key] = checked.value;
      else errors.push({ field: field.key, ...checked });
    }
  }
  return { answers: kept, errors, shown };
}
