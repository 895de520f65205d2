import { sql } from 'kysely';
import type pg from 'pg';
import {
  probabilityOf,
  MATCH_PROBABILITY_THRESHOLD,
  SharedParts,
  type PreparedRecord,
} from '../../core/linkage/index.ts';
import { copyInto } from '../platform/db/copy-in.ts';
import type { Executor } from '../platform/db/database.ts';
import { round, scoreOf } from './candidates.ts';
import { blockLimitOf, KEY_SPACE, writeBlockKeys, writeKeysInBulk } from './keys.ts';
import { upsertPairs } from './pair-upsert.ts';
import { activeModel } from './models.ts';
import { joinKeys, pairScorer, type KeysOf, type MatchedPair, type PairScorer } from './pair-scoring.ts';
import {
  addParent,
  knownOf,
  LINKAGE_PERSON_COLUMNS,
  prepareKnown,
  type KnownPerson,
  type LinkagePersonRow,
  type Parents,
} from './person-record.ts';
import './tables.ts';

/**
 * The batch deduplication of the whole registry (`amparo linkage dedup`): every unmerged person is loaded
 * and prepared once (by the scorer: pair-scoring.ts, in two worker threads for a large registry); the stored
 * blocking keys are read in key order (from memory when this run has just written everyone's), so each
 * block of persons sharing a key arrives whole and in turn; a pair is scored once, in the first block (lowest
 * key) the two share; pairs of the same agency scored at or above the threshold fill the review queue with
 * their explanation and the model version. It never merges: merging is a coordinator's decision. A pair already decided ("not the
 * same child", or merged) is left as it was.
 */

export type DedupPhase = 'load' | 'keys' | 'scan' | 'save';

export interface DedupProgress {
  phase: DedupPhase;
  done: number;
  total: number;
}

export interface DedupOptions {
  /** Pairs at or above this match probability are queued (default: the engine's 0.5). */
  minProbability?: number;
  /** Recompute every person's blocking keys first (after a change of the linkage configuration). */
  rebuildKeys?: boolean;
  /** Lets missing keys be written by COPY. */
  pool?: pg.Pool;
  /** Worker threads scoring pairs (0: this thread); by default two for a large registry (pair-scoring.ts). */
  threads?: number;
  onProgress?: (progress: DedupProgress) => void;
}

export interface DedupResult {
  modelVersion: number;
  persons: number;
  keysWritten: number;
  blocks: number;
  skippedBlocks: number;
  candidatePairs: number;
  /** Candidate pairs of two agencies: not queued (a match across agencies reveals no data). */
  crossAgencyPairs: number;
  matchedPairs: number;
  queued: number;
  updated: number;
  alreadyDecided: number;
  /**
   * keysMs: computing the missing keys and writing them, except everyone's keys, which are written while the
   * pairs are scored (scanMs then includes any wait for the write to end).
   */
  timings: { loadMs: number; keysMs: number; scanMs: number; saveMs: number; totalMs: number };
}

/** The registry in memory: prepared records with their ids, agencies and restriction. */
export interface Registry extends RegistryRows {
  records: PreparedRecord[];
}

/** The registry's persons in id order, without their records (which the batch's scorer keeps). */
export interface RegistryRows {
  ids: string[];
  agencies: string[];
  restricted: boolean[];
}

const PAGE = 20_000;

/** How many unmerged persons there are. */
async function unmergedPersons(db: Executor): Promise<number> {
  return (
    await db
      .selectFrom('person')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('merged_into', 'is', null)
      .executeTakeFirstOrThrow()
  ).n;
}

/**
 * Every unmerged person with their parents, read page by page in id order: their ids, agencies and
 * restriction are kept, and what is known of each page is handed to `onPage`.
 */
