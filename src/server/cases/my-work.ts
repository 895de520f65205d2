import { approvalsWaiting } from '../approvals/store.ts';
import type { Context } from '../platform/http/route.ts';
import { defineRoute } from '../platform/http/route.ts';
import { auditRecordList } from './audit.ts';
import { emergencyAccessesFor, reviewScope } from './emergency.ts';
import { presentCases } from './present.ts';
import { myWorkSchema } from './schemas.ts';
import { listCases } from './store.ts';
import { viewerOf } from './visibility.ts';

/** Each user's dashboard: their open cases with what falls due, approvals, referrals, emergency reviews. */

const MAX_OPEN_CASES = 200;
const MAX_REVIEWS = 50;

/** Plans and closures awaiting this user's decision (src/server/approvals). */
const approvalsWaitingFor = (ctx: Context) => approvalsWaiting(ctx);

/** Referrals received and not yet answered: empty until referrals (issue item 8) exist. */
async function newReferralsFor(_ctx: Context): Promise<Array<{ id: string; caseId: string }>> {
  return [];
}

const myWork = defineRoute({
  method: 'GET',
  url: '/api/my-work',
  summary: 'Mi trabajo: mis casos abiertos, vencimientos, aprobaciones, referencias y accesos por revisar',
  tags: ['cases'],
  policy: { permission: 'case:read' },
  schema: { response: myWorkSchema },
  handler: async (ctx) => {
    const { rows } = await listCases(
      ctx.db,
      await viewerOf(ctx),
      { open: true, ownerUserId: ctx.actor.userId },
      { limit: MAX_OPEN_CASES, offset: 0 },
    );
    const openCases = await presentCases(ctx, rows);
    const overdue = openCases
      .flatMap((c) =>
        c.due
          .filter((d) => d.overdue)
          .map((d) => ({ caseId: c.id, caseNumber: c.number, key: d.key, dueAt: d.dueAt })),
      )
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const scope = reviewScope(ctx.actor);
    const reviews = scope
      ? (
          await emergencyAccessesFor(
            ctx.db,
            { actor: ctx.actor, scope },
            { pending: true, limit: MAX_REVIEWS, offset: 0 },
          )
        ).items
      : [];
    const [approvalsWaiting, newReferrals] = await Promise.all([
      approvalsWaitingFor(ctx),
      newReferralsFor(ctx),
    ]);
    await auditRecordList(
      ctx,
      'case.my_work',
      'case',
      openCases.map((c) => c.id),
      { overdue: overdue.length, emergencyReviews: reviews.length },
    );
    return { openCases, overdue, approvalsWaiting, newReferrals, emergencyAccessesToReview: reviews };
  },
});

export const myWorkRoutes = [myWork];
