import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../../src/core/synthetic/index.ts';
import { runDedup, type DedupResult } from '../../../src/server/linkage/dedup.ts';
import { writeKeysInBulk } from '../../../src/server/linkage/keys.ts';
import { copySyntheticPersons } from '../../support/synthetic-registry.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

/**
 * The batch deduplication of a registry loaded in bulk (over 10,000 persons, none with blocking keys): the
 * keys are written with the key table's indexes set aside and built again, the blocks read from memory and the
 * pairs scored in two worker threads; the same registry with its keys in place, read from the table and scored
 * in this thread, queues exactly the same pairs with the same scores and explanations.
 */

let t: TestApp;
let agencyId: string;
let persons = 0;

const rows = async (query: string, params: unknown[] = []) => (await t.superuser.query(query, params)).rows;

/** The key table's indexes and constraints as the catalogue defines them. */
const keyTableSchema = async () => ({
  indexes: await rows(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'person_block_key' ORDER BY indexname`,
  ),
  constraints: await rows(
    `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'person_block_key'::regclass ORDER BY conname`,
  ),
});

const queue = () =>
  rows(
    `SELECT person_a, person_b, agency_id, score, probability, explanation, model_version, status, found_by
     FROM linkage_pair ORDER BY person_a, person_b`,
  );

const keyRows = () => rows('SELECT key, person_id, agency_id FROM person_block_key ORDER BY key, person_id');

const dedup = (options: Parameters<typeof runDedup>[1] = {}) =>
  runDedup(t.runtime.services.db, { pool: t.runtime.services.pool, ...options });

const sameBlocks = (a: DedupResult, b: DedupResult) =>
  expect([b.blocks, b.skippedBlocks, b.candidatePairs, b.crossAgencyPairs, b.matchedPairs]).toEqual([
    a.blocks,
    a.skippedBlocks,
    a.candidatePairs,
    a.crossAgencyPairs,
    a.matchedPairs,
  ]);

beforeAll(async () => {
  t = await startTestApp();
  agencyId = await t.createAgency('Registro cargado en bloque');
  // Seed 3 is neither the tuning seed (1) nor the reporting seed (2) of the evaluation.
  const records = generateDataset({ seed: 3, persons: 8000 }).records;
  persons = records.length;
  const ids = records.map(() => randomUUID());
  const client = await t.runtime.services.pool.connect();
  try {
    await copySyntheticPersons(client, agencyId, records, ids);
  } finally {
    client.release();
  }
}, 120_000);
afterAll(async () => t.close());

describe('batch deduplication of a registry loaded in bulk', () => {
  let first: DedupResult;
  let queued: Awaited<ReturnType<typeof queue>>;
  let keys: Awaited<ReturnType<typeof keyRows>>;

  it('writes every key with the indexes set aside and built again as they were, and fills the queue', async () => {
    expect(persons).toBeGreaterThan(10_000);
    const schema = await keyTableSchema();
    expect(schema.indexes.length).toBeGreaterThanOrEqual(2);
    expect(schema.constraints.length).toBeGreaterThanOrEqual(3); // primary key and two foreign keys
    first = await dedup({ threads: 2 });
    expect(first.persons).toBe(persons);
    keys = await keyRows();
    expect(first.keysWritten).toBe(keys.length);
    expect(new Set(keys.map((k) => k.person_id)).size).toBe(persons);
    expect(await keyTableSchema()).toEqual(schema);
    expect(await rows('SELECT * FROM person_block_key_set_aside')).toEqual([]);
    queued = await queue();
    expect(first.queued).toBe(queued.length);
    expect(queued.length).toBeGreaterThan(500);
    expect(queued.every((p) => p.status === 'pending' && p.found_by === 'dedup')).toBe(true);
    expect(await t.count('linkage_merge')).toBe(0);
    expect(await rows('SELECT id FROM person WHERE merged_into IS NOT NULL')).toEqual([]);
  }, 180_000);

  it('queues exactly the same pairs, scores and explanations from the stored keys in this thread', async () => {
    const second = await dedup({ threads: 0 });
    expect(second.keysWritten).toBe(0);
    sameBlocks(first, second);
    expect([second.queued, second.updated]).toEqual([0, first.queued]);
    expect(await queue()).toEqual(queued);
  }, 180_000);

  it('replaces everyone’s keys in bulk with the same keys when asked to rebuild them', async () => {
    const rebuilt = await dedup({ threads: 2, rebuildKeys: true });
    expect(rebuilt.keysWritten).toBe(keys.length);
    sameBlocks(first, rebuilt);
    expect(await keyRows()).toEqual(keys);
    expect(await queue()).toEqual(queued);
  }, 180_000);

  it('keeps nothing of a bulk write that fails: the keys and the indexes stay as they were', async () => {
    const schema = await keyTableSchema();
    const client = await t.runtime.services.pool.connect();
    try {
      const duplicate = { key: keys[0]!.key, person_id: keys[0]!.person_id, agency_id: agencyId };
      await expect(writeKeysInBulk(client, [duplicate], false)).rejects.toThrow(
        /could not create unique index/,
      );
    } finally {
      client.release();
    }
    expect(await keyTableSchema()).toEqual(schema);
    expect(await rows('SELECT * FROM person_block_key_set_aside')).toEqual([]);
    expect((await keyRows()).length).toBe(keys.length);
  });
});
