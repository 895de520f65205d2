import { api, changedFields, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useValues } from '../admin/shared/record-form.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { Checkbox, SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { LANGUAGE_FAMILIES, type ExtensibleList, type ReferenceEntry, type ReferenceList } from './types.ts';

/** One entry's names and active flag, changed with If-Match (PATCH /api/reference/:list/:code). */
export function EditEntryForm(props: {
  list: ReferenceList;
  entry: ReferenceEntry;
  onSaved: (entry: ReferenceEntry) => void;
  onStale: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useForm();
  const { entry } = props;
  const { values, set } = useValues({ nameEs: entry.nameEs, nameEn: entry.nameEn, active: entry.active });
  const titleId = 'reference-edit-title';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const next = { nameEs: values.nameEs.trim(), nameEn: values.nameEn.trim(), active: values.active };
    const errors: Record<string, string> = {};
    if (!next.nameEs) errors.nameEs = t('settings.error.required');
    if (!next.nameEn) errors.nameEn = t('settings.error.required');
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    const changes = changedFields(entry as unknown as Record<string, unknown>, next);
    if (Object.keys(changes).length === 0) return props.onCancel();
    const result = await form.submit(() =>
      api.patch<ReferenceEntry>(
        `/api/reference/${props.list}/${encodeURIComponent(entry.code)}`,
        changes,
        etagOfVersion(entry.version),
      ),
    );
    if (result) props.onSaved(result.data);
    else if (form.lastError?.kind === 'precondition-failed') props.onStale();
  };

  return (
    <section class="panel reference-edit" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('settings.reference.editTitle', { name: entry.nameEs, code: entry.code })}</h2>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormStatus error={form.formError} />
        <TextField
          id="nameEs"
          label={t('settings.reference.field.nameEs')}
          value={values.nameEs}
          onValue={set('nameEs')}
          error={form.error('nameEs')}
          maxLength={200}
        />
        <TextField
          id="nameEn"
          label={t('settings.reference.field.nameEn')}
          value={values.nameEn}
          onValue={set('nameEn')}
          error={form.error('nameEn')}
          maxLength={200}
        />
        <Checkbox
          id="active"
          label={t('settings.reference.field.active')}
          checked={values.active}
          onChecked={set('active')}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('settings.reference.save')} />
          <button type="button" class="button secondary" onClick={props.onCancel}>
            {t('settings.reference.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

interface NewEntry {
  code: string;
  nameEs: string;
  nameEn: string;
  family: string;
  comunidad: string;
  pueblo: string;
}

const EMPTY: NewEntry = { code: '', nameEs: '', nameEn: '', family: 'mayan', comunidad: '', pueblo: '' };

/** A new municipality, language or pueblo (POST /api/reference/:list), its fields by list. */
export function AddEntryForm(props: { list: ExtensibleList; onAdded: (entry: ReferenceEntry) => void }) {
  const { t, locale } = useI18n();
  const form = useForm();
  const { values, set, setValues } = useValues<NewEntry>(EMPTY);
  const { list } = props;
  const pueblos = useApi<{ items: ReferenceEntry[] }>(list === 'languages' ? '/api/reference/pueblos' : null);
  const id = (name: string) => `new-${name}`;

  const bodyOf = (): Record<string, unknown> => {
    const names = { code: values.code.trim(), nameEs: values.nameEs.trim() };
    if (list === 'places') return { ...names, ...(values.nameEn.trim() && { nameEn: values.nameEn.trim() }) };
    if (list === 'pueblos') return { ...names, nameEn: values.nameEn.trim() };
    return {
      ...names,
      nameEn: values.nameEn.trim(),
      family: values.family,
      comunidad: values.comunidad.trim() || null,
      pueblo: values.pueblo || null,
    };
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const body = bodyOf();
    const errors: Record<string, string> = {};
    for (const field of ['code', 'nameEs', ...(list === 'places' ? [] : ['nameEn'])])
      if (!body[field]) errors[field] = t('settings.error.required');
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    const result = await form.submit(() => api.post<ReferenceEntry>(`/api/reference/${list}`, body));
    if (result) {
      setValues(EMPTY);
      props.onAdded(result.data);
    }
  };

  const text = (
    name: keyof NewEntry,
    label: MessageKey,
    extra: { hint?: string; optional?: boolean } = {},
  ) => (
    <TextField
      id={id(name)}
      label={t(label)}
      value={values[name]}
      onValue={set(name)}
      error={form.error(name)}
      maxLength={name === 'code' ? 40 : 200}
      spellcheck={name !== 'code'}
      {...extra}
    />
  );

  return (
    <details class="panel reference-add">
      <summary>{t(`settings.reference.add.${list}` as MessageKey)}</summary>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormStatus error={form.formError} />
        {text('code', 'settings.reference.field.code', {
          hint: t(`settings.reference.add.${list}Hint` as MessageKey),
        })}
        {text('nameEs', 'settings.reference.field.nameEs')}
        {list === 'places'
          ? text('nameEn', 'settings.reference.field.nameEn', {
              optional: true,
              hint: t('settings.reference.field.nameEnPlaceHint'),
            })
          : text('nameEn', 'settings.reference.field.nameEn')}
        {list === 'languages' && (
          <>
            <SelectField
              id={id('family')}
              label={t('settings.reference.field.family')}
              value={values.family}
              onValue={set('family')}
              error={form.error('family')}
              options={LANGUAGE_FAMILIES.map((family) => ({
                value: family,
                label: t(`settings.reference.family.${family}` as MessageKey),
              }))}
            />
            {text('comunidad', 'settings.reference.field.comunidad', { optional: true })}
            <SelectField
              id={id('pueblo')}
              label={t('settings.reference.field.pueblo')}
              value={values.pueblo}
              onValue={set('pueblo')}
              error={form.error('pueblo')}
              optional
              placeholder={t('settings.reference.field.none')}
              options={(pueblos.data?.items ?? []).map((pueblo) => ({
                value: pueblo.code,
                label: locale === 'en' ? pueblo.nameEn : pueblo.nameEs,
              }))}
            />
          </>
        )}
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('settings.reference.add.submit')} />
        </div>
      </form>
    </details>
  );
}
