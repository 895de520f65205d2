import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import type { AuditEventView, AuditSearchQuery } from './schemas.ts';

const TIME_ZONE = 'America/Guatemala';
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Searches the audit trail, newest first. `agencyId` confines it to events whose actor belongs to that
 * agency (undefined: every agency, for a scope of 'all').
 */
export async function searchAuditEvents(
  db: Executor,
  agencyId: string | undefined,
  query: AuditSearchQuery,
): Promise<{ items: AuditEventView[]; total: number }> {
  let base = db.selectFrom('audit_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_user_id');
  if (agencyId !== undefined) base = base.where('e.actor_agency_id', '=', agencyId);
  if (query.actorId) base = base.where('e.actor_user_id', '=', query.actorId);
  if (query.username) base = base.where('u.username', '=', query.username);
  if (query.resourceId) base = base.where(sql<boolean>`e.resource_ids @> ARRAY[${query.resourceId}]::text[]`);
  if (query.action) base = base.where('e.action', 'like', `${escapeLike(query.action)}%`);
  if (query.outcome) base = base.where('e.outcome', '=', query.outcome);
  if (query.from) {
    const from = query.from;
    base = base.where(
      'e.occurred_at',
      '>=',
      isDay(from)
        ? sql<Date>`(${from}::date)::timestamp AT TIME ZONE ${TIME_ZONE}`
        : sql<Date>`${from}::timestamptz`,
    );
  }
  if (query.to) {
    const to = query.to;
    base = isDay(to)
      ? base.where('e.occurred_at', '<', sql<Date>`(${to}::date + 1)::timestamp AT TIME ZONE ${TIME_ZONE}`)
      : base.where('e.occurred_at', '<=', sql<Date>`${to}::timestamptz`);
  }

  const counted = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'e.seq',
      'e.occurred_at',
      'e.actor_user_id',
      'u.username',
      'u.display_name',
      'e.action',
      'e.outcome',
      'e.resource_type',
      'e.resource_ids',
      'e.request_id',
      sql<string | null>`host(e.ip)`.as('ip'),
      'e.details',
    ])
    .orderBy('e.seq', 'desc')
    .limit(query.pageSize)
    .offset(offsetOf(query))
    .execute();

  return {
    total: counted.n,
    items: rows.map((r) => ({
      seq: Number(r.seq),
      occurredAt: r.occurred_at.toISOString(),
      actor: r.actor_user_id
        ? { id: r.actor_user_id, username: r.username ?? null, displayName: r.display_name ?? null }
        : null,
      action: r.action,
      outcome: r.outcome,
      resourceType: r.resource_type,
      resourceIds: r.resource_ids,
      requestId: r.request_id,
      ip: r.ip,
      details: r.details,
    })),
  };
}
