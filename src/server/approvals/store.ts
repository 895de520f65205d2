import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { decisionCommentContext, requestCommentContext } from '../assessments/encrypted-columns.ts';
import { isoOrNull, openText } from '../cases/shared.ts';
import { caseVisible, viewerOf, type Viewer } from '../cases/visibility.ts';
import type { Database } from '../platform/db/database.ts';
import type { Context } from '../platform/http/route.ts';
import { rowScope } from '../platform/policy/authorize.ts';
import type { ApprovalOut } from './schemas.ts';
import type { ApprovalSubject } from './tables.ts';
import './tables.ts';

/** Approvals of plans and closures: the rows, who may decide them, and how they are shown. */

const approvalColumns = [
  'approval.id',
  'approval.agency_id',
  'approval.case_id',
  'approval.subject_type',
  'approval.subject_id',
  'approval.subject_revision',
  'approval.requested_by',
  'approval.requested_at',
  'approval.request_comment_sealed',
  'approval.decision',
  'approval.decided_by',
  'approval.decided_at',
  'approval.comment_sealed',
  'approval.used_at',
  'case_file.number as case_number',
] as const;

type Query = SelectQueryBuilder<Database, 'approval' | 'case_file', object>;

export const approvalsWithCase = (ctx: Context): Query =>
  ctx.db.selectFrom('approval').innerJoin('case_file', 'case_file.id', 'approval.case_id');

export type ApprovalRow = Awaited<ReturnType<typeof selectApprovals>>[number];

export const approvalsQuery = (query: Query) => query.select(approvalColumns);
export const selectApprovals = (query: Query) => approvalsQuery(query).execute();

/** The request of a subject still waiting for a decision, if any. */
export async function pendingApproval(ctx: Context, subjectType: ApprovalSubject, subjectId: string) {
  const [row] = await selectApprovals(
    approvalsWithCase(ctx)
      .where('approval.subject_type', '=', subjectType)
      .where('approval.subject_id', '=', subjectId)
      .where('approval.decision', 'is', null),
  );
  return row;
}

/** The latest decided approval of a plan revision, if any. */
export async function decidedApproval(ctx: Context, planId: string, revision: number) {
  const [row] = await selectApprovals(
    approvalsWithCase(ctx)
      .where('approval.subject_type', '=', 'plan')
      .where('approval.subject_id', '=', planId)
      .where('approval.subject_revision', '=', revision)
      .where('approval.decision', 'is not', null)
      .orderBy('approval.decided_at', 'desc')
      .limit(1),
  );
  return row;
}

/** The latest plan revision a supervisor approved. */
export async function approvedRevision(ctx: Context, planId: string): Promise<number | null> {
  const row = await ctx.db
    .selectFrom('approval')
    .select(sql<number | null>`max(subject_revision)`.as('revision'))
    .where('subject_type', '=', 'plan')
    .where('subject_id', '=', planId)
    .where('decision', '=', 'approved')
    .executeTakeFirst();
  return row?.revision ?? null;
}

/**
 * Who may decide: a holder of case:approve whose scope for that permission reaches the case (emergency
 * access does not make anyone a supervisor).
 */
export async function approverViewer(ctx: Context): Promise<Viewer | undefined> {
  const grant = ctx.actor.grants.get('case:approve');
  if (!grant) return undefined;
  return { ...(await viewerOf(ctx)), scope: rowScope(ctx.actor, grant) };
}

/** Approvals of the cases an approver's scope reaches (the case predicates of cases/visibility.ts). */
export const approverReaches =
  (viewer: Viewer) => (eb: ExpressionBuilder<Database, 'approval' | 'case_file'>) =>
    caseVisible(eb, viewer, { emergency: false });

/** Pending requests the actor may decide (not their own). */
export function waitingFor(ctx: Context, viewer: Viewer): Query {
  return approvalsWithCase(ctx)
    .where('approval.decision', 'is', null)
    .where('approval.requested_by', '<>', ctx.actor.userId)
    .where(approverReaches(viewer));
}

/** For GET /api/my-work: approvals waiting for this user's decision. */
export async function approvalsWaiting(
  ctx: Context,
  limit = 50,
): Promise<Array<{ id: string; caseId: string; caseNumber: string; kind: ApprovalSubject }>> {
  const viewer = await approverViewer(ctx);
  if (!viewer) return [];
  const rows = await waitingFor(ctx, viewer)
    .select(['approval.id', 'approval.case_id', 'case_file.number', 'approval.subject_type'])
    .orderBy('approval.requested_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, caseNumber: r.number, kind: r.subject_type }));
}

export async function presentApprovals(ctx: Context, rows: ApprovalRow[]): Promise<ApprovalOut[]> {
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.requested_by, r.decided_by]).filter((id): id is string => !!id)),
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
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    subjectRevision: row.subject_revision,
    state: row.decision ?? 'pending',
    requestedBy: ref(row.requested_by),
    requestedAt: row.requested_at.toISOString(),
    requestComment: openText(ctx, requestCommentContext(row.id), row.request_comment_sealed),
    decidedBy: ref(row.decided_by),
    decidedAt: isoOrNull(row.decided_at),
    comment: openText(ctx, decisionCommentContext(row.id), row.comment_sealed),
    usedAt: isoOrNull(row.used_at),
  }));
}
