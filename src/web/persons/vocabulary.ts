import {
  DISABILITY_DOMAINS,
  DOB_PRECISIONS,
  EDUCATION_LEVELS,
  GENDERS,
  IDENTITY_DOCUMENT_TYPES,
  NO_CONTACT_SOURCES,
  RELATION_KINDS,
  RELATIONSHIPS,
  SEXES,
} from '../../core/cases/vocabulary.ts';
import type { MessageKey, MessageValues } from '../i18n/i18n.ts';
import type { Option } from '../ui/fields.tsx';

export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** How search found a person (GET /api/persons/search `matchedBy`). */
export const MATCHED_BY = ['name', 'similar_name', 'identity_document', 'case_number'] as const;
/** Why registration matching proposes a person (POST /api/persons/match `reasons`). */
export const MATCH_REASONS = [
  'given_name',
  'other_given_name',
  'surnames_swapped',
  'first_surname',
  'surname_in_other_position',
  'second_surname',
  'date_of_birth_compatible',
  'date_of_birth_conflict',
] as const;

/**
 * The closed vocabularies a person record uses, by the prefix of their labels in the `persons` catalogue
 * (`persons.sex.female` …). vocabulary.test.ts checks that every value has a label in both languages.
 */
export const PERSON_VOCABULARIES = {
  'persons.sex': SEXES,
  'persons.gender': GENDERS,
  'persons.dobPrecision': DOB_PRECISIONS,
  'persons.education': EDUCATION_LEVELS,
  'persons.disability': DISABILITY_DOMAINS,
  'persons.documentType': IDENTITY_DOCUMENT_TYPES,
  'persons.relationKind': RELATION_KINDS,
  'persons.relationship': RELATIONSHIPS,
  'persons.noContactSource': NO_CONTACT_SOURCES,
  'persons.matchedBy': MATCHED_BY,
  'persons.matchReason': MATCH_REASONS,
} as const;

/** The label of a vocabulary value; an unknown value (e.g. added on the server later) is shown as it is. */
export function vocabularyLabel(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}

export const vocabularyOptions = (t: Translate, prefix: string, values: readonly string[]): Option[] =>
  values.map((value) => ({ value, label: vocabularyLabel(t, prefix, value) }));

type PersonVocabulary = keyof typeof PERSON_VOCABULARIES;

export const personLabel = (t: Translate, vocabulary: PersonVocabulary, value: string | null | undefined) =>
  vocabularyLabel(t, vocabulary, value);

export const personOptions = (t: Translate, vocabulary: PersonVocabulary) =>
  vocabularyOptions(t, vocabulary, PERSON_VOCABULARIES[vocabulary]);
