import { DEFAULT_MAX_BLOCK_SIZE, type PreparedRecord } from '../../core/linkage/index.ts';
import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { linkagePersons, PERSON_SPEC, prepareKnown } from './person-record.ts';

/**
 * The blocking keys of persons, stored in `person_block_key` so that a registration, a tracing request or
 * the batch deduplication finds candidates through an index instead of comparing with everyone. A key is
 * a 53-bit hash of the engine's blocking rule and key (e.g. the phonetic keys of a given name and a surname,
 * or a date of birth): exact in a JavaScript number and in a bigint, and no name is stored in it.
 */

/** cyrb53 (public domain): a fast 53-bit string hash with good dispersion. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 2^53: keys are spread evenly below it, so a key's value tells how far an ordered scan has gone. */
export const KEY_SPACE = 2 ** 53;

/** A key shared by more persons than this is too common to narrow anything down (as in the engine). */
export const MAX_BLOCK_SIZE = DEFAULT_MAX_BLOCK_SIZE;

export function blockKeysOf(record: PreparedRecord): number[] {
  const keys = new Set<number>();
  for (const rule of PERSON_SPEC.blocking) {
    for (const key of rule.keys(record)) keys.add(hash53(`${rule.name}\u0001${key}`));
  }
  return [...keys];
}

const INSERT_CHUNK = 2000;

/** Writes the keys of persons (replacing any they had). */
export async function writeBlockKeys(
  db: Executor,
  persons: readonly { id: string; agencyId: string; keys: readonly number[] }[],
): Promise<void> {
  if (persons.length === 0) return;
  await db
    .deleteFrom('person_block_key')
    .where(
      'person_id',
      'in',
      persons.map((p) => p.id),
    )
    .execute();
  const rows = persons.flatMap((p) => p.keys.map((key) => ({ key, person_id: p.id, agency_id: p.agencyId })));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('person_block_key')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/**
 * Recomputes a person's keys from the record and its parents' names; a merged person has none. Called
 * whenever a person or one of their family relations is written.
 */
export async function refreshBlockKeys(db: Executor, personId: string): Promise<void> {
  const [person] = await linkagePersons(db, [personId]);
  if (!person) {
    await db.deleteFrom('person_block_key').where('person_id', '=', personId).execute();
    return;
  }
  const keys = blockKeysOf(prepareKnown(person.row.id, person.known));
  await writeBlockKeys(db, [{ id: person.row.id, agencyId: person.row.agency_id, keys }]);
}

/**
 * Persons sharing a key with the given keys; keys held by MAX_BLOCK_SIZE persons or more are left out (with
 * the record being matched the block would exceed the engine's limit). At most MAX_BLOCK_SIZE index entries
 * are read per key, however common it is.
 */
export async function personsSharingKeys(db: Executor, keys: readonly number[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  const { rows } = await sql<{ key: number; person_id: string }>`
    SELECT k.key, b.person_id
    FROM unnest(${[...keys]}::bigint[]) AS k (key)
    CROSS JOIN LATERAL (
      SELECT person_id FROM person_block_key WHERE person_block_key.key = k.key LIMIT ${MAX_BLOCK_SIZE}
    ) AS b`.execute(db);
  const sizes = new Map<number, number>();
  for (const row of rows) sizes.set(row.key, (sizes.get(row.key) ?? 0) + 1);
  for (const row of rows) if (sizes.get(row.key)! < MAX_BLOCK_SIZE) found.add(row.person_id);
  return found;
}
