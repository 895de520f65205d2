import { sql } from 'kysely';
import { reassignInput, restrictionInput, statusChangeInput } from '../../core/cases/case-input.ts';
import {
  checkTransition,
  transitionKind,
  type CaseStatus,
  type TransitionProblem,
} from '../../core/cases/status.ts';
import { consumeClosureApproval } from '../approvals/closure.ts';
import { hasPermission } from '../platform/auth/actor.ts';
import { ProblemError, validationProblem } from '../platform/http/problem.ts';
import { defineRoute } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { changesBetween, recordChanges } from './history.ts';
import { CASE_HISTORY_FIELDS, caseFieldsOf } from './present.ts';
import { restrict, restrictionSchema, unrestrict } from './restriction.ts';
import { presentOne, reloadWithHistory } from './routes.ts';
import { caseSchema, reassignResult } from './schemas.ts';
import { idParams, nextVersion, throwIfAny } from './shared.ts';
import { caseOrNotFound } from './store.ts';
import { caseVisible, viewerOf } from './visibility.ts';

/** The case workflow: status changes along the cycle, reassignment, restriction to named users. */

const tags = ['cases'];

const TRANSITION_MESSAGES: Record<TransitionProblem, { field: string; message: string }> = {
  same_status: { field: 'body.to', message: 'El caso ya está en ese estado.' },
  not_allowed: {
    field: 'body.to',
    message: 'Ese cambio de estado no está permitido desde el estado actual.',
  },
  reason_required: { field: 'body.reason', message: 'Indique el motivo del cambio.' },
  closure_kind_required: { field: 'body.closureKind', message: 'Indique el tipo de cierre.' },
  closure_kind_unexpected: {
    field: 'body.closureKind',
    message: 'El tipo de cierre solo se indica al cerrar.',
  },
};

const changeStatus = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/status',
  summary: 'Avanzar, retroceder, cerrar o reabrir un caso (If-Match; cerrar y reabrir requieren case:close)',
  tags,
  policy: { permission: 'case:update' },
  schema: { params: idParams, body: statusChangeInput, response: caseSchema },
  handler: async (ctx, { params, body }) => {
    const row = await caseOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    const from = row.status as CaseStatus;
    const problems = checkTransition({
      from,
      to: body.to,
      reason: body.reason,
      closureKind: body.closureKind,
    });
    if (problems.length > 0)
      throw validationProblem(
        problems.map((p) => ({ ...TRANSITION_MESSAGES[p], code: p })),
        'El cambio de estado no es válido.',
      );
    const kind = transitionKind(from, body.to);
    if ((kind === 'close' || kind === 'reopen') && !hasPermission(ctx.actor, 'case:close')) {
      await ctx.audit({
        action: 'authz.denied',
        outcome: 'denied',
        resourceType: 'case',
        resourceIds: [row.id],
        details: { route: 'POST /api/cases/:id/status', permission: 'case:close', to: body.to },
      });
      throw new ProblemError('forbidden', 'Cerrar o reabrir un caso requiere el permiso case:close.', {
        commit: true,
      });
    }
    if (kind === 'close') await consumeClosureApproval(ctx, row.id);
    const before = caseFieldsOf(ctx, row);
    await ctx.db
      .updateTable('case_file')
      .set({
        status: body.to,
        status_changed_at: sql<Date>`now()`,
        status_reason: body.reason ?? null,
        closure_kind: kind === 'close' ? body.closureKind! : null,
        closed_at: kind === 'close' ? sql<Date>`now()` : null,
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .execute();
    const updated = await reloadWithHistory(ctx, row, (after) =>
      changesBetween(before, caseFieldsOf(ctx, after), CASE_HISTORY_FIELDS),
    );
    await ctx.audit({
      action: kind === 'close' ? 'case.closed' : kind === 'reopen' ? 'case.reopened' : 'case.status_changed',
      resourceType: 'case',
      resourceIds: [row.id],
      details: { from, to: body.to, ...(body.closureKind && { closureKind: body.closureKind }) },
    });
    setEtag(ctx.reply, updated.version);
    return presentOne(ctx, updated);
  },
});

