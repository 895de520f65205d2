import { sql } from 'kysely';
import { z } from 'zod';
import {
  EMERGENCY_ACCESS_MINUTES,
  emergencyAccessInput,
  emergencyReviewInput,
} from '../../core/cases/case-input.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { offsetOf, paginated } from '../platform/http/pagination.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute } from '../platform/http/route.ts';
import { rowScope, type RowScope } from '../platform/policy/authorize.ts';
import { auditRecordList } from './audit.ts';
import { emergencyAccessSchema, emergencyListQuery, type EmergencyAccessOut } from './schemas.ts';
import { idParams } from './shared.ts';
import { caseInScope, caseNotRestricted, caseVisible, viewerOf } from './visibility.ts';

/**
 * Emergency access ("break the glass"): a user holding case:read may open a case of their own agency that
 * lies outside their scope, stating why. The access lasts EMERGENCY_ACCESS_MINUTES, is audited with
 * `details.emergency = true`, every read through it is flagged the same way, and it waits for review by a
 * coordinator (case:approve) whose scope covers the case. Never across agencies, and never into a record
 * restricted to other users: restriction exists precisely to keep some colleagues out, so an emergency
 * cannot override it (the attempt is audited as denied and answered as if the case did not exist).
 */

const tags = ['cases'];

const grantedSchema = z.object({ id: z.uuid(), caseId: z.uuid(), expiresAt: z.string() });

const open = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/emergency-access',
  summary:
    'Acceso de emergencia a un caso fuera de su alcance (motivo obligatorio, tiempo limitado, revisado)',
  tags,
  status: 201,
  policy: { permission: 'case:read' },
  schema: { params: idParams, body: emergencyAccessInput, response: grantedSchema },
  handler: async (ctx, { params, body }) => {
    const viewer = await viewerOf(ctx);
    const row = await ctx.db
      .selectFrom('case_file')
      .select([
        'case_file.id',
        'case_file.agency_id',
        (eb) => sql<boolean>`${caseVisible(eb, viewer)}`.as('visible'),
        (eb) => sql<boolean>`${caseNotRestricted(eb, viewer)}`.as('permitted'),
      ])
      .where('case_file.id', '=', params.id)
      .where('case_file.agency_id', '=', viewer.agencyId)
      .executeTakeFirst();
    if (!row) throw notFound('El caso');
    if (!row.permitted) {
      await ctx.audit({
        action: 'case.emergency_access',
        outcome: 'denied',
        resourceType: 'case',
        resourceIds: [row.id],
        details: { emergency: true, reason: body.reason, refused: 'restricted' },
      });
      throw new ProblemError('not-found', 'El caso no existe o no tiene acceso.', { commit: true });
    }
    if (row.visible)
      throw new ProblemError('conflict', 'Ya tiene acceso a este caso; no necesita un acceso de emergencia.');
    const granted = await ctx.db
      .insertInto('emergency_access')
      .values({
        agency_id: row.agency_id,
        user_id: viewer.userId,
        record_type: 'case',
        record_id: row.id,
        reason: body.reason,
        expires_at: sql<Date>`now() + make_interval(mins => ${EMERGENCY_ACCESS_MINUTES})`,
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    await ctx.audit({
      action: 'case.emergency_access',
      resourceType: 'case',
      resourceIds: [row.id, granted.id],
      details: { emergency: true, reason: body.reason, expiresAt: granted.expires_at.toISOString() },
    });
    return { id: granted.id, caseId: row.id, expiresAt: granted.expires_at.toISOString() };
  },
});

