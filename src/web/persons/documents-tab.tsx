import { useState } from 'preact/hooks';
import { IDENTITY_DOCUMENT_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api, changedFields, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormProblem, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Empty, LoadError, Loading, TableRegion } from '../ui/page.tsx';
import { Field, useCleared } from './display.tsx';
import { referenceNames, referenceOptions, useCountries } from './reference.ts';
import type { PersonTabProps } from './person-tabs.ts';
import type { IdentityDocument } from './types.ts';
import { personLabel, personOptions } from './vocabulary.ts';

interface DocumentDraft {
  type: string;
  number: string;
  issuingCountry: string;
}

function DocumentForm(props: {
  personId: string;
  document?: IdentityDocument;
  onSaved: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t, locale } = useI18n();
  const cleared = useCleared();
  const form = useForm();
  const countries = useCountries();
  const existing = props.document;
  const [draft, setDraft] = useState<DocumentDraft>({
    type: existing?.type ?? '',
    number: existing?.number ?? '',
    issuingCountry: existing?.issuingCountry ?? '',
  });
  const set = (patch: Partial<DocumentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const numberWritable =
    cleared(IDENTITY_DOCUMENT_FIELD_CLASSES.number) && !existing?.redacted.includes('number');
  const prefix = existing ? `document-${existing.id}` : 'document-new';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!draft.type) errors.type = t('persons.document.typeRequired');
    if (numberWritable && !draft.number.trim()) errors.number = t('persons.document.numberRequired');
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    const input = {
      type: draft.type,
      ...(numberWritable && { number: draft.number.trim() }),
      issuingCountry: draft.issuingCountry || null,
    };
    if (existing) {
      const changes = changedFields(
        {
          type: existing.type,
          ...(numberWritable && { number: existing.number }),
          issuingCountry: existing.issuingCountry,
        },
        input,
      );
      if (Object.keys(changes).length === 0) {
        props.onSaved(t('common.noChanges'));
        return;
      }
      const result = await form.submit(() =>
        api.patch<IdentityDocument>(
          `/api/persons/${props.personId}/identity-documents/${existing.id}`,
          changes,
          etagOfVersion(existing.version),
        ),
      );
      if (result) props.onSaved(t('persons.document.saved'));
    } else {
      const result = await form.submit(() =>
        api.post<IdentityDocument>(`/api/persons/${props.personId}/identity-documents`, input),
      );
      if (result) props.onSaved(t('persons.document.added'));
    }
  };

  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={onSubmit}
      class="panel nested-form"
      data-testid="document-form"
    >
      <h3>{existing ? t('persons.document.editTitle') : t('persons.document.addTitle')}</h3>
      <FormProblem form={form} onReload={props.onReload} />
      <SelectField
        id={`${prefix}-type`}
        label={t('persons.documentField.type')}
        value={draft.type}
        onValue={(type) => set({ type })}
        options={personOptions(t, 'persons.documentType')}
        placeholder={t('persons.choose')}
        error={form.error('type')}
      />
      {numberWritable && (
        <TextField
          id={`${prefix}-number`}
          name="number"
          label={t('persons.documentField.number')}
          hint={draft.type === 'cui_dpi' ? t('persons.document.cuiHint') : undefined}
          value={draft.number}
          onValue={(number) => set({ number })}
          error={form.error('number')}
          maxLength={40}
          autoComplete="off"
          spellcheck={false}
        />
      )}
      <SelectField
        id={`${prefix}-country`}
        label={t('persons.documentField.issuingCountry')}
        value={draft.issuingCountry}
        onValue={(issuingCountry) => set({ issuingCountry })}
        options={referenceOptions(countries.data?.items, locale, [draft.issuingCountry], (c) => c.alpha3)}
        placeholder={t('persons.choose')}
        error={form.error('issuingCountry')}
        optional
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={existing ? t('common.save') : t('persons.document.add')} />
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Identity documents: the number is stored encrypted and shown only to those cleared for identity data. */
export function DocumentsTab(props: PersonTabProps) {
  const personId = props.person.id;
  const { t, locale } = useI18n();
  const session = useSession();
  const documents = useApi<{ items: IdentityDocument[] }>(`/api/persons/${personId}/identity-documents`);
  const countries = referenceNames(useCountries().data?.items, locale, (c) => c.alpha3);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = session.can('person:update');
  const items = documents.data?.items ?? [];
  const saved = (text: string) => {
    setMessage(text);
    setEditing(null);
    documents.reload();
  };
  const open = (key: string) => {
    setMessage(null);
    setEditing(key);
  };
  const editingDocument = items.find((d) => d.id === editing);

  return (
    <section class="panel" aria-labelledby="documents-title">
      <div class="panel-head">
        <h2 id="documents-title">{t('persons.tab.documents')}</h2>
        {canEdit && editing === null && (
          <button type="button" class="button secondary" onClick={() => open('new')}>
            {t('persons.document.add')}
          </button>
        )}
      </div>
      <StatusMessage message={message} />
      {(editing === 'new' || editingDocument) && (
        <DocumentForm
          key={editing}
          personId={personId}
          document={editingDocument}
          onSaved={saved}
          onCancel={() => setEditing(null)}
          onReload={() => {
            setEditing(null);
            documents.reload();
          }}
        />
      )}
      {documents.error && <LoadError error={documents.error} retry={documents.reload} />}
      {documents.loading && !documents.data && <Loading />}
      {documents.data && items.length === 0 && <Empty>{t('persons.document.none')}</Empty>}
      {items.length > 0 && (
        <TableRegion label={t('persons.tab.documents')} busy={documents.loading}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('persons.documentField.type')}</th>
                <th scope="col">{t('persons.documentField.number')}</th>
                <th scope="col">{t('persons.documentField.issuingCountry')}</th>
                {canEdit && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((document) => (
                <tr key={document.id}>
                  <th scope="row">{personLabel(t, 'persons.documentType', document.type)}</th>
                  <td>
                    <Field
                      name="number"
                      redacted={document.redacted}
                      fieldClass="identity"
                      value={document.number}
                    >
                      <code>{document.number}</code>
                    </Field>
                  </td>
                  <td>
                    <Field
                      name="issuingCountry"
                      redacted={[]}
                      fieldClass="general"
                      value={document.issuingCountry}
                    >
                      {countries.get(document.issuingCountry ?? '') ?? document.issuingCountry}
                    </Field>
                  </td>
                  {canEdit && (
                    <td>
                      <button
                        type="button"
                        class="link-button"
                        onClick={() => open(document.id)}
                        aria-label={t('persons.document.editOne', {
                          type: personLabel(t, 'persons.documentType', document.type),
                        })}
                      >
                        {t('persons.document.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
