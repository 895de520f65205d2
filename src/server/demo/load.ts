import type pg from 'pg';
import { formatCaseNumber } from '../../core/cases/case-input.ts';
import { nextCaseNumber } from '../cases/store.ts';
import { copyInto, executorOn, type ColumnOf } from '../platform/db/copy-in.ts';
import type { Database } from '../platform/db/database.ts';
import '../linkage/tables.ts';
import type { DemoRecord, DemoRecordGenerator } from './records.ts';

/**
 * Loads generated demo records in batches, each batch one transaction of COPY statements (persons first,
 * then what refers to them). Case numbers are reserved from the agency's counters in the same transaction,
 * so cases opened meanwhile through the application never collide with them.
 */

const columns = <TB extends keyof Database>(...names: ColumnOf<TB>[]) => names;

const PERSON = columns<'person'>(
  'id',
  'agency_id',
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'gender',
  'dob_precision',
  'dob_date',
  'dob_year',
  'dob_age_min',
  'dob_age_max',
  'dob_as_of',
  'citizenships',
  'pueblo',
  'linguistic_community',
  'primary_language',
  'other_languages',
  'interpreter_needed',
  'origin_department',
  'origin_municipality',
  'education_level',
  'disabilities',
  'search_name',
  'name_tokens',
  'registered_by',
  'synthetic',
  'created_at',
  'updated_at',
);
const TOKEN = columns<'person_name_token'>('agency_id', 'token', 'person_id');
const BLOCK_KEY = columns<'person_block_key'>('key', 'person_id', 'agency_id');
const RELATION = columns<'person_relation'>(
  'id',
  'agency_id',
  'person_id',
  'kind',
  'name',
  'relationship',
  'is_guardian',
  'no_contact',
  'no_contact_reason',
  'no_contact_source',
  'created_at',
  'updated_at',
);
const CONSENT = columns<'consent'>(
  'id',
  'agency_id',
  'person_id',
  'purpose',
  'decision',
  'given_by',
  'giver_name',
  'giver_relationship',
  'given_on',
  'told_purpose',
  'told_uses',
  'told_research_use',
  'told_right_to_request_data',
  'told_retention_period',
  'told_how_to_withdraw',
  'document_reference',
  'recorded_by',
  'created_at',
  'updated_at',
);
const CASE = columns<'case_file'>(
  'id',
  'agency_id',
  'number',
  'person_id',
  'programme_id',
  'team_id',
  'owner_user_id',
  'case_type',
  'status',
  'status_changed_at',
  'closure_kind',
  'opened_at',
  'closed_at',
  'referral_org_type',
  'referral_org_name',
  'referral_date',
  'risk_level',
  'risk_reasons',
  'risk_notes_sealed',
  'protection_measure',
  'created_by',
  'created_at',
  'updated_at',
);
const NOTE = columns<'case_note'>(
  'id',
  'agency_id',
  'case_id',
  'note_type',
  'note_class',
  'occurred_on',
  'body_sealed',
  'author_user_id',
  'created_at',
  'updated_at',
);
const SERVICE = columns<'case_service'>(
  'id',
  'agency_id',
  'case_id',
  'area',
  'provider_user_id',
  'provider_id',
  'delivered_on',
  'duration_minutes',
  'outcome',
  'one_off',
  'notes_sealed',
  'created_by',
  'created_at',
  'updated_at',
);

export interface DemoCounts {
  persons: number;
  nameTokens: number;
  relations: number;
  noContact: number;
  consents: number;
  cases: number;
  notes: number;
  services: number;
}

export const emptyCounts = (): DemoCounts => ({
  persons: 0,
  nameTokens: 0,
  relations: 0,
  noContact: 0,
  consents: 0,
  cases: 0,
  notes: 0,
  services: 0,
});

/** Gives each case of the batch its number, reserved from the agency's counter of its year. */
async function numberCases(client: pg.ClientBase, agencyId: string, records: DemoRecord[]) {
  const byYear = new Map<number, DemoRecord['cases']>();
  for (const record of records)
    for (const kase of record.cases) byYear.set(kase.year, [...(byYear.get(kase.year) ?? []), kase]);
  const db = executorOn(client);
  for (const [year, cases] of [...byYear].sort(([a], [b]) => a - b)) {
    cases.sort((a, b) => (a.row.opened_at as Date).getTime() - (b.row.opened_at as Date).getTime());
    const { prefix, sequence } = await nextCaseNumber(db, agencyId, year, cases.length);
    cases.forEach((kase, i) => {
      kase.row.number = formatCaseNumber(prefix, year, sequence - cases.length + 1 + i);
    });
  }
}

async function loadBatch(client: pg.ClientBase, agencyId: string, records: DemoRecord[], counts: DemoCounts) {
  await numberCases(client, agencyId, records);
  counts.persons += await copyInto(
    client,
    'person',
    PERSON,
    records.map((r) => r.person),
  );
  counts.nameTokens += await copyInto(
    client,
    'person_name_token',
    TOKEN,
    records.flatMap((r) => r.tokens),
  );
  await copyInto(
    client,
    'person_block_key',
    BLOCK_KEY,
    records.flatMap((r) => r.blockKeys),
  );
  const relations = records.flatMap((r) => r.relations);
  counts.relations += await copyInto(client, 'person_relation', RELATION, relations);
  counts.noContact += relations.filter((r) => r.no_contact).length;
  counts.consents += await copyInto(
    client,
    'consent',
    CONSENT,
    records.flatMap((r) => r.consents),
  );
  counts.cases += await copyInto(
    client,
    'case_file',
    CASE,
    records.flatMap((r) => r.cases.map((c) => c.row)),
  );
  counts.notes += await copyInto(
    client,
    'case_note',
    NOTE,
    records.flatMap((r) => r.notes),
  );
  counts.services += await copyInto(
    client,
    'case_service',
    SERVICE,
    records.flatMap((r) => r.services),
  );
}

export interface LoadOptions {
  /** Index of the first person (a later run continues after the persons already loaded). */
  start: number;
  count: number;
  batchSize?: number;
  /**
   * Commit after each batch (large loads on a database nobody else writes to: the benchmarks). Otherwise
   * everything runs in the caller's open transaction.
   */
  commitEachBatch?: boolean;
  onProgress?: (done: number, counts: DemoCounts) => void;
}

/** Generates and loads persons start…start+count-1 of the generator's seed, on the given client. */
export async function loadDemoRecords(
  client: pg.ClientBase,
  agencyId: string,
  generator: DemoRecordGenerator,
  options: LoadOptions,
): Promise<DemoCounts> {
  const counts = emptyCounts();
  const batchSize = options.batchSize ?? 2000;
  for (let done = 0; done < options.count;) {
    const size = Math.min(batchSize, options.count - done);
    const records: DemoRecord[] = [];
    for (let i = 0; i < size; i++) records.push(generator.record(options.start + done + i));
    if (options.commitEachBatch) await client.query('BEGIN');
    try {
      await loadBatch(client, agencyId, records, counts);
      if (options.commitEachBatch) await client.query('COMMIT');
    } catch (error) {
      if (options.commitEachBatch) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    done += size;
    options.onProgress?.(done, counts);
  }
  return counts;
}
