import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { pendingApproval } from '../approvals/store.ts';
import { reviewSummaryContext } from '../assessments/encrypted-columns.ts';
import { changesBetween, historyOf, historyPage, recordChanges } from '../cases/history.ts';
import { idParams, nextVersion, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound, type CaseRow } from '../cases/store.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { paginationQuery } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { planGoalsField } from '../../core/cases/field-classes.ts';
import { PLAN_DOMAINS } from '../../core/forms/domains.ts';
import { planInput, planReviewSchema, planSchema, reviewInput, type StoredGoal } from './schemas.ts';
import {
  canSeeGoal,
  findPlan,
  goalsByDomain,
  goalsFrom,
  presentPlan,
  readGoals,
  requireGoalClearance,
  sealGoals,
  substanceOf,
  withHiddenGoals,
  type PlanRow,
} from './store.ts';

/** The case plan: written whole with If-Match, reviewed periodically; its approval is in approvals/. */

const tags = ['case-plans'];

const emergency = (kase: CaseRow) => (kase.in_scope ? {} : { emergency: true });

function requireOpen(kase: CaseRow) {
  if (kase.status === 'closure')
    throw new ProblemError('conflict', 'El caso está cerrado; reábralo para cambiar su plan.');
}

export async function planOrNotFound(ctx: Context, caseId: string, forUpdate = false): Promise<PlanRow> {
  const plan = await findPlan(ctx.db, caseId, forUpdate);
  if (!plan) throw notFound('El plan del caso');
  return plan;
}

/**
 * The plan's field-level history (values encrypted there too). Rooted at the plan, not the case: the case's
 * history is open to case:read, the plan only to case_plan:read.
 */
async function recordGoals(ctx: Context, plan: PlanRow, before: StoredGoal[] | null, after: StoredGoal[]) {
  await recordChanges(ctx, {
    agencyId: plan.agency_id,
    rootType: 'case',
    rootId: plan.id,
    recordType: 'case_plan',
    recordId: plan.id,
    version: plan.version,
    changes: changesBetween(goalsByDomain(before), goalsByDomain(after), PLAN_DOMAINS.map(planGoalsField)),
  });
}

const create = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/plan',
  summary: 'Elaborar el plan del caso: metas por área con sus acciones',
  tags,
  status: 201,
  policy: { permission: 'case_plan:write' },
  schema: { params: idParams, body: planInput, response: planSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id, true);
    requireOpen(kase);
    if (await findPlan(ctx.db, kase.id))
      throw new ProblemError('conflict', 'El caso ya tiene un plan; modifíquelo en lugar de crear otro.');
    requireGoalClearance(ctx.actor, body);
    const { goals, errors } = await goalsFrom(ctx, kase.agency_id, body, []);
    throwIfAny(errors);
    const id = randomUUID();
    await ctx.db
      .insertInto('case_plan')
      .values({
        id,
        agency_id: kase.agency_id,
        case_id: kase.id,
        goals_sealed: sealGoals(ctx, id, goals),
        created_by: ctx.actor.userId,
        updated_by: ctx.actor.userId,
      })
      .execute();
    const plan = (await findPlan(ctx.db, kase.id))!;
    await recordGoals(ctx, plan, null, goals);
    await ctx.audit({
      action: 'case_plan.created',
      resourceType: 'case_plan',
      resourceIds: [id, kase.id],
      details: { goals: goals.length, ...emergency(kase) },
    });
    setEtag(ctx.reply, plan.version);
    return presentPlan(ctx, plan);
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/plan',
  summary: 'El plan del caso, con sus revisiones y el estado de su aprobación',
  tags,
  policy: { permission: 'case_plan:read' },
  schema: { params: idParams, response: planSchema },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const plan = await planOrNotFound(ctx, kase.id);
    await ctx.audit({
      action: 'case_plan.read',
      resourceType: 'case_plan',
      resourceIds: [plan.id, kase.id],
      ...(!kase.in_scope && { details: { emergency: true } }),
    });
    setEtag(ctx.reply, plan.version);
    return presentPlan(ctx, plan);
  },
});

