import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import {
  buildTermFrequencies,
  LinkageModel,
  parseModel,
  serialiseModel,
  trainModel,
  type ModelParameters,
  type PreparedRecord,
  type TermFrequencyTable,
} from '../../core/linkage/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { PERSON_SPEC } from './person-record.ts';
import './tables.ts';

/**
 * The versions of the linkage model's parameters (m, u, λ and the term-frequency tables), in table
 * linkage_model: one is active and scores everything; every pair in the review queue names the version that
 * scored it. The first version is the shipped one (trained on the synthetic Guatemalan generator, seed 1,
 * by scripts/linkage-shipped-model.ts); `amparo linkage train` trains a new version on the registry itself.
 */

/** Frequencies as stored: per table, the total, Σf² and the count of each value. */
export type StoredFrequencies = Record<
  string,
  { total: number; sumSquares: number; counts: [string, number][] }
>;

export interface ShippedModel {
  parameters: ModelParameters;
  termFrequencies: StoredFrequencies;
  records: number;
}

export function storedFrequencies(tables: ReadonlyMap<string, TermFrequencyTable>): StoredFrequencies {
  return Object.fromEntries(
    [...tables].map(([name, table]) => [
      name,
      {
        total: table.total,
        sumSquares: table.sumSquares,
        counts: [...table.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      },
    ]),
  );
}

export function frequencyTables(stored: StoredFrequencies): Map<string, TermFrequencyTable> {
  return new Map(
    Object.entries(stored).map(([name, t]) => [
      name,
      { total: t.total, sumSquares: t.sumSquares, counts: new Map(t.counts) },
    ]),
  );
}

export const SHIPPED_MODEL_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'shipped-model.json',
);

export async function readShippedModel(): Promise<ShippedModel> {
  return JSON.parse(await fs.readFile(SHIPPED_MODEL_FILE, 'utf8')) as ShippedModel;
}

export interface ActiveModel {
  version: number;
  model: LinkageModel;
}

// Parameters never change once stored: a version is built once per process.
const built = new Map<number, LinkageModel>();

async function buildVersion(db: Executor, version: number): Promise<LinkageModel> {
  const row = await db
    .selectFrom('linkage_model')
    .select(['parameters', 'term_frequencies'])
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  const parameters = parseModel(JSON.stringify(row.parameters), PERSON_SPEC);
  return new LinkageModel(
    PERSON_SPEC,
    parameters,
    frequencyTables(row.term_frequencies as StoredFrequencies),
  );
}

export async function modelVersion(db: Executor, version: number): Promise<LinkageModel> {
  let model = built.get(version);
  if (!model) {
    model = await buildVersion(db, version);
    built.set(version, model);
  }
  return model;
}

/** Installs the shipped parameters as version 1 when no version exists yet. */
async function installShipped(db: Executor): Promise<void> {
  const shipped = await readShippedModel();
  await db
    .insertInto('linkage_model')
    .values({
      version: 1,
      spec_name: PERSON_SPEC.name,
      spec_version: PERSON_SPEC.version,
      source: 'shipped',
      parameters: serialiseModel(shipped.parameters),
      term_frequencies: JSON.stringify(shipped.termFrequencies),
      records: shipped.records,
      active: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The model that scores now (the shipped one on a new installation). */
export async function activeModel(db: Executor): Promise<ActiveModel> {
  const find = () =>
    db.selectFrom('linkage_model').select('version').where('active', '=', true).executeTakeFirst();
  let row = await find();
  if (!row) {
    await installShipped(db);
    row = await find();
    if (!row) throw new Error('No hay un modelo de enlace activo.');
  }
  return { version: row.version, model: await modelVersion(db, row.version) };
}

/** Fewer persons than this do not train a model worth more than the shipped one. */
export const MIN_TRAINING_RECORDS = 1000;

/** Trains on the given records (unsupervised) and stores the result as the new active version. */
export async function trainAndActivate(
  db: Executor,
  records: readonly PreparedRecord[],
  createdBy: string | null,
): Promise<{ version: number; parameters: ModelParameters }> {
  await activeModel(db);
  const parameters = trainModel(PERSON_SPEC, records);
  const frequencies = storedFrequencies(buildTermFrequencies(PERSON_SPEC, records));
  const next = await db
    .selectFrom('linkage_model')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('version'))
    .executeTakeFirstOrThrow();
  await db.updateTable('linkage_model').set({ active: false }).where('active', '=', true).execute();
  await db
    .insertInto('linkage_model')
    .values({
      version: next.version,
      spec_name: PERSON_SPEC.name,
      spec_version: PERSON_SPEC.version,
      source: 'trained',
      parameters: serialiseModel(parameters),
      term_frequencies: JSON.stringify(frequencies),
      records: records.length,
      active: true,
      created_by: createdBy,
    })
    .execute();
  return { version: next.version, parameters };
}
