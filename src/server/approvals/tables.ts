import type { ColumnType } from 'kysely';

/** Table type of migration 0008 (approvals of plans and closures), merged into the application's Database. */

export type ApprovalSubject = 'plan' | 'closure';
export type ApprovalDecision = 'approved' | 'rejected';

export interface ApprovalTable {
  id: string;
  agency_id: string;
  case_id: string;
  subject_type: ApprovalSubject;
  subject_id: string;
  subject_revision: number | null;
  requested_by: string;
  requested_at: ColumnType<Date, Date | string | undefined, never>;
  request_comment_sealed: Buffer | null;
  decision: ApprovalDecision | null;
  decided_by: string | null;
  decided_at: Date | null;
  comment_sealed: Buffer | null;
  used_at: Date | null;
}

declare module '../platform/db/database.ts' {
  interface Database {
    approval: ApprovalTable;
  }
}
