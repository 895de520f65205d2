import { z } from 'zod';
import { CASE_STATUSES, HTCDS_CASE_STATUSES } from '../../core/cases/status.ts';
import { APPROVAL_KINDS } from '../approvals/vocabulary.ts';
import { cappedPaginated, paginationQuery } from '../platform/http/pagination.ts';
import { personRefSchema } from '../persons/schemas.ts';
import { REFERRAL_KINDS, URGENCIES } from '../referrals/schemas.ts';

/** Response schemas of cases. Protected fields are optional: the presenter may leave them out (`redacted`). */

export const dueItemSchema = z.object({ key: z.string(), dueAt: z.string(), overdue: z.boolean() });

export const referralSourceSchema = z
  .object({ orgType: z.string(), organisationName: z.string().nullable(), referredOn: z.string().nullable() })
  .nullable();

export const protectionMeasureSchema = z
  .object({
    court: z.string(),
    fileNumber: z.string(),
    pgnOffice: z.string().nullable(),
    measureType: z.string(),
    orderDate: z.string(),
    reviewDate: z.string().nullable(),
    endDate: z.string().nullable(),
  })
  .nullable();

export const caseSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  number: z.string(),
  personId: z.uuid(),
  person: personRefSchema,
  caseType: z.string(),
  programmeId: z.uuid(),
  teamId: z.uuid().nullable(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  htcdsStatus: z.enum(HTCDS_CASE_STATUSES),
  statusReason: z.string().nullable(),
  statusChangedAt: z.string(),
  closureKind: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  referralSource: referralSourceSchema,
  riskLevel: z.string().nullable(),
  riskReasons: z.array(z.string()).optional(),
  riskNotes: z.string().nullable().optional(),
  protectionMeasure: protectionMeasureSchema.optional(),
  restricted: z.boolean(),
  allowedTransitions: z.array(z.enum(CASE_STATUSES)),
  due: z.array(dueItemSchema),
  /**
   * 'emergency': visible to this user only through an emergency access; 'shared': shared with the user's
   * agency by `sharedBy` (read-only, only the classes shared).
   */
  access: z.enum(['scope', 'emergency', 'shared']),
  sharedBy: z.object({ agencyId: z.uuid(), name: z.string() }).optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  redacted: z.array(z.string()),
});
export type CaseOut = z.infer<typeof caseSchema>;

export const caseListQuery = z.object({
  ...paginationQuery,
  status: z.enum(CASE_STATUSES).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  programmeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  ownerUserId: z.uuid().optional(),
  personId: z.uuid().optional(),
});
/** A case in a list (the case list, My work): everything but the risk notes, read only with the case. */
export const caseListItemSchema = caseSchema.omit({ riskNotes: true });
export const casePage = cappedPaginated(caseListItemSchema);

export const reassignResult = z.object({ reassigned: z.array(z.uuid()), count: z.number().int() });

export const emergencyAccessSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  user: z.object({ id: z.uuid(), displayName: z.string() }),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.uuid().nullable(),
  reviewOutcome: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type EmergencyAccessOut = z.infer<typeof emergencyAccessSchema>;

export const emergencyListQuery = z.object({
  ...paginationQuery,
  /** Only those not yet reviewed (default). */
  pending: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export const myWorkSchema = z.object({
  openCases: z.array(caseListItemSchema),
  overdue: z.array(
    z.object({ caseId: z.uuid(), caseNumber: z.string(), key: z.string(), dueAt: z.string() }),
  ),
  /** Plans and closures waiting for this user's approval (filled once approvals exist). */
  approvalsWaiting: z.array(
    z.object({ id: z.uuid(), caseId: z.uuid(), caseNumber: z.string(), kind: z.enum(APPROVAL_KINDS) }),
  ),
  /**
   * Referrals addressed to the user's agency or programmes and not yet answered. Only what the receiving
   * side may see of them (the sender's case is not named); the referral itself opens its narrow view.
   */
  newReferrals: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(REFERRAL_KINDS),
      urgency: z.enum(URGENCIES),
      sentAt: z.string(),
      fromAgency: z.object({ name: z.string() }),
      fromProgramme: z.object({ name: z.string() }),
      toProgramme: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    }),
  ),
  emergencyAccessesToReview: z.array(emergencyAccessSchema),
});
