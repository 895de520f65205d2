import type { Executor } from '../db/database.ts';
import { AT_COMMIT } from '../db/transaction-pipeline.ts';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'denied' | 'failure';
  resourceType?: string;
  resourceIds?: string[];
  /** What happened, never sensitive values: changed field names, the query, counts. */
  details?: Record<string, unknown>;
}

export interface AuditOrigin {
  actorUserId?: string;
  actorAgencyId?: string;
  requestId?: string;
  ip?: string;
}

/**
 * Appends events to the audit trail, in order, with one statement on the given executor. Within a
 * transaction the statement travels with COMMIT (AT_COMMIT): the events commit with the work or not at all.
 */
export async function writeAuditEvents(
  db: Executor,
  origin: AuditOrigin,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const insert = db
    .insertInto('audit_event')
    .values(
      entries.map((entry) => ({
        actor_user_id: origin.actorUserId ?? null,
        actor_agency_id: origin.actorAgencyId ?? null,
        action: entry.action,
        outcome: entry.outcome ?? 'success',
        resource_type: entry.resourceType ?? null,
        resource_ids: entry.resourceIds ?? [],
        request_id: origin.requestId ?? null,
        ip: origin.ip ?? null,
        details: JSON.stringify(entry.details ?? {}),
      })),
    )
    .compile();
  await db.executeQuery({ ...insert, sql: AT_COMMIT + insert.sql });
}

export const writeAuditEvent = (db: Executor, origin: AuditOrigin, entry: AuditEntry) =>
  writeAuditEvents(db, origin, [entry]);

/** Field names whose values differ between two versions of a record (values are not logged). */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): string[] {
  return Object.keys(after).filter((key) => {
    const a = before[key];
    const b = after[key];
    return JSON.stringify(a) !== JSON.stringify(b);
  });
}
