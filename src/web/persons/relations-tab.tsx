import { useState } from 'preact/hooks';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { RELATION_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api, changedFields, etagOfVersion } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { Checkbox, SelectField, TextField } from '../ui/fields.tsx';
import { FormProblem, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Badge, Empty, LoadError, Loading } from '../ui/page.tsx';
import { RadioGroup } from './controls.tsx';
import { Field, Restricted, useCleared } from './display.tsx';
import type { PersonTabProps } from './person-tabs.ts';
import type { Relation } from './types.ts';
import { personLabel, personOptions } from './vocabulary.ts';

interface RelationDraft {
  kind: string;
  name: string;
  relationship: string;
  isGuardian: boolean;
  phone: string;
  address: string;
  notes: string;
  noContact: boolean;
  noContactReason: string;
  noContactSource: string;
}

const EMPTY: RelationDraft = {
  kind: 'family',
  name: '',
  relationship: '',
  isGuardian: false,
  phone: '',
  address: '',
  notes: '',
  noContact: false,
  noContactReason: '',
  noContactSource: '',
};

const draftOf = (relation: Relation): RelationDraft => ({
  kind: relation.kind,
  name: relation.name ?? '',
  relationship: relation.relationship,
  isGuardian: relation.isGuardian,
  phone: relation.phone ?? '',
  address: relation.address ?? '',
  notes: relation.notes ?? '',
  noContact: relation.noContact,
  noContactReason: relation.noContactReason ?? '',
  noContactSource: relation.noContactSource ?? '',
});

const classOf = (field: string): FieldClass =>
  (RELATION_FIELD_CLASSES as Record<string, FieldClass>)[field] ?? 'general';

function inputOf(draft: RelationDraft): Record<string, unknown> {
  const text = (value: string) => value.trim() || null;
  return {
    kind: draft.kind,
    name: draft.name.trim(),
    relationship: draft.relationship,
    isGuardian: draft.isGuardian,
    phone: text(draft.phone),
    address: text(draft.address),
    notes: text(draft.notes),
    noContact: draft.noContact,
    // A lifted prohibition keeps no reason or source behind.
    noContactReason: draft.noContact ? text(draft.noContactReason) : null,
    noContactSource: draft.noContact ? draft.noContactSource || null : null,
  };
}

