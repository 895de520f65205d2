import type { ColumnType } from 'kysely';

/** Table types of the case notes of migration 0007, merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;
type DateOnly = ColumnType<Date | string, string, string>;

export interface CaseNoteTable {
  id: string;
  agency_id: string;
  case_id: string;
  note_type: string;
  note_class: string;
  occurred_on: DateOnly | null;
  body_sealed: Buffer;
  corrects_note_id: string | null;
  author_user_id: string | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CaseNoteRevisionTable {
  id: string;
  agency_id: string;
  note_id: string;
  version: number;
  occurred_on: DateOnly | null;
  body_sealed: Buffer;
  replaced_at: ColumnType<Date, Date | string | undefined, never>;
  replaced_by: string | null;
}

declare module '../platform/db/database.ts' {
  interface Database {
    case_note: CaseNoteTable;
    case_note_revision: CaseNoteRevisionTable;
  }
}
