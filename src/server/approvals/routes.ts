import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { planOrNotFound } from '../case-plans/routes.ts';
import { idParams, sealText, throwIfAny } from '../cases/shared.ts';
import { caseOrNotFound, type CaseRow } from '../cases/store.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion } from '../platform/http/versioning.ts';
import { readGoals } from '../case-plans/store.ts';
import {
  approvalListQuery,
  approvalPage,
  approvalRequestInput,
  approvalSchema,
  decisionInput,
} from './schemas.ts';
import {
  approvalsQuery,
  approvalsWithCase,
  approverReaches,
  approverViewer,
  decidedApproval,
  pendingApproval,
  presentApprovals,
  selectApprovals,
  waitingFor,
} from './store.ts';
import type { ApprovalSubject } from './tables.ts';
import { decisionCommentContext, requestCommentContext } from '../assessments/encrypted-columns.ts';

/**
 * Supervisor approval of case plans and closures: requested by whoever writes the plan (case_plan:write) or
 * may close the case (case:close), decided by another person holding case:approve within scope. Every step
 * is audited; the state is the approval row itself.
 */

const tags = ['approvals'];

async function request(
  ctx: Context,
  kase: CaseRow,
  subject: { type: ApprovalSubject; id: string; revision: number | null },
  comment: string | undefined,
) {
  const id = randomUUID();
  await ctx.db
    .insertInto('approval')
    .values({
      id,
      agency_id: kase.agency_id,
      case_id: kase.id,
      subject_type: subject.type,
      subject_id: subject.id,
      subject_revision: subject.revision,
      requested_by: ctx.actor.userId,
      request_comment_sealed: sealText(ctx, requestCommentContext(id), comment),
    })
    .execute();
  await ctx.audit({
    action: 'approval.requested',
    resourceType: 'approval',
    resourceIds: [...new Set([id, kase.id, subject.id])],
    details: {
      subjectType: subject.type,
      ...(subject.revision !== null && { revision: subject.revision }),
      ...(!kase.in_scope && { emergency: true }),
    },
  });
  const [row] = await selectApprovals(approvalsWithCase(ctx).where('approval.id', '=', id));
  return (await presentApprovals(ctx, [row!]))[0]!;
}

function requireOpen(kase: CaseRow) {
  if (kase.status === 'closure') throw new ProblemError('conflict', 'El caso ya está cerrado.');
}

const requestPlanApproval = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/plan/approval-requests',
  summary: 'Pedir a la supervisión que apruebe la versión actual del plan (If-Match: la versión enviada)',
  tags,
  status: 201,
  policy: { permission: 'case_plan:write' },
  schema: { params: idParams, body: approvalRequestInput, response: approvalSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const plan = await planOrNotFound(ctx, kase.id, true);
    requireVersion(ctx.request, plan.version);
    requireOpen(kase);
    if (await pendingApproval(ctx, 'plan', plan.id))
      throw new ProblemError('conflict', 'Ya hay una solicitud de aprobación de este plan pendiente.');
    if ((await decidedApproval(ctx, plan.id, plan.revision))?.decision === 'approved')
      throw new ProblemError('conflict', 'Esta versión del plan ya está aprobada.');
    if (!readGoals(ctx, plan).some((goal) => goal.actions.length > 0))
      throw new ProblemError(
        'conflict',
        'El plan necesita al menos una meta con una acción antes de pedir su aprobación.',
      );
    return request(ctx, kase, { type: 'plan', id: plan.id, revision: plan.revision }, body.comment);
  },
});

const requestClosure = defineRoute({
  method: 'POST',
  url: '/api/cases/:id/closure-requests',
  summary: 'Pedir a la supervisión que apruebe el cierre del caso (requiere case:close)',
  tags,
  status: 201,
  policy: { permission: 'case:close' },
  schema: { params: idParams, body: approvalRequestInput, response: approvalSchema },
  handler: async (ctx, { params, body }) => {
    const kase = await caseOrNotFound(ctx, params.id, true);
    requireOpen(kase);
    if (await pendingApproval(ctx, 'closure', kase.id))
      throw new ProblemError('conflict', 'Ya hay una solicitud de cierre de este caso pendiente.');
    const unused = await ctx.db
      .selectFrom('approval')
      .select('id')
      .where('subject_type', '=', 'closure')
      .where('subject_id', '=', kase.id)
      .where('decision', '=', 'approved')
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (unused)
      throw new ProblemError('conflict', 'El cierre de este caso ya está aprobado; puede cerrarlo.');
    return request(ctx, kase, { type: 'closure', id: kase.id, revision: null }, body.comment);
  },
});

