import { DEFAULT_MAX_BLOCK_SIZE, type PreparedRecord } from '../../core/linkage/index.ts';
import { sql } from 'kysely';
import type pg from 'pg';
import { copyInto, type CopyRow } from '../platform/db/copy-in.ts';
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

/**
 * A key is the rule's index times 2^48 plus a 48-bit hash of the rule's key: the rule can be read back from
 * the key (each rule has its own block-size limit), and within a rule keys are spread evenly, so a key's
 * value tells how far a scan in key order has gone.
 */
const RULE_SPAN = 2 ** 48;
export const KEY_SPACE = PERSON_SPEC.blocking.length * RULE_SPAN;

/**
 * A key shared by more persons than its rule's limit is too common to narrow anything down and is skipped,
 * as the engine skips blocks over DEFAULT_MAX_BLOCK_SIZE. The engine was tuned on 10,000 records, where its
 * one limit of 250 costs little; in a registry of 10^5–10^6 persons the name rules without a date or a place
 * fill blocks of hundreds of unrelated children. These limits and the rules with the place of origin were
 * chosen on the synthetic set's tuning seed (1) at 1,000,000 persons with `bench/linkage/block-limits.ts` —
 * pairs completeness 99.57 % at 115 block visits per record (95.14 % at 89 with the rules chosen at 100,000)
 * — and are reported on seed 2 in docs/linkage-evaluation.md.
 */
const RULE_LIMITS: Record<string, number> = {
  'given+surname': 150,
  surnames: 60,
  'given+birth_date': DEFAULT_MAX_BLOCK_SIZE,
  birth_date: 100,
};

/**
 * Rules of the engine the registry does not store. They help a small file with typos (Splink's fake_1000),
 * but in a registry they hold hundreds of children per key: at 1,000,000 persons 3,392 of the 7,502 keys of
 * the first three letters with the birth year, and 6,515 of the 7,766 of the place with a two-year window,
 * were over their limit of 20, and the rest found 683 true pairs, none that another rule did not.
 */
const NOT_STORED = new Set(['given_prefix+birth_year', 'place+birth_year_window']);

const LIMITS = PERSON_SPEC.blocking.map((rule) => RULE_LIMITS[rule.name] ?? DEFAULT_MAX_BLOCK_SIZE);

/** The index in PERSON_SPEC.blocking of the rule a key belongs to. */
export const ruleOfKey = (key: number) => Math.floor(key / RULE_SPAN);

/** The block-size limit of the rule the key belongs to. */
export const blockLimitOf = (key: number) => LIMITS[ruleOfKey(key)] ?? DEFAULT_MAX_BLOCK_SIZE;

export function blockKeysOf(record: PreparedRecord): number[] {
  const keys = new Set<number>();
  PERSON_SPEC.blocking.forEach((rule, index) => {
    if (NOT_STORED.has(rule.name)) return;
    for (const key of rule.keys(record)) {
      keys.add(index * RULE_SPAN + (hash53(`${rule.name}\u0001${key}`) % RULE_SPAN));
    }
  });
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
 * Writes the keys of many persons at once (a registry loaded in bulk, or everyone's keys replaced): in one
 * transaction on the client, the table's indexes and constraints are set aside, the keys written by COPY and
 * the indexes built again from their own definitions (migration 0016); `replaceAll` empties the table first.
 * Other sessions wait for the table meanwhile; on any failure nothing of it is kept.
 */
export async function writeKeysInBulk(
  client: pg.ClientBase,
  rows: Iterable<CopyRow<'person_block_key'>>,
  replaceAll: boolean,
): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT person_block_key_set_aside($1)', [replaceAll]);
    const written = await copyInto(client, 'person_block_key', ['key', 'person_id', 'agency_id'], rows);
    await client.query('SELECT person_block_key_restore()');
    await client.query('COMMIT');
    return written;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Recomputes a person's keys from the record and its parents' names; a merged person has none. Called
 * whenever a person or one of their family relations is written (through relinkPerson) and by merges.
 * Returns the person as linkage reads them (undefined once merged).
 */
export async function refreshBlockKeys(db: Executor, personId: string) {
  const [person] = await linkagePersons(db, [personId]);
  if (!person) {
    await db.deleteFrom('person_block_key').where('person_id', '=', personId).execute();
    return undefined;
  }
  const keys = blockKeysOf(prepareKnown(person.row.id, person.known));
  await writeBlockKeys(db, [{ id: person.row.id, agencyId: person.row.agency_id, keys }]);
  return person;
}

/**
 * Persons sharing a key with the given keys; a key held by as many persons as its rule's limit is left out
 * (with the record being matched, the block would exceed it). At most that many index entries are read per
 * key, however common it is.
 */
export async function personsSharingKeys(db: Executor, keys: readonly number[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  const { rows } = await sql<{ key: number; person_id: string }>`
    SELECT k.key, b.person_id
    FROM unnest(${[...keys]}::bigint[], ${keys.map(blockLimitOf)}::int[]) AS k (key, size_limit)
    CROSS JOIN LATERAL (
      SELECT person_id FROM person_block_key WHERE person_block_key.key = k.key LIMIT k.size_limit
    ) AS b`.execute(db);
  const sizes = new Map<number, number>();
  for (const row of rows) sizes.set(row.key, (sizes.get(row.key) ?? 0) + 1);
  for (const row of rows) if (sizes.get(row.key)! < blockLimitOf(row.key)) found.add(row.person_id);
  return found;
}
