import type { ColumnType } from 'kysely';

/** Table types of the sharing decisions of migration 0014, merged into the application's Database. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface SharingDecisionTable {
  id: string;
  agency_id: string;
  case_id: string;
  to_agency_id: string;
  classes: ColumnType<string[], string[], never>;
  reason_sealed: Buffer;
  consent_id: string | null;
  override_reason_sealed: Buffer | null;
  override_by: string | null;
  decided_by: string;
  decided_at: CreatedAt;
  expires_on: ColumnType<Date | string | null, string | null | undefined, never>;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason_sealed: Buffer | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

declare module '../platform/db/database.ts' {
  interface Database {
    sharing_decision: SharingDecisionTable;
  }
}
