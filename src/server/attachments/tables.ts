import type { ColumnType } from 'kysely';

/** Table type of migration 0009 (attachments), merged into the application's Database. */

export interface AttachmentTable {
  id: string;
  agency_id: string;
  person_id: string;
  case_id: string | null;
  sensitivity_class: string;
  media_type: string;
  byte_size: number;
  metadata_removed: boolean;
  file_name_sealed: Buffer;
  description_sealed: Buffer | null;
  content_sealed: Buffer;
  uploaded_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

declare module '../platform/db/database.ts' {
  interface Database {
    attachment: AttachmentTable;
  }
}
