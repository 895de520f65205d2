import { randomUUID } from 'node:crypto';
import type { FieldError } from '../platform/http/problem.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Context } from '../platform/http/route.ts';
import { dayString, openText } from '../cases/shared.ts';
import { goalsContext, reviewSummaryContext } from '../assessments/encrypted-columns.ts';
import { approvedRevision, decidedApproval, pendingApproval, presentApprovals } from '../approvals/store.ts';
import type { PlanInput, PlanOut, StoredGoal } from './schemas.ts';
import './tables.ts';
import { dayInGuatemala } from '../../core/dates.ts';
import { PLAN_DOMAIN_CLASSES, planGoalsField } from '../../core/cases/field-classes.ts';
import { PLAN_DOMAINS, type PlanDomain } from '../../core/forms/domains.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { canSee } from '../platform/policy/present.ts';
import { ProblemError } from '../platform/http/problem.ts';

/** The plan of a case: stored, checked and presented. Callers have found the case through the case store. */

export async function findPlan(db: Executor, caseId: string, forUpdate = false) {
  let query = db.selectFrom('case_plan').selectAll().where('case_id', '=', caseId);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export const readGoals = (ctx: Context, row: PlanRow): StoredGoal[] =>
  JSON.parse(ctx.services.envelope.decryptText(row.goals_sealed, goalsContext(row.id))) as StoredGoal[];

export const sealGoals = (ctx: Context, id: string, goals: StoredGoal[]) =>
  ctx.services.envelope.encrypt(JSON.stringify(goals), goalsContext(id));

export const canSeeGoal = (actor: Actor, goal: { domain: PlanDomain }) =>
  canSee(actor, PLAN_DOMAIN_CLASSES[goal.domain]);

/** Refuses goals in domains the writer is not cleared for (403, naming each), before anything is written. */
export function requireGoalClearance(actor: Actor, input: PlanInput): void {
  const errors = input.goals.flatMap((goal, g) =>
    canSeeGoal(actor, goal)
      ? []
      : [
          {
            field: `body.goals.${g}.domain`,
            code: 'not_cleared',
            message: 'Su rol no tiene autorización para las metas de esta área.',
          },
        ],
  );
  if (errors.length > 0)
    throw new ProblemError('forbidden', 'No tiene autorización para registrar metas de algunas áreas.', {
      errors,
    });
}

/**
 * The plan after a writer who sees only some domains sends the goals they see: the goals they cannot see stay
 * where they were, the ones they sent take the places of the ones they saw, in order, and new ones follow.
 */
export function withHiddenGoals(actor: Actor, before: StoredGoal[], written: StoredGoal[]): StoredGoal[] {
  const queue = [...written];
  const merged = before.flatMap((goal) =>
    canSeeGoal(actor, goal) ? (queue.length > 0 ? [queue.shift()!] : []) : [goal],
  );
  return [...merged, ...queue];
}

/** The goals of each domain, as the plan's history records them; domains without goals are left out. */
export function goalsByDomain(goals: StoredGoal[] | null): Record<string, StoredGoal[]> {
  const out: Record<string, StoredGoal[]> = {};
  for (const domain of PLAN_DOMAINS) {
    const ofDomain = (goals ?? []).filter((g) => g.domain === domain);
    if (ofDomain.length > 0) out[planGoalsField(domain)] = ofDomain;
  }
  return out;
}

/**
 * The goals to store from the input: given ids must name goals and actions of the current plan (once
 * each), missing ids are new. Responsible people must be active users of the case's agency.
 */
export async function goalsFrom(
  ctx: Context,
  agencyId: string,
  input: PlanInput,
  current: StoredGoal[],
): Promise<{ goals: StoredGoal[]; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const goalIds = new Set(current.map((g) => g.id));
  const actionIds = new Set(current.flatMap((g) => g.actions.map((a) => a.id)));
  const seen = new Set<string>();
  const known = (id: string | undefined, ids: Set<string>, field: string) => {
    if (id === undefined) return randomUUID();
    if (!ids.has(id) || seen.has(id))
      errors.push({
        field,
        code: 'unknown_id',
        message: 'Ese identificador no es de este plan o se repite.',
      });
    seen.add(id);
    return id;
  };
  const goals = input.goals.map((goal, g) => ({
    id: known(goal.id, goalIds, `body.goals.${g}.id`),
    domain: goal.domain,
    objective: goal.objective,
    actions: goal.actions.map((action, a) => ({
      id: known(action.id, actionIds, `body.goals.${g}.actions.${a}.id`),
      description: action.description,
      responsibleUserId: action.responsibleUserId,
      dueDate: action.dueDate,
      status: action.status,
    })),
  }));
  const responsible = [...new Set(goals.flatMap((g) => g.actions.map((a) => a.responsibleUserId)))];
  const active =
    responsible.length > 0
      ? await ctx.db
          .selectFrom('app_user')
          .select('id')
          .where('id', 'in', responsible)
          .where('agency_id', '=', agencyId)
          .where('active', '=', true)
          .execute()
      : [];
  const valid = new Set(active.map((u) => u.id));
  goals.forEach((goal, g) =>
    goal.actions.forEach((action, a) => {
      if (!valid.has(action.responsibleUserId))
        errors.push({
          field: `body.goals.${g}.actions.${a}.responsibleUserId`,
          code: 'unknown_user',
          message: 'La persona responsable no existe o no está activa en la agencia del caso.',
        });
    }),
  );
  return { goals, errors };
}

/** The substance of a plan: everything but the progress of its actions. A change needs a new approval. */
export const substanceOf = (goals: StoredGoal[]) =>
  JSON.stringify(goals.map((g) => ({ ...g, actions: g.actions.map(({ status: _s, ...rest }) => rest) })));

export async function presentPlan(ctx: Context, row: PlanRow): Promise<PlanOut> {
  const stored = readGoals(ctx, row);
  const goals = stored.filter((goal) => canSeeGoal(ctx.actor, goal));
  const redactedDomains = PLAN_DOMAINS.filter((domain) =>
    stored.some((goal) => goal.domain === domain && !canSeeGoal(ctx.actor, goal)),
  );
  const [reviews, pending, decided, approved] = await Promise.all([
    ctx.db
      .selectFrom('case_plan_review')
      .selectAll()
      .where('plan_id', '=', row.id)
      .orderBy('review_date', 'desc')
      .orderBy('created_at', 'desc')
      .execute(),
    pendingApproval(ctx, 'plan', row.id),
    decidedApproval(ctx, row.id, row.revision),
    approvedRevision(ctx, row.id),
  ]);
  const userIds = [
    ...goals.flatMap((g) => g.actions.map((a) => a.responsibleUserId)),
    ...reviews.map((r) => r.reviewed_by),
    row.created_by,
    row.updated_by,
  ].filter((id): id is string => !!id);
  const users =
    userIds.length > 0
      ? await ctx.db
          .selectFrom('app_user')
          .select(['id', 'display_name'])
          .where('id', 'in', [...new Set(userIds)])
          .execute()
      : [];
  const name = new Map(users.map((u) => [u.id, u.display_name]));
  const ref = (id: string | null) => (id ? { id, displayName: name.get(id) ?? '' } : null);
  const today = dayInGuatemala();
  const current = pending ?? decided;
  return {
    id: row.id,
    caseId: row.case_id,
    goals: goals.map((goal) => ({
      id: goal.id,
      domain: goal.domain,
      objective: goal.objective,
      actions: goal.actions.map((action) => ({
        id: action.id,
        description: action.description,
        responsible: ref(action.responsibleUserId),
        dueDate: action.dueDate,
        status: action.status,
        overdue: action.dueDate < today && (action.status === 'pending' || action.status === 'in_progress'),
      })),
    })),
    redactedDomains,
    revision: row.revision,
    approval: {
      state: pending ? 'pending' : (decided?.decision ?? 'none'),
      approvedRevision: approved,
      current: current ? (await presentApprovals(ctx, [current]))[0]! : null,
    },
    reviews: reviews.map((review) => ({
      id: review.id,
      reviewDate: dayString(review.review_date)!,
      summary: openText(ctx, reviewSummaryContext(review.id), review.summary_sealed)!,
      nextReviewDate: dayString(review.next_review_date),
      planVersion: review.plan_version,
      reviewedBy: ref(review.reviewed_by),
      createdAt: review.created_at.toISOString(),
    })),
    nextReviewDate: reviews[0] ? dayString(reviews[0].next_review_date) : null,
    createdBy: ref(row.created_by),
    updatedBy: ref(row.updated_by),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
