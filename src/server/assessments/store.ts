import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FieldClass } from '../../core/access/catalogue.ts';
import { fieldsOf, type FormDefinition } from '../../core/forms/definition.ts';
import type { Answers } from '../../core/forms/validate.ts';
import type { Executor } from '../platform/db/database.ts';
import { pageWithCount } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { answersContext } from './encrypted-columns.ts';
import './tables.ts';

/**
 * Assessments of a case and their answers. Callers have already found the case through the case store
 * (cases/visibility.ts decides what the actor sees); every query here is confined to that case.
 */

export const assessmentColumns = [
  'assessment.id',
  'assessment.agency_id',
  'assessment.case_id',
  'assessment.form_key',
  'assessment.form_version',
  'assessment.status',
  'assessment.created_by',
  'assessment.completed_by',
  'assessment.completed_at',
  'assessment.version',
  'assessment.created_at',
  'assessment.updated_at',
] as const;

export interface AssessmentRow {
  id: string;
  agency_id: string;
  case_id: string;
  form_key: string;
  form_version: number;
  status: 'draft' | 'completed';
  created_by: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export async function findAssessment(
  db: Executor,
  caseId: string,
  id: string,
  forUpdate = false,
): Promise<AssessmentRow | undefined> {
  let query = db
    .selectFrom('assessment')
    .select(assessmentColumns)
    .where('assessment.id', '=', id)
    .where('assessment.case_id', '=', caseId);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listAssessments(
  db: Executor,
  caseId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: AssessmentRow[]; total: number }> {
  const base = db.selectFrom('assessment').where('assessment.case_id', '=', caseId);
  const [rows, count] = await pageWithCount(
    db,
    base
      .select(assessmentColumns)
      .orderBy('assessment.created_at', 'desc')
      .orderBy('assessment.id')
      .limit(page.limit)
      .offset(page.offset),
    base.select(sql<number>`count(*)::int`.as('n')),
  );
  return { rows, total: count.n };
}

/** The class of each field of a definition. */
export function fieldClasses(definition: FormDefinition): Map<string, FieldClass> {
  return new Map(fieldsOf(definition).map((f) => [f.key, f.sensitivity]));
}

/** The stored answers of the given classes, decrypted; answers of other classes are not even read. */
export async function readAnswers(
  ctx: Context,
  assessmentId: string,
  classes: readonly FieldClass[],
): Promise<Answers> {
  if (classes.length === 0) return {};
  const rows = await ctx.db
    .selectFrom('assessment_answers')
    .select(['id', 'answers_sealed'])
    .where('assessment_id', '=', assessmentId)
    .where('field_class', 'in', classes)
    .execute();
  return Object.assign(
    {},
    ...rows.map(
      (row) =>
        JSON.parse(ctx.services.envelope.decryptText(row.answers_sealed, answersContext(row.id))) as Answers,
    ),
  );
}

/** Stores the answers, one encrypted object per class; a class left without answers loses its row. */
export async function writeAnswers(
  ctx: Context,
  assessment: { id: string; agency_id: string },
  definition: FormDefinition,
  answers: Answers,
): Promise<void> {
  const classOf = fieldClasses(definition);
  const byClass = new Map<FieldClass, Answers>();
  for (const [key, value] of Object.entries(answers)) {
    const fieldClass = classOf.get(key)!;
    byClass.set(fieldClass, { ...byClass.get(fieldClass), [key]: value });
  }
  const existing = await ctx.db
    .selectFrom('assessment_answers')
    .select(['id', 'field_class'])
    .where('assessment_id', '=', assessment.id)
    .execute();
  const stale = existing.filter((row) => !byClass.has(row.field_class as FieldClass)).map((row) => row.id);
  if (stale.length > 0) await ctx.db.deleteFrom('assessment_answers').where('id', 'in', stale).execute();
  for (const [fieldClass, values] of byClass) {
    const id = existing.find((row) => row.field_class === fieldClass)?.id ?? randomUUID();
    const sealed = ctx.services.envelope.encrypt(JSON.stringify(values), answersContext(id));
    await ctx.db
      .insertInto('assessment_answers')
      .values({
        id,
        agency_id: assessment.agency_id,
        assessment_id: assessment.id,
        field_class: fieldClass,
        answers_sealed: sealed,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ answers_sealed: sealed }))
      .execute();
  }
}
