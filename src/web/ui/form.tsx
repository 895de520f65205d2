import { useCallback, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.ts';
import { useI18n, useT } from '../i18n/context.tsx';
import type { MessageKey, MessageValues } from '../i18n/i18n.ts';

type T = (key: MessageKey, values?: MessageValues) => string;

// The API explains these refusals in Spanish more precisely than a generic sentence can.
const SPECIFIC = new Set(['forbidden', 'conflict', 'not-found']);

/** The sentence to show for a failed request, in the user's language. */
export function problemMessage(error: unknown, t: T, locale?: string): string {
  if (!(error instanceof ApiError)) return t('common.error.unexpected');
  if (locale === 'es-GT' && SPECIFIC.has(error.kind) && error.problem.detail) return error.problem.detail;
  switch (error.kind) {
    case 'network':
      return t('common.error.network');
    case 'validation':
      return error.problem.errors?.length ? t('common.error.validation') : t('common.error.invalid');
    case 'precondition-failed':
    case 'precondition-required':
      return t('common.error.stale');
    case 'forbidden':
      return t('common.error.forbidden');
    case 'not-found':
      return t('common.error.notFound');
    case 'unauthenticated':
      return t('common.error.sessionEnded');
    case 'csrf-token-invalid':
      return t('common.error.csrf');
    case 'too-many-attempts':
      return t('common.error.tooManyAttempts', {
        minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)),
      });
    case 'link-expired':
      return t('common.error.linkExpired');
    case 'payload-too-large':
      return t('common.error.tooLarge');
    case 'unavailable':
      return t('common.error.unavailable');
    case 'internal-error':
      return t('common.error.server', { requestId: error.problem.requestId ?? '' });
    default:
      return error.problem.detail ?? t('common.error.unexpected');
  }
}

const FIELD_CODES: Record<string, MessageKey> = {
  too_short: 'common.field.passwordTooShort',
  too_long: 'common.field.tooLong',
  too_common: 'common.field.passwordTooCommon',
  contains_username: 'common.field.passwordContainsUsername',
};

/** Field errors from the API, by field name; known password-policy codes in the user's language. */
export function fieldMessages(error: unknown, t: T): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages: Record<string, string> = {};
  for (const [field, problem] of Object.entries(error.fieldErrors)) {
    const key = FIELD_CODES[problem.code];
    messages[field] = key ? t(key, { min: 12 }) : problem.message;
  }
  return messages;
}

export interface FormState {
  busy: boolean;
  formError: string | null;
  errors: Record<string, string>;
  /** The error of a field, or of any nested field under it ("roles" covers "roles.0.key"). */
  error: (field: string) => string | undefined;
  setErrors: (errors: Record<string, string>, formError?: string | null) => void;
  /**
   * Runs a submission: clears errors, marks busy, and on failure shows the API's form and field errors
   * (focusing the first invalid field). Returns the result, or undefined when it failed.
   */
  submit: <R>(action: () => Promise<R>) => Promise<R | undefined>;
  formRef: { current: HTMLFormElement | null };
  /** Test for the last failure, e.g. to offer "reload" after a 412 */
  lastError: ApiError | null;
}

export function useForm(): FormState {
  const { t, locale } = useI18n();
  const formRef = useRef<HTMLFormElement | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrorsState] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [lastError, setLastError] = useState<ApiError | null>(null);

  const focusFirstInvalid = useCallback(() => {
    setTimeout(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>(
        '[aria-invalid="true"], .fieldset.has-error input',
      );
      invalid?.focus();
    }, 0);
  }, []);

  const setErrors = useCallback(
    (next: Record<string, string>, nextFormError: string | null = null) => {
      setErrorsState(next);
      const hasFieldErrors = Object.keys(next).length > 0;
      setFormError(nextFormError ?? (hasFieldErrors ? t('common.error.validation') : null));
      if (hasFieldErrors) focusFirstInvalid();
    },
    [t, focusFirstInvalid],
  );

  const submit = useCallback(
    async <R,>(action: () => Promise<R>): Promise<R | undefined> => {
      setBusy(true);
      setErrorsState({});
      setFormError(null);
      setLastError(null);
      try {
        return await action();
      } catch (error) {
        setLastError(error instanceof ApiError ? error : null);
        setErrors(fieldMessages(error, t), problemMessage(error, t, locale));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [t, locale, setErrors],
  );

  const error = useCallback(
    (field: string) =>
      errors[field] ?? Object.entries(errors).find(([name]) => name.startsWith(`${field}.`))?.[1],
    [errors],
  );

  return { busy, formError, errors, error, setErrors, submit, formRef, lastError };
}

/** The form-level message, in a live region that is always present so screen readers announce it. */
export function FormStatus(props: { error: string | null; children?: ComponentChildren }) {
  return (
    <div class="form-status" role="alert" aria-atomic="true">
      {props.error && (
        <div class="alert alert-error">
          <p>{props.error}</p>
          {props.children}
        </div>
      )}
    </div>
  );
}

/** The form-level error of `form`; after a stale version (412), with "reload the record" when `onReload` is given. */
export function FormProblem(props: { form: FormState; onReload?: () => void }) {
  const t = useT();
  const stale = props.form.lastError?.kind === 'precondition-failed';
  return (
    <FormStatus error={props.form.formError}>
      {stale && props.onReload && (
        <button type="button" class="button secondary" onClick={props.onReload}>
          {t('common.reloadRecord')}
        </button>
      )}
    </FormStatus>
  );
}

/** A list's search form: its filter fields and one button ("search" unless `submitLabel`) applying them. */
export function SearchForm(props: {
  label: string;
  onSubmit: (event: Event) => void;
  submitLabel?: string;
  children: ComponentChildren;
}) {
  const t = useT();
  return (
    <form class="filters" role="search" aria-label={props.label} onSubmit={props.onSubmit}>
      {props.children}
      <div class="form-actions">
        <button type="submit" class="button secondary">
          {props.submitLabel ?? t('common.search')}
        </button>
      </div>
    </form>
  );
}

/** Success or progress news, announced politely. */
export function StatusMessage(props: { message: string | null; kind?: 'success' | 'info' }) {
  return (
    <div class="status-region" role="status" aria-atomic="true">
      {props.message && <p class={`alert alert-${props.kind ?? 'success'}`}>{props.message}</p>}
    </div>
  );
}

export function SubmitButton(props: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  kind?: 'primary' | 'danger';
}) {
  const t = useT();
  return (
    <button
      type="submit"
      class={`button ${props.kind ?? 'primary'}`}
      disabled={props.busy}
      aria-disabled={props.busy}
    >
      {props.busy ? (props.busyLabel ?? t('common.working')) : props.label}
    </button>
  );
}
