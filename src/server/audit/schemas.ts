import { z } from 'zod';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';

/** An ISO date (a whole day in Guatemala) or an ISO date-time with its offset. */
const instantOrDay = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const auditSearchQuery = z.strictObject({
  actorId: z.uuid().optional(),
  username: z.string().trim().toLowerCase().min(1).max(64).optional(),
  /** Any id the event names (a record, a user…). */
  resourceId: z.string().trim().min(1).max(200).optional(),
  /** Prefix of the action, e.g. "auth." or "person.read". */
  action: z.string().trim().min(1).max(100).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: instantOrDay.optional(),
  to: instantOrDay.optional(),
  ...paginationQuery,
});
export type AuditSearchQuery = z.output<typeof auditSearchQuery>;

export const auditEventView = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  actor: z
    .object({ id: z.string(), username: z.string().nullable(), displayName: z.string().nullable() })
    .nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  resourceType: z.string().nullable(),
  resourceIds: z.array(z.string()),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.output<typeof auditEventView>;

export const auditSearchResult = paginated(auditEventView);

export const chainVerification = z.object({
  ok: z.boolean(),
  events: z.number().int(),
  firstBad: z
    .object({
      seq: z.number().int(),
      code: z.enum([
        'missing',
        'unexpected_seq',
        'broken_link',
        'hash_mismatch',
        'anchor_mismatch',
        'truncated',
        'head_mismatch',
      ]),
      reason: z.string(),
    })
    .nullable(),
});
