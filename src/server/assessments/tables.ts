import type { ColumnType } from 'kysely';
import type { FormDefinition } from '../../core/forms/definition.ts';

/** Table types of migration 0008 (form definitions and assessments), merged into the application's Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Version = ColumnType<number, number | undefined, number>;

export interface FormDefinitionTable {
  key: string;
  version: number;
  definition: ColumnType<FormDefinition, string, never>;
  published_at: Date | null;
  created_at: CreatedAt;
}

export interface AssessmentTable {
  id: string;
  agency_id: string;
  case_id: string;
  form_key: string;
  form_version: number;
  status: ColumnType<'draft' | 'completed', 'draft' | 'completed' | undefined, 'draft' | 'completed'>;
  created_by: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  version: Version;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AssessmentAnswersTable {
  id: string;
  agency_id: string;
  assessment_id: string;
  field_class: string;
  answers_sealed: Buffer;
}

declare module '../platform/db/database.ts' {
  interface Database {
    form_definition: FormDefinitionTable;
    assessment: AssessmentTable;
    assessment_answers: AssessmentAnswersTable;
  }
}
