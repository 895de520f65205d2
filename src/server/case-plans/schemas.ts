import { z } from 'zod';
import { pastDate } from '../../core/cases/person-input.ts';
import { PLAN_ACTION_STATUSES, PLAN_DOMAINS } from '../../core/forms/domains.ts';
import { approvalSchema } from '../approvals/schemas.ts';

/**
 * The case plan: goals per domain, each with actions (who, by when, how far along), and periodic reviews.
 * The whole plan is written at once (PUT with If-Match); ids keep goals and actions identifiable across
 * versions (absent: a new one).
 */

const text = z.string().trim().min(1).max(2000);

export const planActionInput = z.strictObject({
  id: z.uuid().optional(),
  description: text,
  responsibleUserId: z.uuid(),
  dueDate: z.iso.date(),
  status: z.enum(PLAN_ACTION_STATUSES).default('pending'),
});

export const planGoalInput = z.strictObject({
  id: z.uuid().optional(),
  domain: z.enum(PLAN_DOMAINS),
  objective: text,
  actions: z.array(planActionInput).max(30).default([]),
});

export const planInput = z.strictObject({ goals: z.array(planGoalInput).max(40) });
export type PlanInput = z.infer<typeof planInput>;

export const reviewInput = z
  .strictObject({
    reviewDate: pastDate,
    summary: z.string().trim().min(1).max(10_000),
    nextReviewDate: z.iso.date().nullable().default(null),
  })
  .refine((r) => r.nextReviewDate === null || r.nextReviewDate > r.reviewDate, {
    message: 'La próxima revisión debe ser posterior a esta.',
    path: ['nextReviewDate'],
  });

/** As stored (encrypted) in case_plan.goals_sealed. */
export interface StoredAction {
  id: string;
  description: string;
  responsibleUserId: string;
  dueDate: string;
  status: (typeof PLAN_ACTION_STATUSES)[number];
}
export interface StoredGoal {
  id: string;
  domain: (typeof PLAN_DOMAINS)[number];
  objective: string;
  actions: StoredAction[];
}

const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const planReviewSchema = z.object({
  id: z.uuid(),
  reviewDate: z.string(),
  summary: z.string(),
  nextReviewDate: z.string().nullable(),
  planVersion: z.number().int(),
  reviewedBy: userRef,
  createdAt: z.string(),
});

export const planSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  goals: z.array(
    z.object({
      id: z.uuid(),
      domain: z.enum(PLAN_DOMAINS),
      objective: z.string(),
      actions: z.array(
        z.object({
          id: z.uuid(),
          description: z.string(),
          responsible: userRef,
          dueDate: z.string(),
          status: z.enum(PLAN_ACTION_STATUSES),
          /** Due before today (Guatemala) and neither done nor cancelled. */
          overdue: z.boolean(),
        }),
      ),
    }),
  ),
  /** Domains with goals the reader is not cleared for: those goals are left out (and kept when writing). */
  redactedDomains: z.array(z.enum(PLAN_DOMAINS)),
  /** Changes with the substance of the plan (not with the progress of actions): what is approved. */
  revision: z.number().int(),
  approval: z.object({
    /** Of the current revision: none requested, waiting, approved or rejected. */
    state: z.enum(['none', 'pending', 'approved', 'rejected']),
    approvedRevision: z.number().int().nullable(),
    /** The pending request, or the latest decision on the current revision. */
    current: approvalSchema.nullable(),
  }),
  reviews: z.array(planReviewSchema),
  nextReviewDate: z.string().nullable(),
  createdBy: userRef,
  updatedBy: userRef,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanOut = z.infer<typeof planSchema>;
