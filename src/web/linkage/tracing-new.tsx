import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { RadioGroup } from '../persons/controls.tsx';
import { referenceOptions, useDepartments, useMunicipalities } from '../persons/reference.ts';
import { personOptions } from '../persons/vocabulary.ts';
import { Fieldset, SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import type { TracingDetail, TracingInput } from './types.ts';

interface Draft {
  requesterName: string;
  requesterRelation: string;
  requesterInstitution: string;
  requesterContact: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  sex: string;
  birthKind: 'unknown' | 'exact' | 'years';
  birthDate: string;
  birthFrom: string;
  birthTo: string;
  departmentCode: string;
  municipalityCode: string;
  placeText: string;
  motherName: string;
  fatherName: string;
  notes: string;
}

const EMPTY: Draft = {
  requesterName: '',
  requesterRelation: '',
  requesterInstitution: '',
  requesterContact: '',
  givenNames: '',
  firstSurname: '',
  secondSurname: '',
  sex: '',
  birthKind: 'unknown',
  birthDate: '',
  birthFrom: '',
  birthTo: '',
  departmentCode: '',
  municipalityCode: '',
  placeText: '',
  motherName: '',
  fatherName: '',
  notes: '',
};

const text = (value: string) => (value.trim() ? value.trim() : null);
const year = (value: string) => (value.trim() ? Number(value) : NaN);

/** The request as the API takes it; empty fields are not known. */
export function tracingInputOf(d: Draft): TracingInput {
  return {
    requester: {
      name: d.requesterName.trim(),
      relation: d.requesterRelation as TracingInput['requester']['relation'],
      institution: text(d.requesterInstitution),
      contact: d.requesterContact.trim(),
    },
    sought: {
      givenNames: d.givenNames.trim(),
      firstSurname: text(d.firstSurname),
      secondSurname: text(d.secondSurname),
      sex: (text(d.sex) as TracingInput['sought']['sex']) ?? null,
      birth:
        d.birthKind === 'exact'
          ? { precision: 'exact', date: d.birthDate }
          : d.birthKind === 'years'
            ? { precision: 'years', from: year(d.birthFrom), to: year(d.birthTo || d.birthFrom) }
            : null,
      departmentCode: text(d.departmentCode),
      municipalityCode: text(d.municipalityCode),
      placeText: text(d.placeText),
      motherName: text(d.motherName),
      fatherName: text(d.fatherName),
    },
    notes: text(d.notes),
  };
}

/** A new family-tracing request: who asks, for whom, what is known; answered as soon as it is recorded. */
export function TracingNew() {
  const { t, locale } = useI18n();
  const { route } = useLocation();
  const form = useForm();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const field = (name: keyof Draft) => ({
    id: name,
    value: draft[name],
    onValue: (value: string) => set({ [name]: value }),
  });
  const departments = useDepartments();
  const municipalities = useMunicipalities(draft.departmentCode || null);
  const relations = [
    ...personOptions(t, 'persons.relationship'),
    { value: 'institution', label: t('linkage.tracing.relationInstitution') },
  ];

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await form.submit(() =>
      api.post<TracingDetail>('/api/tracing-requests', tracingInputOf(draft)),
    );
    if (result) route(`/tracing/${result.data.id}`);
  };

  return (
    <Page title={t('linkage.tracing.newTitle')}>
      <p>
        <a href="/tracing">{t('linkage.tracing.back')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError} />
        <Fieldset id="requester" legend={t('linkage.tracing.requesterSection')}>
          <TextField
            {...field('requesterName')}
            label={t('linkage.tracing.requesterName')}
            error={form.error('requester.name')}
            maxLength={200}
          />
          <SelectField
            {...field('requesterRelation')}
            label={t('linkage.tracing.requesterRelation')}
            options={relations}
            placeholder=""
            error={form.error('requester.relation')}
          />
          <TextField
            {...field('requesterInstitution')}
            label={t('linkage.tracing.requesterInstitution')}
            error={form.error('requester.institution')}
            optional
            maxLength={200}
          />
          <TextField
            {...field('requesterContact')}
            label={t('linkage.tracing.requesterContact')}
            error={form.error('requester.contact')}
            maxLength={500}
          />
        </Fieldset>
        <Fieldset id="sought" legend={t('linkage.tracing.soughtSection')}>
          <TextField
            {...field('givenNames')}
            label={t('linkage.tracing.givenNames')}
            error={form.error('sought.givenNames')}
            maxLength={100}
            spellcheck={false}
          />
          <TextField
            {...field('firstSurname')}
            label={t('linkage.tracing.firstSurname')}
            error={form.error('sought.firstSurname')}
            optional
            maxLength={100}
            spellcheck={false}
          />
          <TextField
            {...field('secondSurname')}
            label={t('linkage.tracing.secondSurname')}
            error={form.error('sought.secondSurname')}
            optional
            maxLength={100}
            spellcheck={false}
          />
          <SelectField
            {...field('sex')}
            label={t('linkage.tracing.sex')}
            options={personOptions(t, 'persons.sex')}
            placeholder=""
            optional
            error={form.error('sought.sex')}
          />
          <RadioGroup
            id="birthKind"
            legend={t('linkage.tracing.birthKind')}
            value={draft.birthKind}
            onValue={(value) => set({ birthKind: value as Draft['birthKind'] })}
            error={form.error('sought.birth')}
            options={[
              { value: 'unknown', label: t('linkage.tracing.birthUnknown') },
              { value: 'years', label: t('linkage.tracing.birthYears') },
              { value: 'exact', label: t('linkage.tracing.birthExact') },
            ]}
          />
          {draft.birthKind === 'exact' && (
            <TextField
              {...field('birthDate')}
              type="date"
              label={t('linkage.tracing.birthDate')}
              error={form.error('sought.birth.date')}
            />
          )}
          {draft.birthKind === 'years' && (
            <>
              <TextField
                {...field('birthFrom')}
                type="number"
                inputMode="numeric"
                label={t('linkage.tracing.birthFrom')}
                error={form.error('sought.birth.from')}
              />
              <TextField
                {...field('birthTo')}
                type="number"
                inputMode="numeric"
                label={t('linkage.tracing.birthTo')}
                error={form.error('sought.birth.to')}
                optional
              />
            </>
          )}
          <SelectField
            id="departmentCode"
            value={draft.departmentCode}
            onValue={(value) => set({ departmentCode: value, municipalityCode: '' })}
            label={t('linkage.tracing.department')}
            options={referenceOptions(departments.data?.items, locale)}
            placeholder=""
            optional
            error={form.error('sought.departmentCode')}
          />
          <SelectField
            {...field('municipalityCode')}
            label={t('linkage.tracing.municipality')}
            options={referenceOptions(municipalities.data?.items, locale)}
            placeholder=""
            optional
            disabled={!draft.departmentCode}
            error={form.error('sought.municipalityCode')}
          />
          <TextField
            {...field('placeText')}
            label={t('linkage.tracing.placeText')}
            error={form.error('sought.placeText')}
            optional
            maxLength={200}
          />
          <TextField
            {...field('motherName')}
            label={t('linkage.tracing.motherName')}
            error={form.error('sought.motherName')}
            optional
            maxLength={200}
            spellcheck={false}
          />
          <TextField
            {...field('fatherName')}
            label={t('linkage.tracing.fatherName')}
            error={form.error('sought.fatherName')}
            optional
            maxLength={200}
            spellcheck={false}
          />
        </Fieldset>
        <TextField
          {...field('notes')}
          label={t('linkage.tracing.notes')}
          error={form.error('notes')}
          optional
          rows={3}
          maxLength={2000}
        />
        <div class="form-actions">
          <SubmitButton
            busy={form.busy}
            label={t('linkage.tracing.submit')}
            busyLabel={t('linkage.tracing.submitting')}
          />
          <a href="/tracing">{t('common.cancel')}</a>
        </div>
      </form>
    </Page>
  );
}
