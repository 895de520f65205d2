import { sql } from 'kysely';
import type { Db, Executor } from '../platform/db/database.ts';
import { loadShippedCountries, loadShippedPlaces, shippedLanguages, shippedPueblos } from './shipped.ts';
import type {} from './tables.ts';

type Row = Record<string, string | number | boolean | null>;

/**
 * Inserts shipped entries that are missing and brings entries nobody has edited up to the shipped values
 * (so a corrected name in a new release reaches existing installations). An entry an administrator changed
 * (edited_at set) is left exactly as it is. Running it again changes nothing.
 */
async function upsertShipped(db: Executor, table: string, rows: Row[], content: string[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = ['code', ...content];
  const t = sql.table(table);
  await sql`
    INSERT INTO ${t} (${sql.join(columns.map((c) => sql.ref(c)))})
    VALUES ${sql.join(rows.map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`))}
    ON CONFLICT (code) DO UPDATE SET
      ${sql.join(content.map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))},
      version = ${sql.ref(`${table}.version`)} + 1,
      updated_at = now()
    WHERE ${sql.ref(`${table}.edited_at`)} IS NULL
      AND (${sql.join(content.map((c) => sql.ref(`${table}.${c}`)))})
        IS DISTINCT FROM (${sql.join(content.map((c) => sql.ref(`excluded.${c}`)))})
  `.execute(db);
}

/** Seeds the reference lists at start-up (idempotent; see upsertShipped). */
export async function ensureReferenceData(db: Db): Promise<void> {
  const places = loadShippedPlaces();
  const placeRow = (p: (typeof places)[number]): Row => ({
    code: p.code,
    kind: p.kind,
    department_code: p.departmentCode,
    pcode: p.pcode,
    name_es: p.name,
    name_en: p.name,
    area_km2: p.areaKm2,
    centroid_lat: p.centroidLat,
    centroid_lon: p.centroidLon,
  });
  const placeColumns = Object.keys(placeRow(places[0]!)).filter((c) => c !== 'code');
  await db.transaction().execute(async (trx) => {
    // Departments before municipalities: a municipality refers to its department.
    await upsertShipped(
      trx,
      'place',
      places.filter((p) => p.kind === 'department').map(placeRow),
      placeColumns,
    );
    await upsertShipped(
      trx,
      'place',
      places.filter((p) => p.kind !== 'department').map(placeRow),
      placeColumns,
    );
    await upsertShipped(
      trx,
      'pueblo',
      shippedPueblos().map((p) => ({
        code: p.code,
        name_es: p.nameEs,
        name_en: p.nameEn,
        verify: p.verify,
        sort_order: p.sortOrder,
      })),
      ['name_es', 'name_en', 'verify', 'sort_order'],
    );
    await upsertShipped(
      trx,
      'language',
      shippedLanguages().map((l) => ({
        code: l.code,
        name_es: l.nameEs,
        name_en: l.nameEn,
        family: l.family,
        comunidad: l.comunidad,
        pueblo_code: l.pueblo,
        verify: l.verify,
        sort_order: l.sortOrder,
      })),
      ['name_es', 'name_en', 'family', 'comunidad', 'pueblo_code', 'verify', 'sort_order'],
    );
    await upsertShipped(
      trx,
      'country',
      loadShippedCountries().map((c) => ({
        code: c.code,
        alpha3: c.alpha3,
        numeric_code: c.numeric,
        name_es: c.nameEs,
        name_en: c.nameEn,
      })),
      ['alpha3', 'numeric_code', 'name_es', 'name_en'],
    );
  });
}
