import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { likePattern, nextVersion } from '../admin/shared.ts';
import type {
  CreateLanguage,
  CreatePlace,
  CreatePueblo,
  CountryOut,
  EntryOut,
  LanguageOut,
  PlaceOut,
  PuebloOut,
  ReferenceList,
  UpdateEntry,
} from './schemas.ts';
import type {} from './tables.ts';

/**
 * Reference lists are installation-wide configuration, not agency-owned records: every signed-in user reads
 * them, and holders of setting:manage over the whole installation (scope `all`) edit and add to them. Entries are never deleted (records refer to their codes).
 */

export const TABLE_OF = {
  places: 'place',
  languages: 'language',
  pueblos: 'pueblo',
  countries: 'country',
} as const satisfies Record<ReferenceList, string>;

/** What a code of each list looks like; anything else cannot exist. */
export const CODE_PATTERN: Record<ReferenceList, RegExp> = {
  places: /^\d{2}(\d{2})?$/,
  languages: /^[a-z]{3}$/,
  pueblos: /^[a-z_]{2,40}$/,
  countries: /^[A-Z]{2}$/,
};

export interface Filter {
  code?: string;
  active?: boolean;
  kind?: PlaceOut['kind'];
  department?: string;
  /** Part of the code or of either name, accents and letter case aside. */
  search?: string;
  forUpdate?: boolean;
}

/** The search condition on the common columns (unqualified: each list is read from one table). */
const matches = (term: string) => {
  const pattern = likePattern(term);
  return sql<boolean>`(code ILIKE ${pattern} OR unaccent(name_es) ILIKE unaccent(${pattern})
    OR unaccent(name_en) ILIKE unaccent(${pattern}))`;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const common = ['code', 'name_es', 'name_en', 'active', 'version', 'edited_at'] as const;

interface CommonRow {
  code: string;
  name_es: string;
  name_en: string;
  active: boolean;
  version: number;
  edited_at: Date | null;
}

const presentCommon = (row: CommonRow) => ({
  code: row.code,
  nameEs: row.name_es,
  nameEn: row.name_en,
  active: row.active,
  version: row.version,
  editedAt: iso(row.edited_at),
});

export async function selectPlaces(db: Executor, filter: Filter): Promise<PlaceOut[]> {
  let query = db
    .selectFrom('place')
    .select([...common, 'kind', 'department_code', 'pcode', 'area_km2', 'centroid_lat', 'centroid_lon']);
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.search) query = query.where(matches(filter.search));
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.department !== undefined) query = query.where('department_code', '=', filter.department);
  if (filter.forUpdate) query = query.forUpdate();
  const rows = await query.orderBy('code').execute();
  return rows.map((row) => ({
    ...presentCommon(row),
    kind: row.kind,
    departmentCode: row.department_code,
    pcode: row.pcode,
    areaKm2: row.area_km2,
    centroid:
      row.centroid_lat === null || row.centroid_lon === null
        ? null
        : { lat: row.centroid_lat, lon: row.centroid_lon },
  }));
}

export async function selectPueblos(db: Executor, filter: Filter): Promise<PuebloOut[]> {
  let query = db.selectFrom('pueblo').select([...common, 'verify', 'sort_order']);
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.search) query = query.where(matches(filter.search));
  if (filter.forUpdate) query = query.forUpdate();
  const rows = await query.orderBy('sort_order').orderBy('code').execute();
  return rows.map((row) => ({ ...presentCommon(row), verify: row.verify, sortOrder: row.sort_order }));
}

export async function selectLanguages(db: Executor, filter: Filter): Promise<LanguageOut[]> {
  let query = db
    .selectFrom('language')
    .select([...common, 'family', 'comunidad', 'pueblo_code', 'verify', 'sort_order']);
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.search) query = query.where(matches(filter.search));
  if (filter.forUpdate) query = query.forUpdate();
  const rows = await query.orderBy('sort_order').orderBy('code').execute();
  return rows.map((row) => ({
    ...presentCommon(row),
    family: row.family,
    comunidad: row.comunidad,
    pueblo: row.pueblo_code,
    verify: row.verify,
    sortOrder: row.sort_order,
  }));
}

