import { z } from 'zod';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';
import { APPROVAL_KINDS } from './vocabulary.ts';

export const APPROVAL_STATES = ['pending', 'approved', 'rejected'] as const;

const comment = z.string().trim().min(1).max(2000);

export const approvalRequestInput = z.strictObject({ comment: comment.optional() });

export const decisionInput = z.strictObject({
  decision: z.enum(['approved', 'rejected']),
  /** Required to reject: the requester must learn what to change. */
  comment: comment.optional(),
});

const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const approvalSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  subjectType: z.enum(APPROVAL_KINDS),
  subjectId: z.uuid(),
  /** The plan revision submitted (plans only). */
  subjectRevision: z.number().int().nullable(),
  state: z.enum(APPROVAL_STATES),
  requestedBy: userRef,
  requestedAt: z.string(),
  requestComment: z.string().nullable(),
  decidedBy: userRef,
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
  /** Closures: when the approved closure was carried out. */
  usedAt: z.string().nullable(),
});
export type ApprovalOut = z.infer<typeof approvalSchema>;

export const approvalListQuery = z.object({
  ...paginationQuery,
  /** Only plans or only closures. */
  kind: z.enum(APPROVAL_KINDS).optional(),
});
export const approvalPage = paginated(approvalSchema);
