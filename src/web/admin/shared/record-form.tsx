import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import { useApi, type Resource } from '../../api/use-api.ts';
import { useT } from '../../i18n/context.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm, type FormState } from '../../ui/form.tsx';
import { LoadError, Loading, Page } from '../../ui/page.tsx';

interface Versioned {
  id: string;
  version: number;
}

export type Setter<V> = <K extends keyof V>(field: K) => (value: V[K]) => void;

/** A form's values in one object, and `set(field)` to give each field its onValue. */
export function useValues<V>(initial: V | (() => V)) {
  const [values, setValues] = useState<V>(initial);
  const set: Setter<V> = (field) => (value) => setValues((current) => ({ ...current, [field]: value }));
  return { values, set, setValues };
}

/**
 * The form of one record (`record.data`): its values, reset to what the server holds whenever a newer
 * version arrives, and the steps of a submission.
 */
export interface RecordForm<T, V> {
  record: Resource<T>;
  form: FormState;
  values: V;
  set: Setter<V>;
  /** The props binding a text or select field to `values[name]`: id, value, setter and error. */
  field: <K extends keyof V & string>(
    name: K,
  ) => { id: K; value: V[K]; onValue: (value: V[K]) => void; error: string | undefined };
  /** The props binding a checkbox to `values[name]`. */
  checkbox: <K extends keyof V & string>(
    name: K,
  ) => { id: K; checked: V[K]; onChecked: (value: V[K]) => void };
  saved: string | null;
  /** After a 412: the record changed meanwhile. */
  stale: boolean;
  /** A submit handler: clears the last "saved" message, then runs `action`. */
  onSubmit: (action: () => Promise<void> | void) => (event: Event) => Promise<void>;
  /** Shows the errors found before sending; true when there were any. */
  invalid: (errors: Record<string, string | false | undefined>) => boolean;
  /** PATCHes (If-Match) the fields of `next` that differ from `current`; nothing when none do. */
  update: (current: Record<string, unknown>, next: Record<string, unknown>) => Promise<void>;
}

export function useRecordForm<T extends Versioned, V>(
  record: Resource<T>,
  spec: {
    /** The API collection the record belongs to. */
    api: string;
    empty: V;
    valuesOf: (record: T) => V;
    savedMessage: string;
  },
): RecordForm<T, V> {
  const t = useT();
  const form = useForm();
  const { values, set, setValues } = useValues<V>(() =>
    record.data ? spec.valuesOf(record.data) : spec.empty,
  );
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (record.data) setValues(spec.valuesOf(record.data));
  }, [record.data?.id, record.data?.version]);

  return {
    record,
    form,
    values,
    set,
    field: (name) => ({ id: name, value: values[name], onValue: set(name), error: form.error(name) }),
    checkbox: (name) => ({ id: name, checked: values[name], onChecked: set(name) }),
    saved,
    stale: form.lastError?.kind === 'precondition-failed',
    onSubmit: (action) => async (event) => {
      event.preventDefault();
      setSaved(null);
      await action();
    },
    invalid: (found) => {
      const errors = Object.fromEntries(
        Object.entries(found).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      if (Object.keys(errors).length === 0) return false;
      form.setErrors(errors);
      return true;
    },
    update: async (current, next) => {
      const changes = changedFields(current, next);
      if (Object.keys(changes).length === 0) {
        setSaved(t('common.noChanges'));
        return;
      }
      const { id, version } = record.data!;
      const result = await form.submit(() =>
        api.patch<T>(`${spec.api}/${encodeURIComponent(id)}`, changes, record.etag ?? etagOfVersion(version)),
      );
      if (result) {
        if (result.data && typeof result.data === 'object') record.replace(result.data, result.etag);
        else record.reload();
        setSaved(spec.savedMessage);
      }
    },
  };
}

/**
 * An administration edit screen (`id` undefined: a new record): the record's form, what to show while it
 * loads, and its creation (POST, then on to the new record's screen).
 */
export function useRecordEditor<T extends Versioned, V>(spec: {
  api: string;
  /** The list screen; a record's screen is `${home}/<id>`. */
  home: string;
  id: string | undefined;
  empty: V;
  valuesOf: (record: T) => V;
  savedMessage: string;
}) {
  const { route } = useLocation();
  const isNew = spec.id === undefined;
  const record = useApi<T>(isNew ? null : `${spec.api}/${encodeURIComponent(spec.id!)}`);
  const editor = useRecordForm(record, spec);
  let pending: JSX.Element | null = null;
  if (!isNew && record.error && !record.data)
    pending = <LoadError error={record.error} retry={record.reload} />;
  else if (!isNew && !record.data) pending = <Loading />;

  return {
    ...editor,
    home: spec.home,
    isNew,
    /** Instead of the form while the record loads, or when it could not be loaded. */
    pending,
    create: async (body: Record<string, unknown>) => {
      const result = await editor.form.submit(() => api.post<T>(spec.api, body));
      if (result) route(result.data?.id ? `${spec.home}/${result.data.id}` : spec.home, true);
    },
  };
}

/**
 * An administration edit screen: the title, the way back to the list, and the record's form with
 * "create" (a new record) or "save" and "cancel" for those who may change it.
 */
export function RecordEditPage<T, V>(props: {
  editor: RecordForm<T, V> & { home: string; isNew: boolean };
  title: string;
  backLabel: string;
  createLabel: string;
  canManage: boolean;
  onSubmit: (event: Event) => void;
  children: ComponentChildren;
}) {
  const t = useT();
  const { editor } = props;
  return (
    <Page title={props.title}>
      <BackLink href={editor.home} label={props.backLabel} />
      <RecordFormPanel
        editor={editor}
        onSubmit={props.onSubmit}
        submitLabel={editor.isNew ? props.createLabel : t('common.save')}
        cancelHref={editor.home}
        canSubmit={props.canManage}
      >
        {props.children}
      </RecordFormPanel>
    </Page>
  );
}

/** A link back to the list, above the form. */
export function BackLink(props: { href: string; label: string }) {
  return (
    <p>
      <a href={props.href}>{props.label}</a>
    </p>
  );
}

/**
 * The form element of a record: the form-level error (offering to reload a record changed meanwhile), the
 * "saved" news, the fields, and the submit button (only for those who may change it).
 */
export function RecordFormPanel<T, V>(props: {
  editor: RecordForm<T, V>;
  onSubmit: (event: Event) => void;
  submitLabel: string;
  /** Where "cancel" goes; no cancel link when absent. */
  cancelHref?: string;
  canSubmit?: boolean;
  /** The id of the heading that names the form, when it is one panel among others. */
  labelledBy?: string;
  heading?: ComponentChildren;
  children: ComponentChildren;
}) {
  const t = useT();
  const { form, record } = props.editor;
  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={props.onSubmit}
      class="panel"
      aria-labelledby={props.labelledBy}
    >
      {props.heading}
      <FormStatus error={form.formError}>
        {props.editor.stale && (
          <button type="button" class="button secondary" onClick={record.reload}>
            {t('common.reloadRecord')}
          </button>
        )}
      </FormStatus>
      <StatusMessage message={props.editor.saved} />
      {props.children}
      {(props.canSubmit ?? true) && (
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={props.submitLabel} />
          {props.cancelHref && <a href={props.cancelHref}>{t('common.cancel')}</a>}
        </div>
      )}
    </form>
  );
}