async function readRegistry(
  db: Executor,
  onPage: (ids: string[], persons: KnownPerson[]) => void,
  onProgress?: (done: number, total: number) => void,
  total?: number,
): Promise<RegistryRows> {
  total ??= await unmergedPersons(db);
  const parents = new Map<string, Parents>();
  let afterRelation: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('person_relation')
      .select(['id', 'person_id', 'relationship', 'name'])
      .where('kind', '=', 'family')
      .where('relationship', 'in', ['mother', 'father'])
      .orderBy('id')
      .limit(PAGE);
    if (afterRelation) query = query.where('id', '>', afterRelation);
    const rows = await query.execute();
    // In id order rather than by date: one name per parent is enough to block and score.
    for (const row of rows) addParent(parents, row);
    if (rows.length < PAGE) break;
    afterRelation = rows.at(-1)!.id;
  }
  const registry: RegistryRows = { ids: [], agencies: [], restricted: [] };
  // Each agency id is held once.
  const agencyIds = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('person')
      .select(LINKAGE_PERSON_COLUMNS)
      .where('person.merged_into', 'is', null)
      .orderBy('person.id')
      .limit(PAGE);
    if (after) query = query.where('person.id', '>', after);
    const rows: LinkagePersonRow[] = await query.execute();
    const ids: string[] = [];
    const persons: KnownPerson[] = [];
    for (const row of rows) {
      ids.push(row.id);
      persons.push(knownOf(row, parents.get(row.id)));
      registry.ids.push(row.id);
      if (!agencyIds.has(row.agency_id)) agencyIds.set(row.agency_id, row.agency_id);
      registry.agencies.push(agencyIds.get(row.agency_id)!);
      registry.restricted.push(row.restricted);
    }
    onPage(ids, persons);
    onProgress?.(registry.ids.length, total);
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  return registry;
}

/** Every unmerged person with their parents, prepared for linkage, in id order. */
export async function loadRegistry(
  db: Executor,
  onProgress?: (done: number, total: number) => void,
): Promise<Registry> {
  const records: PreparedRecord[] = [];
  // Equal names share one prepared part, as in the batch's scorer.
  const parts = new SharedParts();
  const rows = await readRegistry(
    db,
    (ids, persons) =>
      persons.forEach((person, k) => records.push(prepareKnown(ids[k]!, person, records.length, parts))),
    onProgress,
  );
  return { ...rows, records };
}

/** The registry indexes of the persons who have no keys (or of everyone, when rebuilding). */
async function keyless(db: Executor, registry: RegistryRows, rebuild: boolean): Promise<Int32Array> {
  if (rebuild) return Int32Array.from(registry.ids, (_, i) => i);
  const missing = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.merged_into', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('person_block_key')
            .select(sql`1`.as('one'))
            .whereRef('person_block_key.person_id', '=', 'person.id'),
        ),
      ),
    )
    .execute();
  const index = new Map(registry.ids.map((id, i) => [id, i]));
  return Int32Array.from(
    missing.map((m) => index.get(m.id)).filter((i): i is number => i !== undefined),
  ).sort();
}

const KEY_CHUNK = 5000;
/** Keys are written in bulk (indexes set aside) for this many persons or more, if half the registry or more. */
const BULK_KEYS_FROM = 10_000;
const BULK_KEY_CHUNK = 50_000;

interface WrittenKeys {
  /** How many keys were written: still being written, when everyone's keys are written while pairs are scored. */
  written: Promise<number>;
  /** Everyone's keys, when this run computed them all: blocks are then read from memory. */
  everyone?: KeysOf;
}

/** The keys of the persons at these registry indexes, computed by the scorer in chunks. */
async function keysOfAll(
  scorer: PairScorer,
  targets: Int32Array,
  onProgress: (done: number) => void,
): Promise<KeysOf> {
  const parts: KeysOf[] = [];
  for (let start = 0; start < targets.length; start += BULK_KEY_CHUNK) {
    parts.push(await scorer.keysOf(targets.slice(start, start + BULK_KEY_CHUNK)));
    onProgress(Math.min(start + BULK_KEY_CHUNK, targets.length));
  }
  return joinKeys(parts);
}