const ofCase = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/approvals',
  summary: 'Solicitudes de aprobación del plan y del cierre de un caso, con sus decisiones',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, response: z.object({ items: z.array(approvalSchema) }) },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const rows = await selectApprovals(
      approvalsWithCase(ctx)
        .where('approval.case_id', '=', kase.id)
        .orderBy('approval.requested_at', 'desc')
        .orderBy('approval.id'),
    );
    const items = await presentApprovals(ctx, rows);
    await ctx.audit({
      action: 'approval.list',
      resourceType: 'approval',
      resourceIds: [kase.id, ...items.map((a) => a.id)],
      ...(!kase.in_scope && { details: { emergency: true } }),
    });
    return { items };
  },
});

const waiting = defineRoute({
  method: 'GET',
  url: '/api/approvals',
  summary: 'Solicitudes que esperan su decisión (planes y cierres de los casos a su alcance)',
  tags,
  policy: { permission: 'case:approve' },
  schema: { querystring: approvalListQuery, response: approvalPage },
  handler: async (ctx, { query }) => {
    const viewer = (await approverViewer(ctx))!;
    const pending = () => {
      const all = waitingFor(ctx, viewer);
      return query.kind ? all.where('approval.subject_type', '=', query.kind) : all;
    };
    const [rows, count] = await pageWithCount(
      ctx.db,
      approvalsQuery(
        pending()
          .orderBy('approval.requested_at')
          .orderBy('approval.id')
          .limit(query.pageSize)
          .offset(offsetOf(query)),
      ),
      pending().select(sql<number>`count(*)::int`.as('n')),
    );
    const items = await presentApprovals(ctx, rows);
    await ctx.audit({
      action: 'approval.list',
      resourceType: 'approval',
      resourceIds: items.map((a) => a.id),
      details: { pending: true, total: count.n, ...(query.kind && { kind: query.kind }) },
    });
    return { items, total: count.n, page: query.page, pageSize: query.pageSize };
  },
});

const decide = defineRoute({
  method: 'POST',
  url: '/api/approvals/:id/decision',
  summary: 'Aprobar o rechazar (con comentario) un plan o un cierre; no la propia solicitud',
  tags,
  policy: { permission: 'case:approve' },
  schema: { params: idParams, body: decisionInput, response: approvalSchema },
  handler: async (ctx, { params, body }) => {
    const viewer = (await approverViewer(ctx))!;
    const [row] = await selectApprovals(
      approvalsWithCase(ctx)
        .where('approval.id', '=', params.id)
        .where(approverReaches(viewer))
        .forUpdate('approval'),
    );
    if (!row) throw notFound('La solicitud');
    if (row.decision !== null) throw new ProblemError('conflict', 'La solicitud ya fue decidida.');
    if (row.requested_by === ctx.actor.userId) {
      await ctx.audit({
        action: 'authz.denied',
        outcome: 'denied',
        resourceType: 'approval',
        resourceIds: [row.id, row.case_id],
        details: { route: 'POST /api/approvals/:id/decision', reason: 'own_request' },
      });
      throw new ProblemError('forbidden', 'Nadie puede decidir sobre su propia solicitud.', { commit: true });
    }
    if (body.decision === 'rejected' && !body.comment)
      throwIfAny([{ field: 'body.comment', code: 'required', message: 'Explique el motivo del rechazo.' }]);
    if (row.subject_type === 'plan') {
      const plan = await ctx.db
        .selectFrom('case_plan')
        .select('revision')
        .where('id', '=', row.subject_id)
        .executeTakeFirst();
      if (plan?.revision !== row.subject_revision)
        throw new ProblemError('conflict', 'El plan cambió desde la solicitud; pida una nueva aprobación.');
    }
    await ctx.db
      .updateTable('approval')
      .set({
        decision: body.decision,
        decided_by: ctx.actor.userId,
        decided_at: sql<Date>`now()`,
        comment_sealed: sealText(ctx, decisionCommentContext(row.id), body.comment),
      })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({
      action: `approval.${body.decision}`,
      resourceType: 'approval',
      resourceIds: [...new Set([row.id, row.case_id, row.subject_id])],
      details: {
        subjectType: row.subject_type,
        ...(row.subject_revision !== null && { revision: row.subject_revision }),
      },
    });
    const [decided] = await selectApprovals(approvalsWithCase(ctx).where('approval.id', '=', row.id));
    return (await presentApprovals(ctx, [decided!]))[0]!;
  },
});

export const approvalRoutes = [requestPlanApproval, requestClosure, ofCase, waiting, decide];