const reassign = defineRoute({
  method: 'POST',
  url: '/api/cases/reassign',
  summary: 'Reasignar uno, varios o todos los casos abiertos de una persona a otra',
  tags,
  policy: { permission: 'case:assign' },
  schema: { body: reassignInput, response: reassignResult },
  handler: async (ctx, { body }) => {
    const viewer = await viewerOf(ctx);
    const target = await ctx.db
      .selectFrom('app_user')
      .select(['id', 'agency_id'])
      .where('id', '=', body.toUserId)
      .where('active', '=', true)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('user_role')
            .innerJoin('role', 'role.id', 'user_role.role_id')
            .select(sql`1`.as('one'))
            .whereRef('user_role.user_id', '=', 'app_user.id')
            .where(sql<boolean>`'case:read' = ANY(role.permissions)`),
        ),
      )
      .$if(viewer.scope.kind !== 'all', (q) => q.where('agency_id', '=', viewer.agencyId))
      .executeTakeFirst();
    if (!target || target.id === body.fromUserId)
      throwIfAny([
        {
          field: 'body.toUserId',
          code: 'unknown_user',
          message:
            'La persona destino no existe, no está activa, no puede ver casos o es la misma de origen.',
        },
      ]);
    let query = ctx.db
      .selectFrom('case_file')
      .select(['case_file.id', 'case_file.agency_id', 'case_file.restricted', 'case_file.version'])
      .where('case_file.owner_user_id', '=', body.fromUserId)
      .where('case_file.agency_id', '=', target!.agency_id)
      .where((eb) => caseVisible(eb, viewer));
    query = body.caseIds
      ? query.where('case_file.id', 'in', body.caseIds)
      : query.where('case_file.status', '<>', 'closure');
    const cases = await query.orderBy('case_file.id').forUpdate().execute();
    if (body.caseIds) {
      const found = new Set(cases.map((c) => c.id));
      throwIfAny(
        body.caseIds.flatMap((id, index) =>
          found.has(id)
            ? []
            : [
                {
                  field: `body.caseIds.${index}`,
                  code: 'unknown_case',
                  message: 'El caso no existe, no es de la persona de origen o está fuera de su alcance.',
                },
              ],
        ),
      );
    }
    const restrictedIds = cases.filter((c) => c.restricted).map((c) => c.id);
    if (restrictedIds.length > 0) {
      const allowed = await ctx.db
        .selectFrom('record_restriction')
        .select('record_id')
        .where('record_id', 'in', restrictedIds)
        .where('user_id', '=', body.toUserId)
        .execute();
      const blocked = restrictedIds.filter((id) => !allowed.some((a) => a.record_id === id));
      if (blocked.length > 0)
        throw new ProblemError(
          'conflict',
          'Algunos casos están restringidos y la persona destino no está entre quienes pueden verlos; cambie primero la restricción.',
          { extra: { restrictedCaseIds: blocked } },
        );
    }
    const ids = cases.map((c) => c.id);
    if (ids.length > 0) {
      const updated = await ctx.db
        .updateTable('case_file')
        .set({ owner_user_id: body.toUserId, ...nextVersion() })
        .where('id', 'in', ids)
        .returning(['id', 'agency_id', 'version'])
        .execute();
      for (const row of updated)
        await recordChanges(ctx, {
          agencyId: row.agency_id,
          rootType: 'case',
          rootId: row.id,
          recordType: 'case',
          recordId: row.id,
          version: row.version,
          changes: [{ field: 'ownerUserId', from: body.fromUserId, to: body.toUserId }],
        });
    }
    await ctx.audit({
      action: 'case.reassigned',
      resourceType: 'case',
      resourceIds: ids,
      details: {
        fromUserId: body.fromUserId,
        toUserId: body.toUserId,
        count: ids.length,
        whole: !body.caseIds,
      },
    });
    return { reassigned: ids, count: ids.length };
  },
});

const restrictCase = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/restriction',
  summary: 'Restringir un caso a usuarios nombrados (los demás, coordinación incluida, dejan de verlo)',
  tags,
  policy: { permission: 'case:assign' },
  schema: { params: idParams, body: restrictionInput, response: restrictionSchema },
  handler: async (ctx, { params, body }) => {
    const row = await caseOrNotFound(ctx, params.id, true);
    const result = await restrict(
      ctx,
      { recordType: 'case', id: row.id, agencyId: row.agency_id, restricted: row.restricted },
      body.userIds,
    );
    setEtag(ctx.reply, result.version);
    return result;
  },
});

const unrestrictCase = defineRoute({
  method: 'DELETE',
  url: '/api/cases/:id/restriction',
  summary: 'Quitar la restricción de un caso',
  tags,
  policy: { permission: 'case:assign' },
  schema: { params: idParams, response: restrictionSchema },
  handler: async (ctx, { params }) => {
    const row = await caseOrNotFound(ctx, params.id, true);
    const result = await unrestrict(ctx, {
      recordType: 'case',
      id: row.id,
      agencyId: row.agency_id,
      restricted: row.restricted,
    });
    setEtag(ctx.reply, result.version);
    return result;
  },
});

export const caseWorkflowRoutes = [changeStatus, reassign, restrictCase, unrestrictCase];