const update = defineRoute({
  method: 'PUT',
  url: '/api/cases/:id/plan',
  summary:
    'Modificar el plan (If-Match). Un cambio de metas o acciones pide nueva aprobación; el avance de las acciones no',
  tags,
  policy: { permission: 'case_plan:write' },
  schema: { params: idParams, body: planInput, response: planSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const plan = await planOrNotFound(ctx, kase.id, true);
    requireVersion(ctx.request, plan.version);
    requireOpen(kase);
    if (await pendingApproval(ctx, 'plan', plan.id))
      throw new ProblemError(
        'conflict',
        'El plan espera la decisión de la supervisión; no se modifica hasta que la haya.',
      );
    requireGoalClearance(ctx.actor, body);
    const before = readGoals(ctx, plan);
    const seen = before.filter((goal) => canSeeGoal(ctx.actor, goal));
    const written = await goalsFrom(ctx, kase.agency_id, body, seen);
    throwIfAny(written.errors);
    const goals = withHiddenGoals(ctx.actor, before, written.goals);
    if (JSON.stringify(goals) === JSON.stringify(before)) {
      setEtag(ctx.reply, plan.version);
      return presentPlan(ctx, plan);
    }
    const revised = substanceOf(goals) !== substanceOf(before);
    await ctx.db
      .updateTable('case_plan')
      .set({
        goals_sealed: sealGoals(ctx, plan.id, goals),
        ...(revised && { revision: plan.revision + 1 }),
        updated_by: ctx.actor.userId,
        ...nextVersion(),
      })
      .where('id', '=', plan.id)
      .execute();
    const updated = (await findPlan(ctx.db, kase.id))!;
    await recordGoals(ctx, updated, before, goals);
    await ctx.audit({
      action: 'case_plan.updated',
      resourceType: 'case_plan',
      resourceIds: [plan.id, kase.id],
      details: { revision: updated.revision, revised, goals: goals.length, ...emergency(kase) },
    });
    setEtag(ctx.reply, updated.version);
    return presentPlan(ctx, updated);
  },
});

const addReview = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/plan/reviews',
  summary: 'Registrar una revisión periódica del plan (fecha, resumen, próxima revisión)',
  tags,
  status: 201,
  policy: { permission: 'case_plan:write' },
  schema: { params: idParams, body: reviewInput, response: planReviewSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const plan = await planOrNotFound(ctx, kase.id);
    requireOpen(kase);
    const id = randomUUID();
    const row = await ctx.db
      .insertInto('case_plan_review')
      .values({
        id,
        agency_id: plan.agency_id,
        plan_id: plan.id,
        review_date: body.reviewDate,
        summary_sealed: ctx.services.envelope.encrypt(body.summary, reviewSummaryContext(id)),
        next_review_date: body.nextReviewDate,
        plan_version: plan.version,
        reviewed_by: ctx.actor.userId,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    await ctx.audit({
      action: 'case_plan.reviewed',
      resourceType: 'case_plan',
      resourceIds: [plan.id, kase.id, id],
      details: { reviewDate: body.reviewDate, ...emergency(kase) },
    });
    return {
      id,
      reviewDate: body.reviewDate,
      summary: body.summary,
      nextReviewDate: body.nextReviewDate,
      planVersion: plan.version,
      reviewedBy: { id: ctx.actor.userId, displayName: ctx.actor.displayName },
      createdAt: row.created_at.toISOString(),
    };
  },
});

const history = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/plan/history',
  summary: 'Historial de cambios del plan: metas y acciones de cada versión',
  tags,
  policy: { permission: 'case_plan:read' },
  schema: { params: idParams, querystring: z.object({ ...paginationQuery }), response: historyPage },
  handler: async (ctx, { params, query }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const plan = await planOrNotFound(ctx, kase.id);
    const page = await historyOf(ctx, plan.id, query);
    await ctx.audit({
      action: 'case_plan.history_read',
      resourceType: 'case_plan',
      resourceIds: [plan.id, kase.id],
      details: { page: query.page, entries: page.items.length, ...emergency(kase) },
    });
    return page;
  },
});

export const casePlanRoutes = [create, get, update, addReview, history];