/** The rows of the keys of the persons at these registry indexes, for COPY. */
function* keyRows(
  registry: RegistryRows,
  targets: Int32Array,
  { counts, keys }: KeysOf,
  onProgress: (done: number) => void,
) {
  let k = 0;
  for (let t = 0; t < targets.length; t++) {
    const i = targets[t]!;
    for (let n = 0; n < counts[t]!; n++) {
      yield { key: keys[k++]!, person_id: registry.ids[i]!, agency_id: registry.agencies[i]! };
    }
    if (t % BULK_KEY_CHUNK === 0) onProgress(t);
  }
}

/**
 * Writes the keys of the persons who have none (persons loaded in bulk, e.g. demo data), or of everyone
 * when rebuilding; with a pool, by COPY (a million persons have some twenty million keys), in bulk with the
 * table's indexes set aside when they are many.
 */
async function ensureKeys(
  db: Executor,
  pool: pg.Pool | undefined,
  registry: RegistryRows,
  scorer: PairScorer,
  rebuild: boolean,
  onProgress: (done: number, total: number) => void,
): Promise<WrittenKeys> {
  const targets = await keyless(db, registry, rebuild);
  onProgress(0, targets.length);
  if (targets.length === 0) return { written: Promise.resolve(0) };
  if (pool && targets.length >= BULK_KEYS_FROM && 2 * targets.length >= registry.ids.length) {
    if (targets.length === registry.ids.length) {
      // Everyone's keys: the blocks are read from memory, so the keys are written while pairs are scored.
      const keys = await keysOfAll(scorer, targets, (done) => onProgress(done, targets.length));
      const written = writeInBulk(pool, registry, targets, keys, rebuild, () => undefined);
      written.catch(() => undefined); // awaited by the batch
      return { written, everyone: keys };
    }
    // Progress: computing the keys is the first half, writing them the second.
    const total = 2 * targets.length;
    const keys = await keysOfAll(scorer, targets, (done) => onProgress(done, total));
    const written = await writeInBulk(pool, registry, targets, keys, rebuild, (done) =>
      onProgress(targets.length + done, total),
    );
    onProgress(total, total);
    return { written: Promise.resolve(written) };
  }
  if (rebuild) await db.deleteFrom('person_block_key').execute();
  let written = 0;
  const client = pool ? await pool.connect() : undefined;
  try {
    for (let start = 0; start < targets.length; start += KEY_CHUNK) {
      const chunk = targets.slice(start, start + KEY_CHUNK);
      const { counts, keys } = await scorer.keysOf(chunk);
      let k = 0;
      const persons = Array.from(chunk, (i, t) => ({
        id: registry.ids[i]!,
        agencyId: registry.agencies[i]!,
        keys: Array.from(keys.subarray(k, (k += counts[t]!))),
      }));
      if (client) {
        written += await copyInto(
          client,
          'person_block_key',
          ['key', 'person_id', 'agency_id'],
          persons.flatMap((p) => p.keys.map((key) => ({ key, person_id: p.id, agency_id: p.agencyId }))),
        );
      } else {
        await writeBlockKeys(db, persons);
        written += persons.reduce((n, p) => n + p.keys.length, 0);
      }
      onProgress(Math.min(start + KEY_CHUNK, targets.length), targets.length);
    }
  } finally {
    client?.release();
  }
  return { written: Promise.resolve(written) };
}

async function writeInBulk(
  pool: pg.Pool,
  registry: RegistryRows,
  targets: Int32Array,
  keys: KeysOf,
  replaceAll: boolean,
  onProgress: (done: number) => void,
): Promise<number> {
  const client = await pool.connect();
  try {
    return await writeKeysInBulk(client, keyRows(registry, targets, keys, onProgress), replaceAll);
  } finally {
    client.release();
  }
}

