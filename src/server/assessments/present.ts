import type { FieldClass } from '../../core/access/catalogue.ts';
import { SENSITIVITY_CLASSES } from '../../core/access/catalogue.ts';
import { fieldsOf, type FormDefinition } from '../../core/forms/definition.ts';
import type { Answers } from '../../core/forms/validate.ts';
import { isoOrNull } from '../cases/shared.ts';
import type { Context } from '../platform/http/route.ts';
import { canSee, present } from '../platform/policy/present.ts';
import { definitionAt } from './forms.ts';
import type { AssessmentOut, AssessmentSummary } from './schemas.ts';
import { readAnswers, type AssessmentRow } from './store.ts';

/** The assessment presenter: answers are shown by each field's sensitivity class (platform present()). */

/** The classes whose answers the actor may read: only these are decrypted. */
export const clearedClasses = (ctx: Context): FieldClass[] =>
  [...SENSITIVITY_CLASSES, 'general' as const].filter((c) => canSee(ctx.actor, c));

export async function presentSummaries(ctx: Context, rows: AssessmentRow[]): Promise<AssessmentSummary[]> {
  if (rows.length === 0) return [];
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.created_by, r.completed_by]).filter((id): id is string => !!id)),
  ];
  const users =
    userIds.length > 0
      ? await ctx.db
          .selectFrom('app_user')
          .select(['id', 'display_name'])
          .where('id', 'in', userIds)
          .execute()
      : [];
  const name = new Map(users.map((u) => [u.id, u.display_name]));
  const ref = (id: string | null) => (id ? { id, displayName: name.get(id) ?? '' } : null);
  return Promise.all(
    rows.map(async (row) => {
      const definition = (await definitionAt(ctx.db, row.form_key, row.form_version))!;
      return {
        id: row.id,
        caseId: row.case_id,
        formKey: row.form_key,
        formVersion: row.form_version,
        formTitle: definition.title,
        status: row.status,
        createdBy: ref(row.created_by),
        completedBy: ref(row.completed_by),
        completedAt: isoOrNull(row.completed_at),
        version: row.version,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    }),
  );
}

/**
 * One assessment with its answers. Every field of an uncleared class is listed in `redacted`, answered or
 * not: which of them hold an answer would itself tell something (a field shown only for some answers).
 */
export async function presentAssessment(
  ctx: Context,
  row: AssessmentRow,
  definition: FormDefinition,
  known?: Answers,
): Promise<AssessmentOut> {
  const answers = known ?? (await readAnswers(ctx, row.id, clearedClasses(ctx)));
  const record: Record<string, unknown> = {};
  const classes: Record<string, FieldClass> = {};
  for (const field of fieldsOf(definition)) {
    classes[field.key] = field.sensitivity;
    if (!canSee(ctx.actor, field.sensitivity)) record[field.key] = undefined;
    else if (answers[field.key] !== undefined) record[field.key] = answers[field.key];
  }
  const { redacted, ...shown } = present(ctx.actor, record, classes);
  const [summary] = await presentSummaries(ctx, [row]);
  return { ...summary!, answers: shown as Answers, redacted };
}
