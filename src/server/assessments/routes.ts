import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FieldClass } from '../../core/access/catalogue.ts';
import type { FormDefinition } from '../../core/forms/definition.ts';
import { validateSubmission, type Answers } from '../../core/forms/validate.ts';
import { auditRecordList } from '../cases/audit.ts';
import { idParams, nextVersion, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound, type CaseRow } from '../cases/store.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { definitionAt, publishedDefinition } from './forms.ts';
import { presentAssessment, presentSummaries } from './present.ts';
import {
  assessmentListQuery,
  assessmentPage,
  assessmentParams,
  assessmentSchema,
  createAssessmentInput,
  updateAssessmentInput,
} from './schemas.ts';
import { findAssessment, listAssessments, readAnswers, writeAnswers, fieldClasses } from './store.ts';
import { requireAnswerClearance, submissionProblem } from './submission-errors.ts';

/** Assessments on a case: made with a published form version, kept with it, drafted then completed. */

const tags = ['assessments'];

/** Reached only through an emergency access: said in every audit event of the request. */
const emergency = (kase: CaseRow) => (kase.in_scope ? {} : { emergency: true });

function requireOpen(kase: CaseRow) {
  if (kase.status === 'closure')
    throw new ProblemError('conflict', 'El caso está cerrado; reábralo para registrar evaluaciones.');
}

/** Checks clearance and answers against the definition; returns the answers to keep. */
function checkAnswers(
  ctx: Context,
  definition: FormDefinition,
  given: Record<string, unknown>,
  all: Record<string, unknown>,
  draft: boolean,
): Answers {
  const classes = fieldClasses(definition);
  requireAnswerClearance(ctx.actor, given, (key) => classes.get(key));
  const { answers, errors } = validateSubmission(definition, all, { draft });
  if (errors.length > 0) throw submissionProblem(errors);
  return answers;
}

const touchedClasses = (definition: FormDefinition, keys: Iterable<string>) => {
  const classes = fieldClasses(definition);
  return [...new Set([...keys].map((k) => classes.get(k)).filter((c): c is FieldClass => !!c))].sort();
};

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/assessments',
  summary: 'Registrar una evaluación del caso con la versión vigente (o indicada) de un formulario',
  tags,
  status: 201,
  policy: { permission: 'assessment:write' },
  schema: { params: idParams, body: createAssessmentInput, response: assessmentSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    requireOpen(kase);
    const definition = await publishedDefinition(ctx.db, body.formKey, body.formVersion);
    if (!definition)
      throwIfAny([
        {
          field: body.formVersion ? 'body.formVersion' : 'body.formKey',
          code: 'unknown_form',
          message: 'El formulario no existe o esa versión no está publicada.',
        },
      ]);
    const answers = checkAnswers(ctx, definition!, body.answers, body.answers, body.status === 'draft');
    const id = randomUUID();
    const completed = body.status === 'completed';
    await ctx.db
      .insertInto('assessment')
      .values({
        id,
        agency_id: kase.agency_id,
        case_id: kase.id,
        form_key: definition!.key,
        form_version: definition!.version,
        status: body.status,
        created_by: ctx.actor.userId,
        completed_by: completed ? ctx.actor.userId : null,
        completed_at: completed ? sql<Date>`now()` : null,
      })
      .execute();
    await writeAnswers(ctx, { id, agency_id: kase.agency_id }, definition!, answers);
    await ctx.audit({
      action: 'assessment.created',
      resourceType: 'assessment',
      resourceIds: [id, kase.id],
      details: {
        formKey: definition!.key,
        formVersion: definition!.version,
        status: body.status,
        classes: touchedClasses(definition!, Object.keys(answers)),
        ...emergency(kase),
      },
    });
    const row = (await findAssessment(ctx.db, kase.id, id))!;
    setEtag(ctx.reply, row.version);
    return presentAssessment(ctx, row, definition!);
  },
});

const list = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/assessments',
  summary: 'Evaluaciones de un caso (sin respuestas: ábralas una por una)',
  tags,
  policy: { permission: 'assessment:read' },
  schema: { params: idParams, querystring: assessmentListQuery, response: assessmentPage },
  handler: async (ctx, { params, query }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const { rows, total } = await listAssessments(ctx.db, kase.id, {
      limit: query.pageSize,
      offset: offsetOf(query),
    });
    const items = await presentSummaries(ctx, rows);
    await auditRecordList(ctx, 'assessment.list', 'assessment', [kase.id, ...items.map((a) => a.id)], {
      page: query.page,
      total,
      ...emergency(kase),
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

async function assessmentOrNotFound(ctx: Context, kase: CaseRow, id: string, forUpdate = false) {
  const row = await findAssessment(ctx.db, kase.id, id, forUpdate);
  if (!row) throw notFound('La evaluación');
  const definition = (await definitionAt(ctx.db, row.form_key, row.form_version))!;
  return { row, definition };
}

const get = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/assessments/:assessmentId',
  summary: 'Una evaluación, con las respuestas que su rol puede ver (las demás, en "redacted")',
  tags,
  policy: { permission: 'assessment:read' },
  schema: { params: assessmentParams, response: assessmentSchema },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const { row, definition } = await assessmentOrNotFound(ctx, kase, params.assessmentId);
    const out = await presentAssessment(ctx, row, definition);
    await ctx.audit({
      action: 'assessment.read',
      resourceType: 'assessment',
      resourceIds: [row.id, kase.id],
      details: { redacted: out.redacted.length, ...emergency(kase) },
    });
    setEtag(ctx.reply, row.version);
    return out;
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/cases/:id/assessments/:assessmentId',
  summary: 'Cambiar respuestas de una evaluación en borrador o completarla (If-Match)',
  tags,
  policy: { permission: 'assessment:write' },
  schema: { params: assessmentParams, body: updateAssessmentInput, response: assessmentSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const { row, definition } = await assessmentOrNotFound(ctx, kase, params.assessmentId, true);
    requireVersion(ctx.request, row.version);
    if (row.status === 'completed')
      throw new ProblemError(
        'conflict',
        'Una evaluación completada no se modifica; registre una nueva evaluación.',
      );
    requireOpen(kase);
    const given = body.answers ?? {};
    const status = body.status ?? row.status;
    // The server compares against every stored answer, whatever the actor may see.
    const before = await readAnswers(ctx, row.id, [...new Set(fieldClasses(definition).values())]);
    const answers = checkAnswers(ctx, definition, given, { ...before, ...given }, status === 'draft');
    const changedKeys = [...new Set([...Object.keys(before), ...Object.keys(answers)])].filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(answers[key]),
    );
    if (changedKeys.length === 0 && status === row.status) {
      setEtag(ctx.reply, row.version);
      return presentAssessment(ctx, row, definition);
    }
    if (changedKeys.length > 0) await writeAnswers(ctx, row, definition, answers);
    const completing = status === 'completed';
    await ctx.db
      .updateTable('assessment')
      .set({
        status,
        ...(completing && { completed_by: ctx.actor.userId, completed_at: sql<Date>`now()` }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({
      action: completing ? 'assessment.completed' : 'assessment.updated',
      resourceType: 'assessment',
      resourceIds: [row.id, kase.id],
      details: {
        changedAnswers: changedKeys.length,
        classes: touchedClasses(definition, changedKeys),
        ...emergency(kase),
      },
    });
    const updated = (await findAssessment(ctx.db, kase.id, row.id))!;
    setEtag(ctx.reply, updated.version);
    return presentAssessment(ctx, updated, definition);
  },
});

export const assessmentRoutes = [list, create, get, update];