/**
 * Everyone's keys as the key table orders them: by key, then by person id (the registry's order). A
 * counting sort on each key's rank among the distinct keys, stable over persons in registry order.
 */
function blocksInMemory({ counts, keys }: KeysOf) {
  const distinct = Float64Array.from(keys).sort();
  let n = 0;
  for (let k = 0; k < distinct.length; k++)
    if (k === 0 || distinct[k] !== distinct[n - 1]) distinct[n++] = distinct[k]!;
  const blockKeys = distinct.subarray(0, n);
  const rank = new Int32Array(keys.length);
  const starts = new Int32Array(n + 1);
  for (let k = 0; k < keys.length; k++) {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (blockKeys[mid]! < keys[k]!) lo = mid + 1;
      else hi = mid;
    }
    rank[k] = lo;
    starts[lo + 1]!++;
  }
  for (let r = 0; r < n; r++) starts[r + 1]! += starts[r]!;
  const members = new Int32Array(keys.length);
  const next = starts.slice(0, n);
  let k = 0;
  for (let person = 0; person < counts.length; person++) {
    for (let c = 0; c < counts[person]!; c++) members[next[rank[k++]!]!++] = person;
  }
  return { blockKeys, starts, members };
}

/** Whether two ascending lists of keys share one. */
function shareAny(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return false;
}

const SCAN_PAGE = 50_000;
/** Blocks read from memory between two progress reports. */
const MEMORY_PAGE = 20_000;
const SAVE_CHUNK = 500;

