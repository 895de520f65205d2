import type { ColumnType, Generated } from 'kysely';

/** Table types of the consents of migration 0007, merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
type DateOnly = ColumnType<Date | string, string, string>;

export interface ConsentAgeBandTable {
  id: Generated<string>;
  agency_id: string | null;
  min_age: number;
  max_age: number;
  child_role: string;
  adult_role: string;
  verify: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  updated_at: Timestamp;
}

export interface ConsentTable {
  id: string;
  agency_id: string;
  person_id: string;
  purpose: string;
  target_agency_id: string | null;
  decision: string;
  given_by: string;
  giver_name: string | null;
  giver_relationship: string | null;
  given_on: DateOnly;
  told_purpose: boolean;
  told_uses: boolean;
  told_research_use: boolean;
  told_right_to_request_data: boolean;
  told_retention_period: boolean;
  told_how_to_withdraw: boolean;
  document_attachment_id: string | null;
  document_reference: string | null;
  withdrawn_on: DateOnly | null;
  withdrawal_reason: string | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
  recorded_by: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

declare module '../platform/db/database.ts' {
  interface Database {
    consent_age_band: ConsentAgeBandTable;
    consent: ConsentTable;
  }
}
