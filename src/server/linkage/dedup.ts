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
import { publicExplanation, round, scoreOf } from './candidates.ts';
import { blockKeysOf, blockLimitOf, KEY_SPACE, writeBlockKeys } from './keys.ts';
import { activeModel } from './models.ts';
import {
  addParent,
  knownOf,
  LINKAGE_PERSON_COLUMNS,
  prepareKnown,
  type LinkagePersonRow,
  type Parents,
} from './person-record.ts';
import './tables.ts';

/**
 * The batch deduplication of the whole registry (`amparo linkage dedup`): every unmerged person is loaded
 * and prepared once; the stored blocking keys are read in key order, so each block of persons sharing a key
 * arrives whole and in turn; a pair is scored once, in the first block (lowest key) the two share; pairs of
 * the same agency scored at or above the threshold fill the review queue with their explanation and the
 * model version. It never merges: merging is a coordinator's decision. A pair already decided ("not the
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
  timings: { loadMs: number; keysMs: number; scanMs: number; saveMs: number; totalMs: number };
}

/** The registry in memory: prepared records with their ids, agencies and restriction. */
export interface Registry {
  records: PreparedRecord[];
  ids: string[];
  agencies: string[];
  restricted: boolean[];
}

const PAGE = 20_000;

/** Every unmerged person with their parents, prepared for linkage, read page by page in id order. */
export async function loadRegistry(db: Executor, onProgress?: (done: number, total: number) => void) {
  const total = (
    await db
      .selectFrom('person')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('merged_into', 'is', null)
      .executeTakeFirstOrThrow()
  ).n;
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
  const registry: Registry = { records: [], ids: [], agencies: [], restricted: [] };
  // Equal names share one prepared part, and each agency id is held once: what keeps a million records small.
  const parts = new SharedParts();
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
    for (const row of rows) {
      const index = registry.records.length;
      registry.records.push(prepareKnown(row.id, knownOf(row, parents.get(row.id)), index, parts));
      registry.ids.push(row.id);
      if (!agencyIds.has(row.agency_id)) agencyIds.set(row.agency_id, row.agency_id);
      registry.agencies.push(agencyIds.get(row.agency_id)!);
      registry.restricted.push(row.restricted);
    }
    onProgress?.(registry.records.length, total);
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  return registry;
}

/** The registry indexes of the persons who have no keys (or of everyone, when rebuilding). */
async function keyless(db: Executor, registry: Registry, rebuild: boolean): Promise<number[]> {
  if (rebuild) {
    await db.deleteFrom('person_block_key').execute();
    return registry.ids.map((_, i) => i);
  }
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
  return missing.map((m) => index.get(m.id)).filter((i): i is number => i !== undefined);
}

const KEY_CHUNK = 5000;

/**
 * Writes the keys of the persons who have none (persons loaded in bulk, e.g. demo data), or of everyone
 * when rebuilding; with a pool, by COPY (a million persons have some twenty million keys).
 */
async function ensureKeys(
  db: Executor,
  pool: pg.Pool | undefined,
  registry: Registry,
  rebuild: boolean,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const targets = await keyless(db, registry, rebuild);
  onProgress(0, targets.length);
  let written = 0;
  const client = pool ? await pool.connect() : undefined;
  try {
    for (let start = 0; start < targets.length; start += KEY_CHUNK) {
      const persons = targets.slice(start, start + KEY_CHUNK).map((i) => ({
        id: registry.ids[i]!,
        agencyId: registry.agencies[i]!,
        keys: blockKeysOf(registry.records[i]!),
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
  return written;
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

interface Matched {
  i: number;
  j: number;
  score: number;
}

const SCAN_PAGE = 50_000;
const SAVE_CHUNK = 500;

export async function runDedup(db: Executor, options: DedupOptions = {}): Promise<DedupResult> {
  const started = performance.now();
  const progress = (phase: DedupPhase) => (done: number, total: number) =>
    options.onProgress?.({ phase, done, total });
  const minScore = scoreOf(options.minProbability ?? MATCH_PROBABILITY_THRESHOLD);
  const { version, model } = await activeModel(db);

  const registry = await loadRegistry(db, progress('load'));
  const loaded = performance.now();
  const keysWritten = await ensureKeys(
    db,
    options.pool,
    registry,
    options.rebuildKeys ?? false,
    progress('keys'),
  );
  const keyed = performance.now();

  const index = new Map(registry.ids.map((id, i) => [id, i]));
  const agencyOf = new Map<string, number>();
  const agency = Int32Array.from(registry.agencies, (id) => {
    if (!agencyOf.has(id)) agencyOf.set(id, agencyOf.size);
    return agencyOf.get(id)!;
  });
  // The keys of the blocks each record was in so far (ascending, as keys arrive in order).
  const seen: number[][] = registry.ids.map(() => []);
  const matched: Matched[] = [];
  const stats = { blocks: 0, skippedBlocks: 0, candidatePairs: 0, crossAgencyPairs: 0 };

  const processBlock = (key: number, rows: number, members: number[]) => {
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
        const score = model.score(registry.records[i]!, registry.records[j]!);
        if (score >= minScore) matched.push({ i, j, score });
      }
    }
    for (const member of members) seen[member]!.push(key);
  };

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
    if (after) query = query.where(sql<boolean>`(key, person_id) > (${after.key}, ${after.person}::uuid)`);
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
    if (rows.length > 0) {
      const last = rows.at(-1)!;
      after = { key: last.key, person: last.person_id };
      options.onProgress?.({ phase: 'scan', done: last.key, total: KEY_SPACE });
    }
    if (rows.length < SCAN_PAGE) break;
  }
  if (currentKey !== undefined) processBlock(currentKey, currentRows, members);
  options.onProgress?.({ phase: 'scan', done: KEY_SPACE, total: KEY_SPACE });
  const scanned = performance.now();

  const saved = await saveMatches(db, registry, matched, version, model, progress('save'));
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
}

async function saveMatches(
  db: Executor,
  registry: Registry,
  matched: readonly Matched[],
  modelVersion: number,
  model: Awaited<ReturnType<typeof activeModel>>['model'],
  onProgress: (done: number, total: number) => void,
) {
  let queued = 0;
  let updated = 0;
  for (let start = 0; start < matched.length; start += SAVE_CHUNK) {
    const values = matched.slice(start, start + SAVE_CHUNK).map(({ i, j, score }) => {
      const [a, b] = registry.ids[i]! < registry.ids[j]! ? [i, j] : [j, i];
      const explanation = publicExplanation(
        model.explain(registry.records[a]!, registry.records[b]!).explanation,
      );
      return {
        agency_id: registry.agencies[a]!,
        person_a: registry.ids[a]!,
        person_b: registry.ids[b]!,
        score: round(score),
        probability: round(probabilityOf(score), 6),
        explanation: JSON.stringify(explanation),
        model_version: modelVersion,
        found_by: 'dedup' as const,
      };
    });
    const rows = await db
      .insertInto('linkage_pair')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['person_a', 'person_b'])
          .doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            probability: eb.ref('excluded.probability'),
            explanation: eb.ref('excluded.explanation'),
            model_version: eb.ref('excluded.model_version'),
            updated_at: sql<Date>`now()`,
          }))
          // A decided pair keeps its decision, and the score it was decided on.
          .where('linkage_pair.status', '=', 'pending'),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    for (const row of rows) {
      if (row.inserted) queued++;
      else updated++;
    }
    onProgress(Math.min(start + SAVE_CHUNK, matched.length), matched.length);
  }
  return { queued, updated, alreadyDecided: matched.length - queued - updated };
}
