import type { ColumnType } from 'kysely';

/** Table types of the referrals of migration 0007, merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface ReferralTable {
  id: string;
  agency_id: string;
  case_id: string;
  person_id: string;
  kind: string;
  from_programme_id: string;
  to_agency_id: string;
  to_programme_id: string | null;
  services_requested: TextArray;
  urgency: string;
  reason_sealed: Buffer;
  status: ColumnType<string, string | undefined, string>;
  consent_id: string | null;
  override_reason_sealed: Buffer | null;
  override_by: string | null;
  sent_by: string | null;
  sent_at: ColumnType<Date, Date | string | undefined, never>;
  responded_by: string | null;
  responded_at: Date | null;
  response_reason_sealed: Buffer | null;
  received_person_id: string | null;
  received_case_id: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  completion_notes_sealed: Buffer | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

declare module '../platform/db/database.ts' {
  interface Database {
    referral: ReferralTable;
  }
}
