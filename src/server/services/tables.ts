import type { ColumnType, Generated } from 'kysely';

/** Table types of the services part of migration 0007, merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
type DateOnly = ColumnType<Date | string, string, string>;

export interface ServiceProviderTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  org_type: string;
  area: string;
  contact: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseServiceTable {
  id: string;
  agency_id: string;
  case_id: string;
  area: string;
  provider_user_id: string | null;
  provider_id: string | null;
  delivered_on: DateOnly;
  duration_minutes: number | null;
  outcome: string;
  one_off: ColumnType<boolean, boolean | undefined, boolean>;
  notes_sealed: Buffer | null;
  created_by: string | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

declare module '../platform/db/database.ts' {
  interface Database {
    service_provider: ServiceProviderTable;
    case_service: CaseServiceTable;
  }
}