export async function selectCountries(db: Executor, filter: Filter): Promise<CountryOut[]> {
  let query = db.selectFrom('country').select([...common, 'alpha3', 'numeric_code']);
  if (filter.code !== undefined) query = query.where('code', '=', filter.code);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.search) query = query.where(matches(filter.search));
  if (filter.forUpdate) query = query.forUpdate();
  const rows = await query.orderBy('name_es').orderBy('code').execute();
  return rows.map((row) => ({ ...presentCommon(row), alpha3: row.alpha3, numeric: row.numeric_code }));
}

export const SELECT: Record<ReferenceList, (db: Executor, filter: Filter) => Promise<EntryOut[]>> = {
  places: selectPlaces,
  languages: selectLanguages,
  pueblos: selectPueblos,
  countries: selectCountries,
};

/** One entry, locked for an update; undefined when the code does not exist. */
export async function findEntryForUpdate(
  db: Executor,
  list: ReferenceList,
  code: string,
): Promise<EntryOut | undefined> {
  if (!CODE_PATTERN[list].test(code)) return undefined;
  const [entry] = await SELECT[list](db, { code, forUpdate: true });
  return entry;
}

/** Applies an administrator's change and marks the entry as edited, so the seeding never overwrites it. */
export async function updateEntry(
  db: Executor,
  list: ReferenceList,
  code: string,
  change: UpdateEntry,
  userId: string,
): Promise<EntryOut> {
  await db
    .updateTable(TABLE_OF[list])
    .set({
      ...(change.nameEs !== undefined && { name_es: change.nameEs }),
      ...(change.nameEn !== undefined && { name_en: change.nameEn }),
      ...(change.active !== undefined && { active: change.active }),
      edited_at: sql<Date>`now()`,
      edited_by: userId,
      ...nextVersion(),
    })
    .where('code', '=', code)
    .execute();
  const [entry] = await SELECT[list](db, { code });
  return entry!;
}

/** Who added an entry, and when: an added entry counts as edited, so the seeding never touches it. */
const addedBy = (userId: string) => ({ edited_at: sql<Date>`now()`, edited_by: userId });

/** The next position at the end of a list kept in a chosen order. */
const lastPosition = (table: 'language' | 'pueblo') =>
  sql<number>`(SELECT coalesce(max(sort_order), 0) + 1 FROM ${sql.table(table)})`;

export async function insertPlace(db: Executor, body: CreatePlace, userId: string): Promise<PlaceOut> {
  await db
    .insertInto('place')
    .values({
      code: body.code,
      kind: 'municipality',
      department_code: body.code.slice(0, 2),
      pcode: `GT${body.code}`,
      name_es: body.nameEs,
      name_en: body.nameEn ?? body.nameEs,
      area_km2: body.areaKm2 ?? null,
      centroid_lat: body.centroid?.lat ?? null,
      centroid_lon: body.centroid?.lon ?? null,
      version: 1,
      ...addedBy(userId),
    })
    .execute();
  return (await selectPlaces(db, { code: body.code }))[0]!;
}

export async function insertLanguage(
  db: Executor,
  body: CreateLanguage,
  userId: string,
): Promise<LanguageOut> {
  await db
    .insertInto('language')
    .values({
      code: body.code,
      name_es: body.nameEs,
      name_en: body.nameEn,
      family: body.family,
      comunidad: body.comunidad ?? null,
      pueblo_code: body.pueblo ?? null,
      sort_order: lastPosition('language'),
      version: 1,
      ...addedBy(userId),
    })
    .execute();
  return (await selectLanguages(db, { code: body.code }))[0]!;
}

export async function insertPueblo(db: Executor, body: CreatePueblo, userId: string): Promise<PuebloOut> {
  await db
    .insertInto('pueblo')
    .values({
      code: body.code,
      name_es: body.nameEs,
      name_en: body.nameEn,
      sort_order: lastPosition('pueblo'),
      version: 1,
      ...addedBy(userId),
    })
    .execute();
  return (await selectPueblos(db, { code: body.code }))[0]!;
}

/** Whether an entry of the list has this code (active or not). */
export async function entryExists(db: Executor, list: ReferenceList, code: string): Promise<boolean> {
  const row = await db.selectFrom(TABLE_OF[list]).select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}
