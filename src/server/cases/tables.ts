import type { ColumnType, Generated } from 'kysely';
import type { ProtectionMeasure } from '../../core/cases/case-input.ts';

/** Table types of migration 0005 (persons and cases), merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
/** pg returns a `date` as a local-midnight Date (see dayString in shared.ts); written as YYYY-MM-DD. */
type DateOnly = ColumnType<Date | string, string, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface PersonTable {
  id: Generated<string>;
  agency_id: string;
  given_names: string;
  first_surname: string | null;
  second_surname: string | null;
  other_names: TextArray;
  sex: string | null;
  gender: string | null;
  dob_precision: ColumnType<string, string | undefined, string>;
  dob_date: DateOnly | null;
  dob_year: number | null;
  dob_age_min: number | null;
  dob_age_max: number | null;
  dob_as_of: DateOnly | null;
  citizenships: TextArray;
  pueblo: string | null;
  linguistic_community: string | null;
  primary_language: string | null;
  other_languages: TextArray;
  interpreter_needed: ColumnType<boolean, boolean | undefined, boolean>;
  origin_department: string | null;
  origin_municipality: string | null;
  origin_community: string | null;
  education_level: string | null;
  disabilities: TextArray;
  search_name: string;
  /** The name tokens of person_name_token as one tsvector (migration 0015), for wide-scope search. */
  name_tokens: ColumnType<string, string | undefined, string>;
  restricted: ColumnType<boolean, boolean | undefined, boolean>;
  registered_by: string | null;
  /** Demo and benchmark data (`amparo demo seed`, migration 0011). */
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonNameTokenTable {
  agency_id: string;
  token: string;
  person_id: string;
}

export interface PersonIdentityDocumentTable {
  id: string;
  agency_id: string;
  person_id: string;
  doc_type: string;
  number_sealed: Buffer;
  number_index: Buffer;
  issuing_country: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonRelationTable {
  id: string;
  agency_id: string;
  person_id: string;
  kind: string;
  name: string;
  relationship: string;
  is_guardian: ColumnType<boolean, boolean | undefined, boolean>;
  phone_sealed: Buffer | null;
  address_sealed: Buffer | null;
  notes_sealed: Buffer | null;
  no_contact: ColumnType<boolean, boolean | undefined, boolean>;
  no_contact_reason: string | null;
  no_contact_source: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseCounterTable {
  agency_id: string;
  year: number;
  prefix: ColumnType<string, string | undefined, string>;
  last_value: ColumnType<number, number | undefined, number>;
}

export interface CaseFileTable {
  id: Generated<string>;
  agency_id: string;
  number: string;
  person_id: string;
  programme_id: string;
  team_id: string | null;
  owner_user_id: string | null;
  case_type: string;
  status: ColumnType<string, string | undefined, string>;
  status_changed_at: Timestamp;
  status_reason: string | null;
  closure_kind: string | null;
  opened_at: Timestamp;
  closed_at: Date | null;
  referral_org_type: string | null;
  referral_org_name: string | null;
  referral_date: DateOnly | null;
  risk_level: string | null;
  risk_reasons: TextArray;
  risk_notes_sealed: Buffer | null;
  protection_measure: ColumnType<ProtectionMeasure | null, string | null, string | null>;
  restricted: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseDueRuleTable {
  id: Generated<string>;
  agency_id: string | null;
  key: string;
  statuses: string[];
  anchor: string;
  days: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  updated_at: Timestamp;
}

export interface RecordRestrictionTable {
  record_type: 'person' | 'case';
  record_id: string;
  user_id: string;
  agency_id: string;
  granted_by: string | null;
  granted_at: Generated<Date>;
}

export interface ChangeHistoryTable {
  id: string;
  agency_id: string;
  root_type: 'person' | 'case';
  root_id: string;
  record_type: string;
  record_id: string;
  field: string;
  version: number;
  changed_at: Generated<Date>;
  actor_user_id: string | null;
  request_id: string | null;
  old_value: Buffer | null;
  new_value: Buffer | null;
}

declare module '../platform/db/database.ts' {
  interface Database {
    person: PersonTable;
    person_name_token: PersonNameTokenTable;
    person_identity_document: PersonIdentityDocumentTable;
    person_relation: PersonRelationTable;
    case_counter: CaseCounterTable;
    case_file: CaseFileTable;
    case_due_rule: CaseDueRuleTable;
    record_restriction: RecordRestrictionTable;
    change_history: ChangeHistoryTable;
  }
}
