import type { ColumnType, Generated } from 'kysely';
import type { ExplanationTerm } from '../../core/linkage/index.ts';

/** Table types of migration 0010 (record linkage), merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
type DateOnly = ColumnType<Date | string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface PersonBlockKeyTable {
  key: number;
  person_id: string;
  agency_id: string;
}

export interface LinkageModelTable {
  version: number;
  spec_name: string;
  spec_version: number;
  source: 'shipped' | 'trained';
  parameters: Json<unknown>;
  term_frequencies: Json<unknown>;
  records: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: CreatedAt;
}

export type PairStatus = 'pending' | 'merged' | 'not_same';

export interface LinkagePairTable {
  id: Generated<string>;
  agency_id: string;
  person_a: string;
  person_b: string;
  score: number;
  probability: number;
  explanation: Json<ExplanationTerm[]>;
  model_version: number;
  found_by: 'dedup' | 'registration';
  status: ColumnType<PairStatus, PairStatus | undefined, PairStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Rows re-pointed from the merged person to the survivor, by table and column. */
export interface MovedRows {
  table: string;
  column: string;
  ids: string[];
}

export interface LinkageMergeTable {
  id: Generated<string>;
  agency_id: string;
  pair_id: string;
  survivor_id: string;
  merged_id: string;
  moved: Json<MovedRows[]>;
  merged_by: string | null;
  merged_at: CreatedAt;
  unmerged_by: string | null;
  unmerged_at: Date | null;
  version: Version;
}

export interface LinkageContactTable {
  agency_id: string;
  contact: string;
  version: Version;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface TracingRequestTable {
  id: string;
  agency_id: string;
  requester_name: string;
  requester_relation: string;
  requester_institution: string | null;
  requester_contact_sealed: Buffer;
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
  sex: string | null;
  birth_date: DateOnly | null;
  birth_year_min: number | null;
  birth_year_max: number | null;
  department_code: string | null;
  municipality_code: string | null;
  place_text: string | null;
  mother_name: string | null;
  father_name: string | null;
  notes_sealed: Buffer | null;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  created_by: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

declare module '../platform/db/database.ts' {
  interface Database {
    person_block_key: PersonBlockKeyTable;
    linkage_model: LinkageModelTable;
    linkage_pair: LinkagePairTable;
    linkage_merge: LinkageMergeTable;
    linkage_contact: LinkageContactTable;
    tracing_request: TracingRequestTable;
  }
}

declare module '../cases/tables.ts' {
  interface PersonTable {
    /** The survivor this person was merged into (migration 0010); hidden while set. */
    merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  }
}
