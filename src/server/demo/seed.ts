import { sql } from 'kysely';
import pg from 'pg';
import type { Envelope } from '../platform/crypto/envelope.ts';
import { executorOn } from '../platform/db/copy-in.ts';
import type { Executor } from '../platform/db/database.ts';
import { loadDemoRecords, type DemoCounts } from './load.ts';
import { DemoRecordGenerator } from './records.ts';
import { loadWorld } from './structure.ts';

/** Demo data of an agency: shared by `amparo demo seed` and the case benchmark. */

/** How many synthetic persons the agency already has (a new run continues the numbering after them). */
export async function syntheticPersons(db: Executor, agencyId: string): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('agency_id', '=', agencyId)
    .where('synthetic', '=', true)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface SeedOptions {
  agencyId: string;
  persons: number;
  seed: number;
  /** Index of the first person of the seed to generate. */
  start: number;
  now?: Date;
  batchSize?: number;
  commitEachBatch?: boolean;
  onProgress?: (done: number, counts: DemoCounts) => void;
}

export class NoCaseProgrammes extends Error {}

/**
 * Generates and loads the persons into the agency's programmes, teams and caseloads, on this client (in its
 * transaction unless `commitEachBatch`). Free text is encrypted with the server's envelope, bound to its row
 * and column as the application binds it.
 */
export async function seedDemoPersons(
  client: pg.ClientBase,
  envelope: Envelope,
  options: SeedOptions,
): Promise<DemoCounts> {
  const world = await loadWorld(executorOn(client), options.agencyId, options.now ?? new Date());
  if (world.programmes.length === 0) throw new NoCaseProgrammes();
  const generator = new DemoRecordGenerator(world, options.seed, (text, context) =>
    envelope.encrypt(text, context),
  );
  return loadDemoRecords(client, options.agencyId, generator, {
    start: options.start,
    count: options.persons,
    batchSize: options.batchSize,
    commitEachBatch: options.commitEachBatch,
    onProgress: options.onProgress,
  });
}

/** Fresh planner statistics after a bulk load (as the schema owner, who may analyse the tables). */
export async function analyzeDemoTables(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      'ANALYZE person, person_name_token, person_relation, consent, case_file, case_note, case_service',
    );
  } finally {
    await client.end();
  }
}
