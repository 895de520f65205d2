import { sql } from 'kysely';
import { z } from 'zod';
import { foldName } from '../../core/names/normalise.ts';
import { offsetOf, paginated } from '../platform/http/pagination.ts';
import { pageWithCount } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { setEtag } from '../platform/http/versioning.ts';
import { notFound } from '../platform/http/problem.ts';
import { readsThroughSharing, viewerOf } from './visibility.ts';

/** Audit events of person and case reads, and the access log built from them. */

/** One event for the read of one record; sets its ETag. `emergency`: reached only by emergency access. */
export async function auditRecordRead(
  ctx: Context,
  resourceType: 'person' | 'case',
  id: string,
  version: number,
  emergency = false,
) {
  setEtag(ctx.reply, version);
  // Read through a sharing decision: the trail names the decisions that opened it.
  const { shared } = await viewerOf(ctx);
  const sharing = shared
    .filter((s) => (resourceType === 'case' ? s.caseId === id : s.personId === id))
    .flatMap((s) => s.decisionIds);
  await ctx.audit({
    action: `${resourceType}.read`,
    resourceType,
    resourceIds: [id],
    ...((emergency || sharing.length > 0) && {
      details: { ...(emergency && { emergency: true }), ...(sharing.length > 0 && { sharing }) },
    }),
  });
}

/** One event for a list or search: what was asked and the ids returned. */
export async function auditRecordList(
  ctx: Context,
  action: string,
  resourceType: string,
  ids: string[],
  details: Record<string, unknown>,
) {
  await ctx.audit({
    action,
    resourceType,
    resourceIds: ids,
    details: Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
  });
}

/**
 * What a search asked for, as the audit trail keeps it: a keyed digest of the folded query, never the text.
 * The text is a child's name or an identity document number, while the trail can never be erased and is read
 * by auditors without identity clearance. The same query (accents, letter case and spacing aside) always
 * gives the same digest, so an investigation can still tell who searched for it.
 */
export const queryDigest = (ctx: Context, text: string) =>
  ctx.services.hasher.hash('audit:search-query', foldName(text)).toString('base64url').slice(0, 22);

export const accessLogEntry = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  action: z.string(),
  outcome: z.string(),
  actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  emergency: z.boolean(),
});
export const accessLogPage = paginated(accessLogEntry);

/**
 * Who did what with a record, and when: every audit event that names it, newest first. Not for a reader
 * through a sharing decision: the log names the owning agency's staff, which the decision does not share.
 */
export async function accessLogOf(ctx: Context, id: string, page: { page: number; pageSize: number }) {
  if (readsThroughSharing(ctx.actor)) throw notFound('El registro de accesos');
  const names = sql<boolean>`audit_event.resource_ids @> ARRAY[${id}]::text[]`;
  const base = ctx.db.selectFrom('audit_event').where(names);
  const [rows, count] = await pageWithCount(
    ctx.db,
    base
      .leftJoin('app_user', 'app_user.id', 'audit_event.actor_user_id')
      .select([
        'audit_event.seq',
        'audit_event.occurred_at',
        'audit_event.action',
        'audit_event.outcome',
        'audit_event.details',
        'app_user.id as actor_id',
        'app_user.display_name as actor_name',
      ])
      .orderBy('audit_event.seq', 'desc')
      .limit(page.pageSize)
      .offset(offsetOf(page)),
    base.select(sql<number>`count(*)::int`.as('n')),
  );
  return {
    items: rows.map((row) => ({
      seq: row.seq,
      occurredAt: row.occurred_at.toISOString(),
      action: row.action,
      outcome: row.outcome,
      actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name ?? '' } : null,
      emergency: row.details?.emergency === true,
    })),
    total: count.n,
    page: page.page,
    pageSize: page.pageSize,
  };
}