/** Emergency accesses a reviewer may see: to cases within the reviewer's scope, by others. */
export async function emergencyAccessesFor(
  db: Executor,
  reviewer: { actor: Actor; scope: RowScope },
  options: { pending: boolean; limit: number; offset: number; id?: string },
): Promise<{ items: EmergencyAccessOut[]; total: number }> {
  let base = db
    .selectFrom('emergency_access')
    .innerJoin('case_file', 'case_file.id', 'emergency_access.record_id')
    .innerJoin('app_user', 'app_user.id', 'emergency_access.user_id')
    .where('emergency_access.user_id', '<>', reviewer.actor.userId)
    .where((eb) => caseInScope(eb, reviewer.scope));
  if (reviewer.scope.kind !== 'all')
    base = base.where('emergency_access.agency_id', '=', reviewer.actor.agencyId);
  if (options.pending) base = base.where('emergency_access.reviewed_at', 'is', null);
  if (options.id) base = base.where('emergency_access.id', '=', options.id);
  const [rows, count] = await pageWithCount(
    db,
    base
      .select([
        'emergency_access.id',
        'emergency_access.record_id',
        'case_file.number',
        'app_user.id as user_id',
        'app_user.display_name',
        'emergency_access.reason',
        'emergency_access.granted_at',
        'emergency_access.expires_at',
        'emergency_access.reviewed_at',
        'emergency_access.reviewed_by',
        'emergency_access.review_outcome',
        'emergency_access.review_comment',
      ])
      .orderBy('emergency_access.granted_at', 'desc')
      .orderBy('emergency_access.id')
      .limit(options.limit)
      .offset(options.offset),
    base.select(sql<number>`count(*)::int`.as('n')),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.record_id,
      caseNumber: r.number,
      user: { id: r.user_id, displayName: r.display_name },
      reason: r.reason,
      grantedAt: r.granted_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
      reviewedBy: r.reviewed_by,
      reviewOutcome: r.review_outcome,
      reviewComment: r.review_comment,
    })),
    total: count.n,
  };
}

/** The reviewer's scope for emergency accesses, when the actor may review them at all. */
export function reviewScope(actor: Actor): RowScope | undefined {
  const grant = actor.grants.get('case:approve');
  return grant ? rowScope(actor, grant) : undefined;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/emergency-accesses',
  summary: 'Accesos de emergencia para revisión de coordinación',
  tags,
  policy: { permission: 'case:approve' },
  schema: { querystring: emergencyListQuery, response: paginated(emergencyAccessSchema) },
  handler: async (ctx, { query }) => {
    const { items, total } = await emergencyAccessesFor(
      ctx.db,
      { actor: ctx.actor, scope: ctx.scope },
      { pending: query.pending, limit: query.pageSize, offset: offsetOf(query) },
    );
    await auditRecordList(
      ctx,
      'emergency_access.list',
      'emergency_access',
      items.map((i) => i.id),
      { pending: query.pending, page: query.page, pageSize: query.pageSize },
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const review = defineRoute({
  method: 'POST',
  url: '/api/emergency-accesses/:id/review',
  summary: 'Registrar la revisión de un acceso de emergencia (justificado o no)',
  tags,
  policy: { permission: 'case:approve' },
  schema: { params: idParams, body: emergencyReviewInput, response: emergencyAccessSchema },
  handler: async (ctx, { params, body }) => {
    const found = await ctx.db
      .selectFrom('emergency_access')
      .innerJoin('case_file', 'case_file.id', 'emergency_access.record_id')
      .select(['emergency_access.id', 'emergency_access.reviewed_at', 'emergency_access.record_id'])
      .where('emergency_access.id', '=', params.id)
      .where('emergency_access.user_id', '<>', ctx.actor.userId)
      .where((eb) => caseInScope(eb, ctx.scope))
      .forUpdate('emergency_access')
      .executeTakeFirst();
    if (!found) throw notFound('El acceso de emergencia');
    if (found.reviewed_at) throw new ProblemError('conflict', 'Este acceso de emergencia ya fue revisado.');
    await ctx.db
      .updateTable('emergency_access')
      .set({
        reviewed_at: sql<Date>`now()`,
        reviewed_by: ctx.actor.userId,
        review_outcome: body.outcome,
        review_comment: body.comment ?? null,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', found.id)
      .execute();
    await ctx.audit({
      action: 'emergency_access.reviewed',
      resourceType: 'emergency_access',
      resourceIds: [found.id, found.record_id],
      details: { outcome: body.outcome },
    });
    const after = await emergencyAccessesFor(
      ctx.db,
      { actor: ctx.actor, scope: ctx.scope },
      { pending: false, limit: 1, offset: 0, id: found.id },
    );
    return after.items[0]!;
  },
});

export const emergencyRoutes = [open, list, review];
