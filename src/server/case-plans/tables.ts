import type { ColumnType } from 'kysely';

/** Table types of migration 0008 (case plans and their reviews), merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
/** pg returns a `date` as a local-midnight Date (see dayString in cases/shared.ts); written as YYYY-MM-DD. */
type DateOnly = ColumnType<Date | string, string, string>;

export interface CasePlanTable {
  id: string;
  agency_id: string;
  case_id: string;
  goals_sealed: Buffer;
  revision: Version;
  created_by: string | null;
  updated_by: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CasePlanReviewTable {
  id: string;
  agency_id: string;
  plan_id: string;
  review_date: DateOnly;
  summary_sealed: Buffer;
  next_review_date: DateOnly | null;
  plan_version: number;
  reviewed_by: string | null;
  created_at: CreatedAt;
}

declare module '../platform/db/database.ts' {
  interface Database {
    case_plan: CasePlanTable;
    case_plan_review: CasePlanReviewTable;
  }
}