function RelationForm(props: {
  personId: string;
  relation?: Relation;
  onSaved: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const cleared = useCleared();
  const form = useForm();
  const [draft, setDraft] = useState<RelationDraft>(() => (props.relation ? draftOf(props.relation) : EMPTY));
  const set = (patch: Partial<RelationDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const writable = (field: string) =>
    cleared(classOf(field)) && !(props.relation?.redacted ?? []).includes(field);
  const idPrefix = props.relation ? `relation-${props.relation.id}` : 'relation-new';
  const id = (field: string) => `${idPrefix}-${field}`;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (writable('name') && !draft.name.trim()) errors.name = t('persons.relation.nameRequired');
    if (!draft.relationship) errors.relationship = t('persons.relation.relationshipRequired');
    if (draft.noContact && !draft.noContactReason.trim())
      errors.noContactReason = t('persons.relation.reasonRequired');
    if (draft.noContact && !draft.noContactSource)
      errors.noContactSource = t('persons.relation.sourceRequired');
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    const full = Object.fromEntries(Object.entries(inputOf(draft)).filter(([field]) => writable(field)));
    if (props.relation) {
      const before = Object.fromEntries(
        Object.entries(inputOf(draftOf(props.relation))).filter(([field]) => writable(field)),
      );
      const changes = changedFields(before, full);
      if (Object.keys(changes).length === 0) {
        props.onSaved(t('common.noChanges'));
        return;
      }
      const result = await form.submit(() =>
        api.patch<Relation>(
          `/api/persons/${props.personId}/relations/${props.relation!.id}`,
          changes,
          etagOfVersion(props.relation!.version),
        ),
      );
      if (result) props.onSaved(t('persons.relation.saved'));
    } else {
      const body = Object.fromEntries(Object.entries(full).filter(([, value]) => value !== null));
      const result = await form.submit(() =>
        api.post<Relation>(`/api/persons/${props.personId}/relations`, body),
      );
      if (result) props.onSaved(t('persons.relation.added'));
    }
  };

  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={onSubmit}
      class="panel nested-form"
      data-testid="relation-form"
    >
      <h3>{props.relation ? t('persons.relation.editTitle') : t('persons.relation.addTitle')}</h3>
      <FormProblem form={form} onReload={props.onReload} />
      <RadioGroup
        id={id('kind')}
        legend={t('persons.relationField.kind')}
        value={draft.kind}
        options={personOptions(t, 'persons.relationKind')}
        onValue={(kind) => set({ kind })}
        error={form.error('kind')}
      />
      {writable('name') ? (
        <TextField
          id={id('name')}
          name="name"
          label={t('persons.relationField.name')}
          value={draft.name}
          onValue={(name) => set({ name })}
          error={form.error('name')}
          maxLength={200}
          autoComplete="off"
        />
      ) : (
        <p>
          {t('persons.relationField.name')}: <Restricted fieldClass="identity" />
        </p>
      )}
      <SelectField
        id={id('relationship')}
        label={t('persons.relationField.relationship')}
        value={draft.relationship}
        onValue={(relationship) => set({ relationship })}
        options={personOptions(t, 'persons.relationship')}
        placeholder={t('persons.choose')}
        error={form.error('relationship')}
      />
      <Checkbox
        id={id('isGuardian')}
        label={t('persons.relationField.isGuardian')}
        hint={t('persons.relation.guardianHint')}
        checked={draft.isGuardian}
        onChecked={(isGuardian) => set({ isGuardian })}
      />
      {writable('phone') ? (
        <>
          <TextField
            id={id('phone')}
            name="phone"
            type="text"
            inputMode="text"
            label={t('persons.relationField.phone')}
            value={draft.phone}
            onValue={(phone) => set({ phone })}
            error={form.error('phone')}
            optional
            maxLength={20}
            autoComplete="off"
          />
          <TextField
            id={id('address')}
            name="address"
            label={t('persons.relationField.address')}
            value={draft.address}
            onValue={(address) => set({ address })}
            error={form.error('address')}
            optional
            maxLength={500}
          />
          <TextField
            id={id('notes')}
            name="notes"
            label={t('persons.relationField.notes')}
            value={draft.notes}
            onValue={(notes) => set({ notes })}
            error={form.error('notes')}
            optional
            rows={2}
            maxLength={2000}
          />
        </>
      ) : (
        <p>
          {t('persons.relation.contactDetails')}: <Restricted fieldClass="contact_location" />
        </p>
      )}
      <div class={draft.noContact ? 'no-contact-fields on' : 'no-contact-fields'}>
        <Checkbox
          id={id('noContact')}
          label={t('persons.relationField.noContact')}
          hint={t('persons.relation.noContactHint')}
          checked={draft.noContact}
          onChecked={(noContact) => set({ noContact })}
        />
        {draft.noContact && (
          <>
            <TextField
              id={id('noContactReason')}
              name="noContactReason"
              label={t('persons.relationField.noContactReason')}
              value={draft.noContactReason}
              onValue={(noContactReason) => set({ noContactReason })}
              error={form.error('noContactReason')}
              rows={2}
              maxLength={500}
            />
            <SelectField
              id={id('noContactSource')}
              label={t('persons.relationField.noContactSource')}
              value={draft.noContactSource}
              onValue={(noContactSource) => set({ noContactSource })}
              options={personOptions(t, 'persons.noContactSource')}
              placeholder={t('persons.choose')}
              error={form.error('noContactSource')}
            />
          </>
        )}
      </div>
      <div class="form-actions">
        <SubmitButton
          busy={form.busy}
          label={props.relation ? t('common.save') : t('persons.relation.add')}
        />
        <button type="button" class="button secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function RelationCard(props: { relation: Relation; canEdit: boolean; onEdit: () => void }) {
  const { t } = useI18n();
  const { relation } = props;
  const r = relation.redacted;
  return (
    <li class={relation.noContact ? 'relation no-contact-relation' : 'relation'} data-testid="relation">
      <div class="relation-head">
        <strong>
          <Field name="name" redacted={r} fieldClass="identity" value={relation.name} />
        </strong>
        <span>{personLabel(t, 'persons.relationship', relation.relationship)}</span>
        <Badge kind="muted">{personLabel(t, 'persons.relationKind', relation.kind)}</Badge>
        {relation.isGuardian && <Badge kind="info">{t('persons.relationField.isGuardian')}</Badge>}
      </div>
      {relation.noContact && (
        <p class="no-contact-line">
          <strong>{t('persons.relation.noContactBadge')}</strong>{' '}
          {t('persons.relation.noContactWhy', {
            reason: relation.noContactReason ?? '',
            source: personLabel(t, 'persons.noContactSource', relation.noContactSource),
          })}
        </p>
      )}
      <dl class="details compact">
        <dt>{t('persons.relationField.phone')}</dt>
        <dd>
          <Field name="phone" redacted={r} fieldClass="contact_location" value={relation.phone} />
        </dd>
        <dt>{t('persons.relationField.address')}</dt>
        <dd>
          <Field name="address" redacted={r} fieldClass="contact_location" value={relation.address} />
        </dd>
        <dt>{t('persons.relationField.notes')}</dt>
        <dd>
          <Field name="notes" redacted={r} fieldClass="contact_location" value={relation.notes} />
        </dd>
      </dl>
      {props.canEdit && (
        <button
          type="button"
          class="button secondary"
          onClick={props.onEdit}
          aria-label={t('persons.relation.editOne', { name: relation.name ?? t('persons.relation.thisOne') })}
        >
          {t('persons.relation.edit')}
        </button>
      )}
    </li>
  );
}

/** Family members and contacts, with the guardian and no-contact flags. */
export function RelationsTab(props: PersonTabProps) {
  const personId = props.person.id;
  const { t } = useI18n();
  const session = useSession();
  const relations = useApi<{ items: Relation[] }>(`/api/persons/${personId}/relations`);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = session.can('person:update');
  const items = relations.data?.items ?? [];
  const saved = (text: string) => {
    setMessage(text);
    setEditing(null);
    relations.reload();
    props.record.reload();
  };
  const open = (key: string) => {
    setMessage(null);
    setEditing(key);
  };

  return (
    <section class="panel" aria-labelledby="relations-title">
      <div class="panel-head">
        <h2 id="relations-title">{t('persons.tab.family')}</h2>
        {canEdit && editing !== 'new' && (
          <button type="button" class="button secondary" onClick={() => open('new')}>
            {t('persons.relation.add')}
          </button>
        )}
      </div>
      <StatusMessage message={message} />
      {editing === 'new' && (
        <RelationForm
          personId={personId}
          onSaved={saved}
          onCancel={() => setEditing(null)}
          onReload={relations.reload}
        />
      )}
      {relations.error && <LoadError error={relations.error} retry={relations.reload} />}
      {relations.loading && !relations.data && <Loading />}
      {relations.data && items.length === 0 && <Empty>{t('persons.relation.none')}</Empty>}
      {items.length > 0 && (
        <ul class="relation-list">
          {items.map((relation) =>
            editing === relation.id ? (
              <li key={relation.id}>
                <RelationForm
                  personId={personId}
                  relation={relation}
                  onSaved={saved}
                  onCancel={() => setEditing(null)}
                  onReload={() => {
                    setEditing(null);
                    relations.reload();
                  }}
                />
              </li>
            ) : (
              <RelationCard
                key={relation.id}
                relation={relation}
                canEdit={canEdit}
                onEdit={() => open(relation.id)}
              />
            ),
          )}
        </ul>
      )}
    </section>
  );
}
