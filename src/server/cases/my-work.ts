import { sql } from 'kysely';
import type { z } from 'zod';
import { approvalsWaiting } from '../approvals/store.ts';
import { hasPermission } from '../platform/auth/actor.ts';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { defineRoute } from '../platform/http/route.ts';
import { auditRecordList } from './audit.ts';
import { emergencyAccessesFor, reviewScope } from './emergency.ts';
import { presentCases } from './present.ts';
import { myWorkSchema } from './schemas.ts';
import { listCases } from './store.ts';
import { referralReceivedBy, viewerOf } from './visibility.ts';

/** Each user's dashboard: their open cases with what falls due, approvals, referrals, emergency reviews. */

const MAX_OPEN_CASES = 200;
const MAX_REVIEWS = 50;
const MAX_NEW_REFERRALS = 50;

/** Plans and closures awaiting this user's decision (src/server/approvals). */
const approvalsWaitingFor = (ctx: Context) => approvalsWaiting(ctx);

type NewReferral = z.infer<typeof myWorkSchema>['newReferrals'][number];

/**
 * Referrals waiting for an answer from the user's side: addressed to their agency (as a whole, or to a
 * programme their scope covers — the one receiving predicate), still `sent`, and not sent by the user.
 * Urgent ones first, then the longest waiting.
 */
async function newReferralsFor(ctx: Context): Promise<NewReferral[]> {
  if (!hasPermission(ctx.actor, 'referral:read')) return [];
  const viewer = await viewerOf(ctx);
  const rows = await ctx.db
    .selectFrom('referral')
    .select(['id', 'kind', 'urgency', 'sent_at', 'agency_id', 'from_programme_id', 'to_programme_id'])
    .where('status', '=', 'sent')
    .where('to_agency_id', '=', ctx.actor.agencyId)
    .where((eb) => referralReceivedBy(eb, viewer))
    .where((eb) => eb.or([eb('sent_by', 'is', null), eb('sent_by', '<>', ctx.actor.userId)]))
    .orderBy(sql`urgency = 'urgent'`, 'desc')
    .orderBy('sent_at')
    .orderBy('id')
    .limit(MAX_NEW_REFERRALS)
    .execute();
  if (rows.length === 0) return [];
  const programmeIds = [
    ...new Set(rows.flatMap((r) => [r.from_programme_id, r.to_programme_id]).filter((id) => id !== null)),
  ] as string[];
  const [agencies, programmes] = await together(ctx.db, [
    ctx.db
      .selectFrom('agency')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.agency_id))]),
    ctx.db.selectFrom('programme').select(['id', 'name']).where('id', 'in', programmeIds),
  ]);
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const programmeName = new Map(programmes.map((p) => [p.id, p.name]));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as NewReferral['kind'],
    urgency: row.urgency as NewReferral['urgency'],
    sentAt: row.sent_at.toISOString(),
    fromAgency: { name: agencyName.get(row.agency_id) ?? '' },
    fromProgramme: { name: programmeName.get(row.from_programme_id) ?? '' },
    toProgramme: row.to_programme_id
      ? { id: row.to_programme_id, name: programmeName.get(row.to_programme_id) ?? '' }
      : null,
  }));
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
      ctx.services.config.listTotalCap,
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
      { overdue: overdue.length, emergencyReviews: reviews.length, newReferrals: newReferrals.length },
    );
    return { openCases, overdue, approvalsWaiting, newReferrals, emergencyAccessesToReview: reviews };
  },
});

export const myWorkRoutes = [myWork];
