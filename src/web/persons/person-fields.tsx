import type { FieldClass } from '../../core/access/catalogue.ts';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { useI18n } from '../i18n/context.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../ui/fields.tsx';
import { CheckboxGroup, ListPicker, RadioGroup } from './controls.tsx';
import { Restricted } from './display.tsx';
import type { PersonDraft } from './person-draft.ts';
import {
  referenceName,
  referenceOptions,
  useCountries,
  useDepartments,
  useLanguages,
  useMunicipalities,
  usePueblos,
} from './reference.ts';
import { personOptions } from './vocabulary.ts';
import { todayUtc } from '../../core/dates.ts';

const classOf = (field: string): FieldClass =>
  (PERSON_FIELD_CLASSES as Record<string, FieldClass>)[field] ?? 'general';

function RestrictedRow(props: { label: string; field: string }) {
  return (
    <div class="field">
      <p class="field-label">{props.label}</p>
      <Restricted fieldClass={classOf(props.field)} />
    </div>
  );
}

/**
 * The fields of a person's record, shared by registration and editing. A field the user is not cleared for
 * (or that the server withheld) is shown as restricted and cannot be set.
 */
export function PersonFields(props: {
  draft: PersonDraft;
  onChange: (patch: Partial<PersonDraft>) => void;
  error: (field: string) => string | undefined;
  cleared: (fieldClass: FieldClass) => boolean;
  redacted?: string[];
}) {
  const { t, locale } = useI18n();
  const { draft, onChange: set, error } = props;
  const writable = (field: string) => props.cleared(classOf(field)) && !props.redacted?.includes(field);
  const countries = useCountries();
  const pueblos = usePueblos();
  const languages = useLanguages();
  const departments = useDepartments();
  const municipalities = useMunicipalities(draft.departmentCode || null);

  const countryOptions = referenceOptions(countries.data?.items, locale, draft.citizenships, (c) => c.alpha3);
  const languageOptions = referenceOptions(languages.data?.items, locale, [
    draft.primaryLanguage,
    ...draft.otherLanguages,
  ]);
  const communities = [
    ...new Set(
      (languages.data?.items ?? [])
        .filter((language) => language.comunidad && language.active)
        .map((language) => language.comunidad!),
    ),
  ];
  if (draft.linguisticCommunity && !communities.includes(draft.linguisticCommunity))
    communities.push(draft.linguisticCommunity);
  const departmentOptions = (departments.data?.items ?? [])
    .filter((place) => place.active || place.code === draft.departmentCode)
    .map((place) => ({ value: place.code, label: referenceName(place, locale) }));
  const municipalityOptions = (municipalities.data?.items ?? [])
    .filter((place) => place.active || place.code === draft.municipalityCode)
    .map((place) => ({ value: place.code, label: referenceName(place, locale) }));

  return (
    <>
      <Fieldset id="names" legend={t('persons.section.names')}>
        {writable('givenNames') ? (
          <>
            <TextField
              id="givenNames"
              label={t('persons.field.givenNames')}
              value={draft.givenNames}
              onValue={(givenNames) => set({ givenNames })}
              error={error('givenNames')}
              autoComplete="off"
              spellcheck={false}
              maxLength={100}
            />
            <div class="two-up">
              <TextField
                id="firstSurname"
                label={t('persons.field.firstSurname')}
                value={draft.firstSurname}
                onValue={(firstSurname) => set({ firstSurname })}
                error={error('firstSurname')}
                optional
                autoComplete="off"
                spellcheck={false}
                maxLength={100}
              />
              <TextField
                id="secondSurname"
                label={t('persons.field.secondSurname')}
                value={draft.secondSurname}
                onValue={(secondSurname) => set({ secondSurname })}
                error={error('secondSurname')}
                optional
                autoComplete="off"
                spellcheck={false}
                maxLength={100}
              />
            </div>
            <TextField
              id="otherNames"
              label={t('persons.field.otherNames')}
              hint={t('persons.field.otherNamesHint')}
              value={draft.otherNames}
              onValue={(otherNames) => set({ otherNames })}
              error={error('otherNames')}
              optional
              rows={2}
            />
          </>
        ) : (
          <RestrictedRow label={t('persons.field.givenNames')} field="givenNames" />
        )}
      </Fieldset>

      <Fieldset id="sex-gender" legend={t('persons.section.sexGender')}>
        <div class="two-up">
          <SelectField
            id="sex"
            label={t('persons.field.sex')}
            value={draft.sex}
            onValue={(sex) => set({ sex })}
            options={personOptions(t, 'persons.sex')}
            placeholder={t('persons.choose')}
            error={error('sex')}
            optional
          />
          {writable('gender') ? (
            <SelectField
              id="gender"
              label={t('persons.field.gender')}
              value={draft.gender}
              onValue={(gender) => set({ gender })}
              options={personOptions(t, 'persons.gender')}
              placeholder={t('persons.choose')}
              error={error('gender')}
              optional
            />
          ) : (
            <RestrictedRow label={t('persons.field.gender')} field="gender" />
          )}
        </div>
      </Fieldset>

      {writable('dateOfBirth') ? (
        <div class="fieldset-like">
          <RadioGroup
            id="dobPrecision"
            legend={t('persons.field.dateOfBirth')}
            value={draft.dobPrecision}
            options={personOptions(t, 'persons.dobPrecision')}
            onValue={(value) => set({ dobPrecision: value as PersonDraft['dobPrecision'] })}
            error={
              error('dateOfBirth.precision') ??
              (draft.dobPrecision === 'unknown' ? error('dateOfBirth') : undefined)
            }
          />
          {draft.dobPrecision === 'exact' && (
            <TextField
              id="dobDate"
              type="date"
              label={t('persons.field.dobDate')}
              value={draft.dobDate}
              onValue={(dobDate) => set({ dobDate })}
              max={todayUtc()}
              error={error('dateOfBirth.date') ?? error('dateOfBirth')}
            />
          )}
          {draft.dobPrecision === 'year' && (
            <TextField
              id="dobYear"
              label={t('persons.field.dobYear')}
              hint={t('persons.field.dobYearHint')}
              inputMode="numeric"
              value={draft.dobYear}
              onValue={(dobYear) => set({ dobYear })}
              maxLength={4}
              error={error('dateOfBirth.year') ?? error('dateOfBirth')}
            />
          )}
          {draft.dobPrecision === 'age_range' && (
            <div class="two-up">
              <TextField
                id="ageMin"
                label={t('persons.field.ageMin')}
                inputMode="numeric"
                value={draft.ageMin}
                onValue={(ageMin) => set({ ageMin, ageAsOf: '' })}
                maxLength={3}
                error={error('dateOfBirth.ageMin') ?? error('dateOfBirth')}
              />
              <TextField
                id="ageMax"
                label={t('persons.field.ageMax')}
                hint={t('persons.field.ageMaxHint')}
                inputMode="numeric"
                value={draft.ageMax}
                onValue={(ageMax) => set({ ageMax, ageAsOf: '' })}
                maxLength={3}
                optional
                error={error('dateOfBirth.ageMax')}
              />
            </div>
          )}
        </div>
      ) : (
        <RestrictedRow label={t('persons.field.dateOfBirth')} field="dateOfBirth" />
      )}

      <Fieldset id="belonging" legend={t('persons.section.belonging')}>
        {writable('citizenships') ? (
          <ListPicker
            id="citizenships"
            legend={t('persons.field.citizenships')}
            addLabel={t('persons.field.addCitizenship')}
            value={draft.citizenships}
            options={countryOptions}
            onValue={(citizenships) => set({ citizenships })}
            max={5}
            error={error('citizenships')}
          />
        ) : (
          <RestrictedRow label={t('persons.field.citizenships')} field="citizenships" />
        )}
        {writable('pueblo') ? (
          <div class="two-up">
            <SelectField
              id="pueblo"
              label={t('persons.field.pueblo')}
              value={draft.pueblo}
              onValue={(pueblo) => set({ pueblo })}
              options={referenceOptions(pueblos.data?.items, locale, [draft.pueblo])}
              placeholder={t('persons.choose')}
              error={error('pueblo')}
              optional
            />
            <SelectField
              id="linguisticCommunity"
              label={t('persons.field.linguisticCommunity')}
              value={draft.linguisticCommunity}
              onValue={(linguisticCommunity) => set({ linguisticCommunity })}
              options={communities.map((name) => ({ value: name, label: name }))}
              placeholder={t('persons.choose')}
              error={error('linguisticCommunity')}
              optional
            />
          </div>
        ) : (
          <RestrictedRow label={t('persons.field.pueblo')} field="pueblo" />
        )}
        <SelectField
          id="primaryLanguage"
          label={t('persons.field.primaryLanguage')}
          value={draft.primaryLanguage}
          onValue={(primaryLanguage) =>
            set({
              primaryLanguage,
              otherLanguages: draft.otherLanguages.filter((code) => code !== primaryLanguage),
            })
          }
          options={languageOptions}
          placeholder={t('persons.choose')}
          error={error('languages.primary')}
          optional
        />
        <ListPicker
          id="otherLanguages"
          legend={t('persons.field.otherLanguages')}
          addLabel={t('persons.field.addLanguage')}
          value={draft.otherLanguages}
          options={languageOptions.filter((o) => o.value !== draft.primaryLanguage)}
          onValue={(otherLanguages) => set({ otherLanguages })}
          max={10}
          error={error('languages.others')}
        />
        <Checkbox
          id="interpreterNeeded"
          label={t('persons.field.interpreterNeeded')}
          checked={draft.interpreterNeeded}
          onChecked={(interpreterNeeded) => set({ interpreterNeeded })}
        />
      </Fieldset>

      {writable('origin') ? (
        <Fieldset id="origin" legend={t('persons.section.origin')} error={error('origin')}>
          <div class="two-up">
            <SelectField
              id="departmentCode"
              label={t('persons.field.department')}
              value={draft.departmentCode}
              onValue={(departmentCode) => set({ departmentCode, municipalityCode: '' })}
              options={departmentOptions}
              placeholder={t('persons.choose')}
              error={error('origin.departmentCode')}
              optional
            />
            <SelectField
              id="municipalityCode"
              label={t('persons.field.municipality')}
              value={draft.municipalityCode}
              onValue={(municipalityCode) => set({ municipalityCode })}
              options={municipalityOptions}
              placeholder={draft.departmentCode ? t('persons.choose') : t('persons.field.municipalityFirst')}
              disabled={!draft.departmentCode}
              error={error('origin.municipalityCode')}
              optional
            />
          </div>
          <TextField
            id="community"
            label={t('persons.field.community')}
            hint={t('persons.field.communityHint')}
            value={draft.community}
            onValue={(community) => set({ community })}
            error={error('origin.community')}
            optional
            maxLength={200}
          />
        </Fieldset>
      ) : (
        <RestrictedRow label={t('persons.section.origin')} field="origin" />
      )}

      <Fieldset id="education-disability" legend={t('persons.section.educationDisability')}>
        <SelectField
          id="educationLevel"
          label={t('persons.field.educationLevel')}
          value={draft.educationLevel}
          onValue={(educationLevel) => set({ educationLevel })}
          options={personOptions(t, 'persons.education')}
          placeholder={t('persons.choose')}
          error={error('educationLevel')}
          optional
        />
        {writable('disabilities') ? (
          <CheckboxGroup
            id="disabilities"
            legend={t('persons.field.disabilities')}
            hint={t('persons.field.disabilitiesHint')}
            value={draft.disabilities}
            options={personOptions(t, 'persons.disability')}
            onValue={(disabilities) => set({ disabilities })}
            error={error('disabilities')}
          />
        ) : (
          <RestrictedRow label={t('persons.field.disabilities')} field="disabilities" />
        )}
      </Fieldset>
    </>
  );
}
