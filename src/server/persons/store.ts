import { sql, type Insertable, type Updateable } from 'kysely';
import { foldName, type PersonName } from '../../core/names/normalise.ts';
import { addTextTokens, personNameTokens } from '../../core/names/search-terms.ts';
import type { CreatePersonInput, UpdatePersonInput } from '../../core/cases/person-input.ts';
import { relinkPerson } from '../linkage/relink.ts';
import type { RecordedBirth } from '../linkage/person-record.ts';
import { todayUtc } from '../../core/dates.ts';
import { pageWithCappedTotal, type CappedTotal } from '../platform/http/pagination.ts';
import { notFound } from '../platform/http/problem.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Context } from '../platform/http/route.ts';
import { dayString } from '../cases/shared.ts';
import type { PersonTable } from '../cases/tables.ts';
import { personVisible, readThroughSharing, viewerOf, type Viewer } from '../cases/visibility.ts';

/** The scoped store of persons: every read applies personVisible. */

export const personColumns = [
  'person.id',
  'person.agency_id',
  'person.given_names',
  'person.first_surname',
  'person.second_surname',
  'person.other_names',
  'person.sex',
  'person.gender',
  'person.dob_precision',
  'person.dob_date',
  'person.dob_year',
  'person.dob_age_min',
  'person.dob_age_max',
  'person.dob_as_of',
  'person.citizenships',
  'person.pueblo',
  'person.linguistic_community',
  'person.primary_language',
  'person.other_languages',
  'person.interpreter_needed',
  'person.origin_department',
  'person.origin_municipality',
  'person.origin_community',
  'person.education_level',
  'person.disabilities',
  'person.restricted',
  'person.registered_by',
  'person.version',
  'person.created_at',
  'person.updated_at',
] as const;

