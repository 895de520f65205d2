import type { SyntheticRecord } from '../../core/synthetic/index.ts';
import {
  amparoSpec,
  prepareRecord,
  type FieldKind,
  type LinkInput,
  type LinkageSpec,
  type PreparedRecord,
  type RecordSchema,
  type SharedParts,
} from '../../core/linkage/index.ts';
import { dateOfBirthOf } from '../persons/store.ts';
import type { Executor } from '../platform/db/database.ts';
import './tables.ts';

/**
 * Persons as the linkage engine reads them (src/core/linkage): the fields of the person record, the mother's
 * and father's names from the family relations, and what a registration or a tracing request knows. The
 * engine's configuration for these fields is fixed, so that stored blocking keys and model parameters fit.
 */

const PERSON_KINDS: FieldKind[] = [
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'birth_date',
  'birth_precision',
  'birth_year_min',
  'birth_year_max',
  'department',
  'municipality',
  'mother_name',
  'father_name',
];

export const PERSON_SCHEMA: RecordSchema = { kinds: new Set(PERSON_KINDS), generic: [] };
export const PERSON_SPEC: LinkageSpec = amparoSpec(PERSON_SCHEMA);

/** What is known of a person: a registered record, a registration being typed, or a tracing request. */
export interface KnownPerson {
  givenNames: string;
  firstSurname?: string | null;
  secondSurname?: string | null;
  sex?: string | null;
  /** An exact date (YYYY-MM-DD), or the years the birth may fall in. */
  birth?: { date: string } | { yearMin: number; yearMax: number } | null;
  departmentCode?: string | null;
  municipalityCode?: string | null;
  motherName?: string | null;
  fatherName?: string | null;
}

/** A date of birth as the person registry records it. */
export type RecordedBirth =
  | { precision: 'unknown' }
  | { precision: 'exact'; date: string }
  | { precision: 'year'; year: number }
  | { precision: 'age_range'; ageMin: number; ageMax: number; asOf?: string };

const today = () => new Date().toISOString().slice(0, 10);

/** The years a recorded birth allows: an age range at a date spans one more year than its ages. */
export function birthOf(dob: RecordedBirth | null | undefined): KnownPerson['birth'] {
  switch (dob?.precision) {
    case 'exact':
      return { date: dob.date };
    case 'year':
      return { yearMin: dob.year, yearMax: dob.year };
    case 'age_range': {
      const asOf = Number((dob.asOf ?? today()).slice(0, 4));
      return { yearMin: asOf - dob.ageMax - 1, yearMax: asOf - dob.ageMin };
    }
    default:
      return null;
  }
}

/** What the registry knows of a synthetic record, as the linkage benchmark loads it. */
export function knownOfSynthetic(r: SyntheticRecord): KnownPerson {
  return {
    givenNames: r.givenNames.join(' '),
    firstSurname: r.firstSurname,
    secondSurname: r.secondSurname,
    sex: r.sex,
    birth: birthOf(r.birth),
    departmentCode: r.departmentCode,
    municipalityCode: r.municipalityCode,
    motherName: r.motherName,
    fatherName: r.fatherName,
  };
}

const text = (value: string | null | undefined) => (value ? value : undefined);

export function linkInputOf(id: string, person: KnownPerson): LinkInput {
  const birth = person.birth;
  const values: LinkInput['values'] = {
    given_names: person.givenNames,
    first_surname: text(person.firstSurname),
    second_surname: text(person.secondSurname),
    // "unknown" says nothing: it must not disagree with a known sex.
    sex: person.sex && person.sex !== 'unknown' ? person.sex : undefined,
    department: text(person.departmentCode),
    municipality: text(person.municipalityCode),
    mother_name: text(person.motherName),
    father_name: text(person.fatherName),
  };
  if (birth && 'date' in birth) Object.assign(values, { birth_date: birth.date, birth_precision: 'exact' });
  else if (birth) {
    Object.assign(values, {
      birth_precision: 'range',
      birth_year_min: String(birth.yearMin),
      birth_year_max: String(birth.yearMax),
    });
  }
  return { id, values };
}

export const prepareKnown = (
  id: string,
  person: KnownPerson,
  index = 0,
  parts?: SharedParts,
): PreparedRecord => prepareRecord(linkInputOf(id, person), index, PERSON_SCHEMA, parts);

/** The columns linkage reads from `person`. */
export const LINKAGE_PERSON_COLUMNS = [
  'person.id',
  'person.agency_id',
  'person.given_names',
  'person.first_surname',
  'person.second_surname',
  'person.sex',
  'person.dob_precision',
  'person.dob_date',
  'person.dob_year',
  'person.dob_age_min',
  'person.dob_age_max',
  'person.dob_as_of',
  'person.origin_department',
  'person.origin_municipality',
  'person.restricted',
] as const;

export interface LinkagePersonRow {
  id: string;
  agency_id: string;
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
  sex: string | null;
  dob_precision: string;
  dob_date: Date | string | null;
  dob_year: number | null;
  dob_age_min: number | null;
  dob_age_max: number | null;
  dob_as_of: Date | string | null;
  origin_department: string | null;
  origin_municipality: string | null;
  restricted: boolean;
}

export interface Parents {
  mother?: string;
  father?: string;
}

export function knownOf(row: LinkagePersonRow, parents: Parents = {}): KnownPerson {
  return {
    givenNames: row.given_names,
    firstSurname: row.first_surname,
    secondSurname: row.second_surname,
    sex: row.sex,
    birth: birthOf(dateOfBirthOf(row)),
    departmentCode: row.origin_department,
    municipalityCode: row.origin_municipality,
    motherName: parents.mother,
    fatherName: parents.father,
  };
}

/** The mother's and father's names of each person, from the first such family relation recorded. */
export async function parentsOf(db: Executor, personIds: readonly string[]): Promise<Map<string, Parents>> {
  const byPerson = new Map<string, Parents>();
  if (personIds.length === 0) return byPerson;
  const rows = await db
    .selectFrom('person_relation')
    .select(['person_id', 'relationship', 'name'])
    .where('person_id', 'in', [...new Set(personIds)])
    .where('kind', '=', 'family')
    .where('relationship', 'in', ['mother', 'father'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) addParent(byPerson, row);
  return byPerson;
}

export function addParent(
  byPerson: Map<string, Parents>,
  row: { person_id: string; relationship: string; name: string },
): void {
  const parents = byPerson.get(row.person_id) ?? {};
  const side = row.relationship === 'mother' ? 'mother' : 'father';
  parents[side] ??= row.name;
  byPerson.set(row.person_id, parents);
}

/**
 * Unmerged persons with their parents, as linkage reads them. `withParents: false` when the record they are
 * compared with names no parent: the parents' comparisons are then unknown whatever they are.
 */
export async function linkagePersons(
  db: Executor,
  ids: readonly string[],
  withParents = true,
): Promise<{ row: LinkagePersonRow; known: KnownPerson }[]> {
  if (ids.length === 0) return [];
  const [rows, parents] = await Promise.all([
    db
      .selectFrom('person')
      .select(LINKAGE_PERSON_COLUMNS)
      .where('person.id', 'in', [...new Set(ids)])
      .where('person.merged_into', 'is', null)
      .execute(),
    withParents ? parentsOf(db, ids) : new Map<string, Parents>(),
  ]);
  return rows.map((row) => ({ row, known: knownOf(row, parents.get(row.id)) }));
}
