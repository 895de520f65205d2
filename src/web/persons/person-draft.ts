import type { FieldClass } from '../../core/access/catalogue.ts';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import type { DobPrecision } from '../../core/cases/vocabulary.ts';
import { changedFields } from '../api/client.ts';
import type { Person } from './types.ts';

/**
 * A person's record as the registration and edit forms hold it (text boxes hold strings), and the
 * conversions to the API's input (POST /api/persons, PATCH /api/persons/:id, POST /api/persons/match).
 */
export interface PersonDraft {
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  /** Other names and aliases, one per line */
  otherNames: string;
  sex: string;
  gender: string;
  dobPrecision: DobPrecision;
  dobDate: string;
  dobYear: string;
  ageMin: string;
  ageMax: string;
  /** The day an age range was estimated on; kept while the range is not changed */
  ageAsOf: string;
  citizenships: string[];
  pueblo: string;
  linguisticCommunity: string;
  primaryLanguage: string;
  otherLanguages: string[];
  interpreterNeeded: boolean;
  departmentCode: string;
  municipalityCode: string;
  community: string;
  educationLevel: string;
  disabilities: string[];
}

export type PersonInput = Record<string, unknown>;

export const emptyDraft = (): PersonDraft => ({
  givenNames: '',
  firstSurname: '',
  secondSurname: '',
  otherNames: '',
  sex: '',
  gender: '',
  dobPrecision: 'unknown',
  dobDate: '',
  dobYear: '',
  ageMin: '',
  ageMax: '',
  ageAsOf: '',
  citizenships: [],
  pueblo: '',
  linguisticCommunity: '',
  primaryLanguage: '',
  otherLanguages: [],
  interpreterNeeded: false,
  departmentCode: '',
  municipalityCode: '',
  community: '',
  educationLevel: '',
  disabilities: [],
});

export function draftOf(person: Person): PersonDraft {
  const dob = person.dateOfBirth;
  return {
    givenNames: person.givenNames ?? '',
    firstSurname: person.firstSurname ?? '',
    secondSurname: person.secondSurname ?? '',
    otherNames: (person.otherNames ?? []).join('\n'),
    sex: person.sex ?? '',
    gender: person.gender ?? '',
    dobPrecision: dob?.precision ?? 'unknown',
    dobDate: dob?.precision === 'exact' ? dob.date : '',
    dobYear: dob?.precision === 'year' ? String(dob.year) : '',
    ageMin: dob?.precision === 'age_range' ? String(dob.ageMin) : '',
    ageMax: dob?.precision === 'age_range' ? String(dob.ageMax) : '',
    ageAsOf: dob?.precision === 'age_range' ? dob.asOf : '',
    citizenships: person.citizenships ?? [],
    pueblo: person.pueblo ?? '',
    linguisticCommunity: person.linguisticCommunity ?? '',
    primaryLanguage: person.languages?.primary ?? '',
    otherLanguages: person.languages?.others ?? [],
    interpreterNeeded: person.languages?.interpreterNeeded ?? false,
    departmentCode: person.origin?.departmentCode ?? '',
    municipalityCode: person.origin?.municipalityCode ?? '',
    community: person.origin?.community ?? '',
    educationLevel: person.educationLevel ?? '',
    disabilities: person.disabilities ?? [],
  };
}

const text = (value: string) => value.trim() || null;
/** A whole number typed in a box; a non-number is sent as it is so the server names the field. */
const whole = (value: string): number | string => (/^\s*\d+\s*$/.test(value) ? Number(value) : value.trim());

function dateOfBirthOf(draft: PersonDraft): unknown {
  switch (draft.dobPrecision) {
    case 'exact':
      return { precision: 'exact', date: draft.dobDate };
    case 'year':
      return { precision: 'year', year: whole(draft.dobYear) };
    case 'age_range':
      return {
        precision: 'age_range',
        ageMin: whole(draft.ageMin),
        ageMax: whole(draft.ageMax === '' ? draft.ageMin : draft.ageMax),
        ...(draft.ageAsOf && { asOf: draft.ageAsOf }),
      };
    default:
      return null;
  }
}

/** Every field of the input, empty ones as null (or an empty list). */
export function inputOf(draft: PersonDraft): PersonInput {
  const origin = {
    departmentCode: draft.departmentCode || null,
    municipalityCode: draft.municipalityCode || null,
    community: text(draft.community),
  };
  return {
    givenNames: draft.givenNames.trim(),
    firstSurname: text(draft.firstSurname),
    secondSurname: text(draft.secondSurname),
    otherNames: draft.otherNames
      .split('\n')
      .map((name) => name.trim())
      .filter(Boolean),
    sex: draft.sex || null,
    gender: draft.gender || null,
    dateOfBirth: dateOfBirthOf(draft),
    citizenships: draft.citizenships,
    pueblo: draft.pueblo || null,
    linguisticCommunity: text(draft.linguisticCommunity),
    languages: {
      primary: draft.primaryLanguage || null,
      others: draft.otherLanguages,
      interpreterNeeded: draft.interpreterNeeded,
    },
    origin: Object.values(origin).some((value) => value !== null) ? origin : null,
    educationLevel: draft.educationLevel || null,
    disabilities: draft.disabilities,
  };
}

const classOf = (field: string): FieldClass =>
  (PERSON_FIELD_CLASSES as Record<string, FieldClass>)[field] ?? 'general';

function isEmpty(field: string, value: unknown): boolean {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return true;
  if (field !== 'languages') return false;
  const languages = value as { primary: string | null; others: string[]; interpreterNeeded: boolean };
  return !languages.primary && languages.others.length === 0 && !languages.interpreterNeeded;
}

/** What a registration sends: the fields filled in that the user may write (need-to-know applies to writing). */
export function creationInput(draft: PersonDraft, cleared: (fieldClass: FieldClass) => boolean): PersonInput {
  return Object.fromEntries(
    Object.entries(inputOf(draft)).filter(
      ([field, value]) => field === 'givenNames' || (!isEmpty(field, value) && cleared(classOf(field))),
    ),
  );
}

/** What an edit sends: only the fields that changed, never one the server withheld from this reader. */
export function updateInput(person: Person, draft: PersonDraft): PersonInput {
  const changes = changedFields(inputOf(draftOf(person)), inputOf(draft));
  return Object.fromEntries(Object.entries(changes).filter(([field]) => !person.redacted.includes(field)));
}

/** What registration matching compares: the name and what is known of the date of birth. */
export function matchInput(draft: PersonDraft): PersonInput {
  const input = inputOf(draft);
  return {
    givenNames: input.givenNames,
    ...(input.firstSurname !== null && { firstSurname: input.firstSurname }),
    ...(input.secondSurname !== null && { secondSurname: input.secondSurname }),
    ...(input.dateOfBirth !== null && { dateOfBirth: input.dateOfBirth }),
  };
}