export interface PersonRow {
  id: string;
  agency_id: string;
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
  other_names: string[];
  sex: string | null;
  gender: string | null;
  dob_precision: string;
  dob_date: Date | string | null;
  dob_year: number | null;
  dob_age_min: number | null;
  dob_age_max: number | null;
  dob_as_of: Date | string | null;
  citizenships: string[];
  pueblo: string | null;
  linguistic_community: string | null;
  primary_language: string | null;
  other_languages: string[];
  interpreter_needed: boolean;
  origin_department: string | null;
  origin_municipality: string | null;
  origin_community: string | null;
  education_level: string | null;
  disabilities: string[];
  restricted: boolean;
  registered_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export type DateOfBirth =
  | { precision: 'unknown' }
  | { precision: 'exact'; date: string }
  | { precision: 'year'; year: number }
  | { precision: 'age_range'; ageMin: number; ageMax: number; asOf: string };

/** A person's fields as the API names them, before the presenter. */
export interface PersonFields {
  givenNames: string;
  firstSurname: string | null;
  secondSurname: string | null;
  otherNames: string[];
  sex: string | null;
  gender: string | null;
  dateOfBirth: DateOfBirth;
  citizenships: string[];
  pueblo: string | null;
  linguisticCommunity: string | null;
  languages: { primary: string | null; others: string[]; interpreterNeeded: boolean };
  origin: { departmentCode: string | null; municipalityCode: string | null; community: string | null } | null;
  educationLevel: string | null;
  disabilities: string[];
}

/** The fields whose changes the history records. */
export const PERSON_HISTORY_FIELDS = [
  'givenNames',
  'firstSurname',
  'secondSurname',
  'otherNames',
  'sex',
  'gender',
  'dateOfBirth',
  'citizenships',
  'pueblo',
  'linguisticCommunity',
  'languages',
  'origin',
  'educationLevel',
  'disabilities',
] as const satisfies readonly (keyof PersonFields)[];

/** The date of birth stored in a person row's dob_* columns, with its precision. */
export function dateOfBirthOf(
  row: Pick<
    PersonRow,
    'dob_precision' | 'dob_date' | 'dob_year' | 'dob_age_min' | 'dob_age_max' | 'dob_as_of'
  >,
): DateOfBirth {
  switch (row.dob_precision) {
    case 'exact':
      return { precision: 'exact', date: dayString(row.dob_date)! };
    case 'year':
      return { precision: 'year', year: row.dob_year! };
    case 'age_range':
      return {
        precision: 'age_range',
        ageMin: row.dob_age_min!,
        ageMax: row.dob_age_max!,
        asOf: dayString(row.dob_as_of)!,
      };
    default:
      return { precision: 'unknown' };
  }
}

export function personFieldsOf(row: PersonRow): PersonFields {
  const hasOrigin = row.origin_department ?? row.origin_municipality ?? row.origin_community;
  return {
    givenNames: row.given_names,
    firstSurname: row.first_surname,
    secondSurname: row.second_surname,
    otherNames: row.other_names,
    sex: row.sex,
    gender: row.gender,
    dateOfBirth: dateOfBirthOf(row),
    citizenships: row.citizenships,
    pueblo: row.pueblo,
    linguisticCommunity: row.linguistic_community,
    languages: {
      primary: row.primary_language,
      others: row.other_languages,
      interpreterNeeded: row.interpreter_needed,
    },
    origin: hasOrigin
      ? {
          departmentCode: row.origin_department,
          municipalityCode: row.origin_municipality,
          community: row.origin_community,
        }
      : null,
    educationLevel: row.education_level,
    disabilities: row.disabilities,
  };
}

/** A date of birth as the person table stores it: its precision, and the columns that precision uses. */
export function dobColumnsOf(dob: RecordedBirth) {
  return {
    dob_precision: dob.precision,
    dob_date: dob.precision === 'exact' ? dob.date : null,
    dob_year: dob.precision === 'year' ? dob.year : null,
    dob_age_min: dob.precision === 'age_range' ? dob.ageMin : null,
    dob_age_max: dob.precision === 'age_range' ? dob.ageMax : null,
    dob_as_of: dob.precision === 'age_range' ? (dob.asOf ?? todayUtc()) : null,
  };
}

/** Columns written for the fields present in the input (undefined: left as they are). */
export function personColumnsOf(input: UpdatePersonInput): Updateable<PersonTable> {
  const columns: Updateable<PersonTable> = {};
  const set = <K extends keyof Updateable<PersonTable>>(
    key: K,
    value: Updateable<PersonTable>[K] | undefined,
  ) => {
    if (value !== undefined) columns[key] = value;
  };
  set('given_names', input.givenNames);
  set('first_surname', input.firstSurname);
  set('second_surname', input.secondSurname);
  set('other_names', input.otherNames);
  set('sex', input.sex);
  set('gender', input.gender);
  set('citizenships', input.citizenships);
  set('pueblo', input.pueblo);
  set('linguistic_community', input.linguisticCommunity);
  set('education_level', input.educationLevel);
  set('disabilities', input.disabilities);
  if (input.dateOfBirth !== undefined)
    Object.assign(columns, dobColumnsOf(input.dateOfBirth ?? { precision: 'unknown' }));
  if (input.languages !== undefined) {
    Object.assign(columns, {
      primary_language: input.languages.primary,
      other_languages: input.languages.others,
      interpreter_needed: input.languages.interpreterNeeded,
    });
  }
  if (input.origin !== undefined) {
    Object.assign(columns, {
      origin_department: input.origin?.departmentCode ?? null,
      origin_municipality: input.origin?.municipalityCode ?? null,
      origin_community: input.origin?.community ?? null,
    });
  }
  return columns;
}

interface NameParts {
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
  other_names: string[];
}

const personNameOf = (p: NameParts): PersonName => ({
  givenNames: [p.given_names],
  ...(p.first_surname && { firstSurname: p.first_surname }),
  ...(p.second_surname && { secondSurname: p.second_surname }),
});

/** The folded full name (with other names) that trigram similarity runs on. */
export const searchNameOf = (p: NameParts) =>
  foldName([p.given_names, p.first_surname, p.second_surname, ...p.other_names].filter(Boolean).join(' '));

/** A token as one lexeme of a tsvector or tsquery, verbatim (quoted, not parsed into words). */
export const tsLexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Search tokens as the text of a tsvector (person.name_tokens). */
export const nameTokensVector = (tokens: Iterable<string>) => [...tokens].map(tsLexeme).join(' ');

/** Replaces the person's search tokens: given names, surnames and other names, folded and phonetic. */
export async function writeNameTokens(db: Executor, personId: string, agencyId: string, p: NameParts) {
  const tokens = new Set(personNameTokens(personNameOf(p)));
  for (const other of p.other_names) addTextTokens(other, tokens);
  await db.deleteFrom('person_name_token').where('person_id', '=', personId).execute();
  if (tokens.size > 0)
    await db
      .insertInto('person_name_token')
      .values([...tokens].map((token) => ({ agency_id: agencyId, token, person_id: personId })))
      .execute();
  await db
    .updateTable('person')
    .set({ name_tokens: nameTokensVector(tokens) })
    .where('id', '=', personId)
    .execute();
}

export async function insertPerson(ctx: Context, input: CreatePersonInput): Promise<PersonRow> {
  const names: NameParts = {
    given_names: input.givenNames,
    first_surname: input.firstSurname ?? null,
    second_surname: input.secondSurname ?? null,
    other_names: input.otherNames ?? [],
  };
  const values = {
    ...personColumnsOf(input),
    agency_id: ctx.actor.agencyId,
    given_names: input.givenNames,
    search_name: searchNameOf(names),
    registered_by: ctx.actor.userId,
  } as Insertable<PersonTable>;
  const row = await ctx.db
    .insertInto('person')
    .values(values)
    .returning(personColumns)
    .executeTakeFirstOrThrow();
  await writeNameTokens(ctx.db, row.id, row.agency_id, names);
  await relinkPerson(ctx, row.id);
  return row;
}

/** One visible person, with `in_scope` false when only an emergency access to one of their cases reaches them. */
export async function findPerson(
  db: Executor,
  viewer: Viewer,
  id: string,
  forUpdate = false,
): Promise<(PersonRow & { in_scope: boolean }) | undefined> {
  let query = db
    .selectFrom('person')
    .select(personColumns)
    .select((eb) =>
      sql<boolean>`${personVisible(eb, viewer, { emergency: false, shared: true })}`.as('in_scope'),
    )
    .where('person.id', '=', id)
    .where((eb) => personVisible(eb, viewer, { shared: true }));
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** One visible person; outside scope and nonexistent are the same 404. */
export async function personOrNotFound(
  ctx: Context,
  id: string,
  forUpdate = false,
): Promise<PersonRow & { in_scope: boolean }> {
  const row = await findPerson(ctx.db, await viewerOf(ctx), id, forUpdate);
  if (!row) throw notFound('La persona');
  await readThroughSharing(ctx, { personId: row.id, agencyId: row.agency_id });
  return row;
}

export async function listPersons(
  ctx: Context,
  page: { limit: number; offset: number },
): Promise<{ rows: PersonRow[] } & CappedTotal> {
  const viewer = await viewerOf(ctx);
  const base = ctx.db.selectFrom('person').where((eb) => personVisible(eb, viewer));
  if (viewer.scope.kind === 'team' || viewer.scope.kind === 'own') {
    // A narrow scope's persons are all read to sort them anyway: they are counted in the same pass.
    const rows = await base
      .select(personColumns)
      .select(sql<number>`(count(*) OVER ())::int`.as('total'))
      .orderBy('person.created_at', 'desc')
      .orderBy('person.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    if (rows.length > 0 || page.offset === 0) return { rows, total: rows[0]?.total ?? 0, totalCapped: false };
  }
  const rows = base
    .select(personColumns)
    .orderBy('person.created_at', 'desc')
    .orderBy('person.id')
    .limit(page.limit)
    .offset(page.offset);
  return pageWithCappedTotal(ctx.db, rows, base, page, ctx.services.config.listTotalCap);
}

/** The fields record linkage reads of a person (src/server/linkage/person-record.ts), besides the parents. */
const LINKED_FIELDS = [
  'givenNames',
  'firstSurname',
  'secondSurname',
  'sex',
  'dateOfBirth',
  'origin',
] as const satisfies readonly (keyof UpdatePersonInput)[];

/** Applies an update (already validated) and refreshes the search tokens when a name changed. */
export async function updatePersonRow(
  ctx: Context,
  before: PersonRow,
  input: UpdatePersonInput,
  version: Record<string, unknown>,
): Promise<PersonRow> {
  const names: NameParts = {
    given_names: input.givenNames ?? before.given_names,
    first_surname: input.firstSurname !== undefined ? input.firstSurname : before.first_surname,
    second_surname: input.secondSurname !== undefined ? input.secondSurname : before.second_surname,
    other_names: input.otherNames ?? before.other_names,
  };
  const nameChanged =
    input.givenNames !== undefined ||
    input.firstSurname !== undefined ||
    input.secondSurname !== undefined ||
    input.otherNames !== undefined;
  const row = await ctx.db
    .updateTable('person')
    .set({
      ...personColumnsOf(input),
      ...(nameChanged && { search_name: searchNameOf(names) }),
      ...version,
    })
    .where('person.id', '=', before.id)
    .returning(personColumns)
    .executeTakeFirstOrThrow();
  if (nameChanged) await writeNameTokens(ctx.db, row.id, row.agency_id, names);
  if (LINKED_FIELDS.some((field) => input[field] !== undefined)) await relinkPerson(ctx, row.id);
  return row;
}

export interface NoContactRow {
  id: string;
  person_id: string;
  name: string;
  relationship: string;
  no_contact_reason: string | null;
  no_contact_source: string | null;
}

/**
 * The persons' names, as a reference to a person inside another record shows them (presentPersonRef);
 * undefined for no persons, like the other reads sent together (platform/db/together.ts).
 */
export function personRefsQuery(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return undefined;
  return db
    .selectFrom('person')
    .select(['id', 'given_names', 'first_surname', 'second_surname'])
    .where('id', 'in', [...new Set(personIds)]);
}

/** The no-contact relatives and contacts of the persons (see noContactByPerson); undefined for no persons. */
export function noContactQuery(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return undefined;
  return db
    .selectFrom('person_relation')
    .select(['id', 'person_id', 'name', 'relationship', 'no_contact_reason', 'no_contact_source'])
    .where('person_id', 'in', [...new Set(personIds)])
    .where('no_contact', '=', true)
    .orderBy('created_at')
    .orderBy('id');
}

export function noContactByPerson(personIds: string[], rows: NoContactRow[]): Map<string, NoContactRow[]> {
  const byPerson = new Map<string, NoContactRow[]>(personIds.map((id) => [id, []]));
  for (const row of rows) byPerson.get(row.person_id)?.push(row);
  return byPerson;
}

/** The no-contact relatives and contacts of each person, by person id. */
export async function noContactOf(db: Executor, personIds: string[]): Promise<Map<string, NoContactRow[]>> {
  return noContactByPerson(personIds, (await noContactQuery(db, personIds)?.execute()) ?? []);
}