export async function runDedup(db: Executor, options: DedupOptions = {}): Promise<DedupResult> {
  const started = performance.now();
  const progress = (phase: DedupPhase) => (done: number, total: number) =>
    options.onProgress?.({ phase, done, total });
  const minScore = scoreOf(options.minProbability ?? MATCH_PROBABILITY_THRESHOLD);
  const { version, model } = await activeModel(db);
  const total = await unmergedPersons(db);
  const scorer = pairScorer(model, minScore, total, options.threads);
  let keys: WrittenKeys | undefined;
  try {
    const registry = await readRegistry(
      db,
      (ids, persons) => scorer.addPersons(ids, persons),
      progress('load'),
      total,
    );
    const loaded = performance.now();
    keys = await ensureKeys(
      db,
      options.pool,
      registry,
      scorer,
      options.rebuildKeys ?? false,
      progress('keys'),
    );
    const keyed = performance.now();

    const agencyOf = new Map<string, number>();
    const agency = Int32Array.from(registry.agencies, (id) => {
      if (!agencyOf.has(id)) agencyOf.set(id, agencyOf.size);
      return agencyOf.get(id)!;
    });
    // The keys of the blocks each record was in so far (ascending, as keys arrive in order).
    const seen: number[][] = registry.ids.map(() => []);
    const stats = { blocks: 0, skippedBlocks: 0, candidatePairs: 0, crossAgencyPairs: 0 };

    const processBlock = (key: number, rows: number, members: ArrayLike<number>) => {
      if (rows < 2) return;
      stats.blocks++;
      if (rows > blockLimitOf(key)) {
        stats.skippedBlocks++;
        return;
      }
      for (let x = 0; x < members.length; x++) {
        const i = members[x]!;
        for (let y = x + 1; y < members.length; y++) {
          const j = members[y]!;
          if (shareAny(seen[i]!, seen[j]!)) continue; // scored in an earlier block
          if (agency[i] !== agency[j]) {
            stats.crossAgencyPairs++;
            continue;
          }
          stats.candidatePairs++;
          if (registry.restricted[i] || registry.restricted[j]) continue;
          scorer.add(i, j);
        }
      }
      for (let x = 0; x < members.length; x++) seen[members[x]!]!.push(key);
    };

    if (keys.everyone) {
      // Every key was computed here just now: the blocks are the same read from memory as from the table.
      const { blockKeys, starts, members } = blocksInMemory(keys.everyone);
      keys.everyone = undefined;
      for (let r = 0; r < blockKeys.length; r++) {
        processBlock(
          blockKeys[r]!,
          starts[r + 1]! - starts[r]!,
          members.subarray(starts[r]!, starts[r + 1]!),
        );
        if (r % MEMORY_PAGE === MEMORY_PAGE - 1) {
          await scorer.drain();
          options.onProgress?.({ phase: 'scan', done: blockKeys[r]!, total: KEY_SPACE });
        }
      }
    } else {
      const index = new Map(registry.ids.map((id, i) => [id, i]));
      let currentKey: number | undefined;
      let currentRows = 0;
      let members: number[] = [];
      let after: { key: number; person: string } | undefined;
      for (;;) {
        let query = db
          .selectFrom('person_block_key')
          .select(['key', 'person_id'])
          .orderBy('key')
          .orderBy('person_id')
          .limit(SCAN_PAGE);
        if (after)
          query = query.where(sql<boolean>`(key, person_id) > (${after.key}, ${after.person}::uuid)`);
        const rows = await query.execute();
        for (const row of rows) {
          if (row.key !== currentKey) {
            if (currentKey !== undefined) processBlock(currentKey, currentRows, members);
            currentKey = row.key;
            currentRows = 0;
            members = [];
          }
          currentRows++;
          const member = index.get(row.person_id);
          if (member !== undefined) members.push(member);
        }
        await scorer.drain();
        if (rows.length > 0) {
          const last = rows.at(-1)!;
          after = { key: last.key, person: last.person_id };
          options.onProgress?.({ phase: 'scan', done: last.key, total: KEY_SPACE });
        }
        if (rows.length < SCAN_PAGE) break;
      }
      if (currentKey !== undefined) processBlock(currentKey, currentRows, members);
    }
    const matched = await scorer.finish();
    const keysWritten = await keys.written;
    options.onProgress?.({ phase: 'scan', done: KEY_SPACE, total: KEY_SPACE });
    const scanned = performance.now();

    const saved = await saveMatches(db, registry, matched, version, progress('save'));
    const finished = performance.now();
    return {
      modelVersion: version,
      persons: registry.ids.length,
      keysWritten,
      ...stats,
      matchedPairs: matched.length,
      ...saved,
      timings: {
        loadMs: Math.round(loaded - started),
        keysMs: Math.round(keyed - loaded),
        scanMs: Math.round(scanned - keyed),
        saveMs: Math.round(finished - scanned),
        totalMs: Math.round(finished - started),
      },
    };
  } finally {
    // A failed batch still lets a write of keys in flight finish (or fail) and free its connection.
    await keys?.written.catch(() => undefined);
    await scorer.close();
  }
}

async function saveMatches(
  db: Executor,
  registry: RegistryRows,
  matched: readonly MatchedPair[],
  modelVersion: number,
  onProgress: (done: number, total: number) => void,
) {
  let queued = 0;
  let updated = 0;
  for (let start = 0; start < matched.length; start += SAVE_CHUNK) {
    const values = matched.slice(start, start + SAVE_CHUNK).map(({ i, j, score, explanation }) => {
      const [a, b] = registry.ids[i]! < registry.ids[j]! ? [i, j] : [j, i];
      return {
        agency_id: registry.agencies[a]!,
        person_a: registry.ids[a]!,
        person_b: registry.ids[b]!,
        score: round(score),
        probability: round(probabilityOf(score), 6),
        explanation,
        model_version: modelVersion,
        found_by: 'dedup' as const,
      };
    });
    const rows = await upsertPairs(db, values);
    for (const row of rows) {
      if (row.inserted) queued++;
      else updated++;
    }
    onProgress(Math.min(start + SAVE_CHUNK, matched.length), matched.length);
  }
  return { queued, updated, alreadyDecided: matched.length - queued - updated };
}
