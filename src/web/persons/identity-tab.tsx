import { useState } from 'preact/hooks';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api, etagOfVersion } from '../api/client.ts';
import type { Resource } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { FormProblem, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { DateOfBirth, Field, useCleared } from './display.tsx';
import { draftOf, updateInput, type PersonDraft } from './person-draft.ts';
import { PersonFields } from './person-fields.tsx';
import {
  referenceNames,
  useCountries,
  useDepartments,
  useLanguages,
  useMunicipalities,
  usePueblos,
} from './reference.ts';
import type { PersonTabProps } from './person-tabs.ts';
import type { Person } from './types.ts';
import { personLabel } from './vocabulary.ts';

function Details(props: { person: Person }) {
  const { t, locale, dateTime } = useI18n();
  const { person } = props;
  const r = person.redacted;
  const countries = referenceNames(useCountries().data?.items, locale, (c) => c.alpha3);
  const pueblos = referenceNames(usePueblos().data?.items, locale);
  const languages = referenceNames(useLanguages().data?.items, locale);
  const departments = referenceNames(useDepartments().data?.items, locale);
  const municipalities = referenceNames(useMunicipalities(person.origin?.departmentCode).data?.items, locale);
  const origin = person.origin;
  const C = PERSON_FIELD_CLASSES;
  const languageList = person.languages
    ? [person.languages.primary, ...person.languages.others]
        .filter((code): code is string => Boolean(code))
        .map((code) => languages.get(code) ?? code)
    : [];

  return (
    <dl class="details" data-testid="person-details">
      <dt>{t('persons.field.givenNames')}</dt>
      <dd>
        <Field name="givenNames" redacted={r} fieldClass={C.givenNames} value={person.givenNames} />
      </dd>
      <dt>{t('persons.field.firstSurname')}</dt>
      <dd>
        <Field name="firstSurname" redacted={r} fieldClass={C.firstSurname} value={person.firstSurname} />
      </dd>
      <dt>{t('persons.field.secondSurname')}</dt>
      <dd>
        <Field name="secondSurname" redacted={r} fieldClass={C.secondSurname} value={person.secondSurname} />
      </dd>
      <dt>{t('persons.field.otherNames')}</dt>
      <dd>
        <Field name="otherNames" redacted={r} fieldClass={C.otherNames} value={person.otherNames}>
          {person.otherNames?.join(', ')}
        </Field>
      </dd>
      <dt>{t('persons.field.sex')}</dt>
      <dd>
        <Field name="sex" redacted={r} fieldClass="general" value={person.sex}>
          {personLabel(t, 'persons.sex', person.sex)}
        </Field>
      </dd>
      <dt>{t('persons.field.gender')}</dt>
      <dd>
        <Field name="gender" redacted={r} fieldClass={C.gender} value={person.gender}>
          {personLabel(t, 'persons.gender', person.gender)}
        </Field>
      </dd>
      <dt>{t('persons.field.dateOfBirth')}</dt>
      <dd>
        <Field name="dateOfBirth" redacted={r} fieldClass={C.dateOfBirth} value={person.dateOfBirth}>
          <DateOfBirth value={person.dateOfBirth} />
        </Field>
      </dd>
      <dt>{t('persons.field.citizenships')}</dt>
      <dd>
        <Field name="citizenships" redacted={r} fieldClass={C.citizenships} value={person.citizenships}>
          {person.citizenships?.map((code) => countries.get(code) ?? code).join(', ')}
        </Field>
      </dd>
      <dt>{t('persons.field.pueblo')}</dt>
      <dd>
        <Field name="pueblo" redacted={r} fieldClass={C.pueblo} value={person.pueblo}>
          {pueblos.get(person.pueblo ?? '') ?? person.pueblo}
        </Field>
      </dd>
      <dt>{t('persons.field.linguisticCommunity')}</dt>
      <dd>
        <Field
          name="linguisticCommunity"
          redacted={r}
          fieldClass={C.linguisticCommunity}
          value={person.linguisticCommunity}
        />
      </dd>
      <dt>{t('persons.field.languages')}</dt>
      <dd>
        <Field name="languages" redacted={r} fieldClass="general" value={languageList}>
          {languageList.join(', ')}
        </Field>
        {person.languages?.interpreterNeeded && (
          <p class="badge badge-warn">{t('persons.field.interpreterNeeded')}</p>
        )}
      </dd>
      <dt>{t('persons.section.origin')}</dt>
      <dd>
        <Field name="origin" redacted={r} fieldClass={C.origin} value={origin}>
          {[
            origin?.municipalityCode &&
              (municipalities.get(origin.municipalityCode) ?? origin.municipalityCode),
            origin?.departmentCode && (departments.get(origin.departmentCode) ?? origin.departmentCode),
            origin?.community,
          ]
            .filter(Boolean)
            .join(', ')}
        </Field>
      </dd>
      <dt>{t('persons.field.educationLevel')}</dt>
      <dd>
        <Field name="educationLevel" redacted={r} fieldClass="general" value={person.educationLevel}>
          {personLabel(t, 'persons.education', person.educationLevel)}
        </Field>
      </dd>
      <dt>{t('persons.field.disabilities')}</dt>
      <dd>
        <Field name="disabilities" redacted={r} fieldClass={C.disabilities} value={person.disabilities}>
          {person.disabilities?.map((d) => personLabel(t, 'persons.disability', d)).join(', ')}
        </Field>
      </dd>
      <dt>{t('persons.field.registered')}</dt>
      <dd>{dateTime(person.createdAt)}</dd>
    </dl>
  );
}

function EditPerson(props: { person: Resource<Person>; onDone: (message: string | null) => void }) {
  const { t } = useI18n();
  const cleared = useCleared();
  const form = useForm();
  const current = props.person.data!;
  const [draft, setDraft] = useState<PersonDraft>(() => draftOf(current));
  const set = (patch: Partial<PersonDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!current.redacted.includes('givenNames') && !draft.givenNames.trim()) {
      form.setErrors({ givenNames: t('persons.error.givenNamesRequired') });
      return;
    }
    const changes = updateInput(current, draft);
    if (Object.keys(changes).length === 0) {
      props.onDone(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Person>(
        `/api/persons/${current.id}`,
        changes,
        props.person.etag ?? etagOfVersion(current.version),
      ),
    );
    if (result) {
      props.person.replace(result.data, result.etag);
      props.onDone(t('persons.edit.saved'));
    }
  };

  const reload = () => {
    props.person.reload();
    props.onDone(null);
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} class="person-form">
      <FormProblem form={form} onReload={reload} />
      <PersonFields
        draft={draft}
        onChange={set}
        error={form.error}
        cleared={cleared}
        redacted={current.redacted}
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('common.save')} />
        <button type="button" class="button secondary" onClick={() => props.onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function IdentityTab(props: PersonTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="identity-title">
      <div class="panel-head">
        <h2 id="identity-title">{t('persons.tab.identity')}</h2>
        {!editing && session.can('person:update') && (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setMessage(null);
              setEditing(true);
            }}
          >
            {t('persons.edit.button')}
          </button>
        )}
      </div>
      <StatusMessage message={message} />
      {editing ? (
        <EditPerson
          person={props.record}
          onDone={(done) => {
            setMessage(done);
            setEditing(false);
          }}
        />
      ) : (
        <Details person={props.person} />
      )}
    </section>
  );
}
