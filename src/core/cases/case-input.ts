import { z } from 'zod';
import { ORGANISATION_TYPES } from '../access/catalogue.ts';
import { isoDate, pastDate } from './person-input.ts';
import { CASE_STATUSES } from './status.ts';
import {
  CASE_TYPES,
  CLOSURE_KINDS,
  PROTECTION_MEASURE_TYPES,
  RISK_LEVELS,
  RISK_REASONS,
} from './vocabulary.ts';

/** Input schemas of cases, shared by the server (validation) and the web (forms). */

export const referralSourceInput = z
  .strictObject({
    /** HTCDS org_Type of the organisation that referred the child. */
    orgType: z.enum(ORGANISATION_TYPES),
    organisationName: z.string().trim().min(1).max(200).nullable(),
    referredOn: pastDate.nullable(),
  })
  .nullable();

/** The judicial protection measure (medida de protección) ordered by a Juzgado de la Niñez y la Adolescencia. */
export const protectionMeasureInput = z
  .strictObject({
    court: z.string().trim().min(1).max(200),
    fileNumber: z.string().trim().min(1).max(60),
    pgnOffice: z.string().trim().min(1).max(200).nullable(),
    measureType: z.enum(PROTECTION_MEASURE_TYPES),
    orderDate: pastDate,
    reviewDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
  })
  .refine((m) => !m.reviewDate || m.reviewDate >= m.orderDate, {
    message: 'La revisión no puede ser anterior a la orden.',
    path: ['reviewDate'],
  })
  .refine((m) => !m.endDate || m.endDate >= m.orderDate, {
    message: 'El fin de la medida no puede ser anterior a la orden.',
    path: ['endDate'],
  })
  .nullable();
export type ProtectionMeasureInput = z.infer<typeof protectionMeasureInput>;
export type ProtectionMeasure = NonNullable<ProtectionMeasureInput>;

const caseFields = {
  caseType: z.enum(CASE_TYPES),
  referralSource: referralSourceInput,
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  riskReasons: z.array(z.enum(RISK_REASONS)).max(RISK_REASONS.length),
  riskNotes: z.string().trim().min(1).max(4000).nullable(),
  protectionMeasure: protectionMeasureInput,
};

export const createCaseInput = z.strictObject({
  personId: z.uuid(),
  programmeId: z.uuid(),
  /** Defaults to the actor's team in the programme when they have exactly one. */
  teamId: z.uuid().nullable().optional(),
  /** Defaults to the actor; naming someone else needs case:assign. */
  ownerUserId: z.uuid().optional(),
  caseType: caseFields.caseType,
  referralSource: caseFields.referralSource.optional(),
  riskLevel: caseFields.riskLevel.optional(),
  riskReasons: caseFields.riskReasons.optional(),
  riskNotes: caseFields.riskNotes.optional(),
  protectionMeasure: caseFields.protectionMeasure.optional(),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

export const updateCaseInput = z.strictObject({
  caseType: caseFields.caseType.optional(),
  referralSource: caseFields.referralSource.optional(),
  riskLevel: caseFields.riskLevel.optional(),
  riskReasons: caseFields.riskReasons.optional(),
  riskNotes: caseFields.riskNotes.optional(),
  protectionMeasure: caseFields.protectionMeasure.optional(),
});
export type UpdateCaseInput = z.infer<typeof updateCaseInput>;

export const statusChangeInput = z.strictObject({
  to: z.enum(CASE_STATUSES),
  reason: z.string().trim().min(1).max(2000).optional(),
  closureKind: z.enum(CLOSURE_KINDS).optional(),
});

export const reassignInput = z.strictObject({
  fromUserId: z.uuid(),
  toUserId: z.uuid(),
  /** Only these of fromUserId's cases; all of them (within the actor's scope) when omitted. */
  caseIds: z.array(z.uuid()).min(1).max(1000).optional(),
});

export const restrictionInput = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(50),
});

export const emergencyAccessInput = z.strictObject({
  reason: z.string().trim().min(10).max(1000),
});

export const EMERGENCY_REVIEW_OUTCOMES = ['justified', 'unjustified'] as const;
export const emergencyReviewInput = z.strictObject({
  outcome: z.enum(EMERGENCY_REVIEW_OUTCOMES),
  comment: z.string().trim().min(1).max(2000).optional(),
});

/** How long an emergency access stays open. */
export const EMERGENCY_ACCESS_MINUTES = 120;

/** Case numbers read AMP-2026-000123: prefix, year, per-agency sequence within the year. */
export const CASE_NUMBER_PATTERN = /^[A-Z]{2,8}-\d{4}-\d{1,9}$/;
export const formatCaseNumber = (prefix: string, year: number, sequence: number) =>
  `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
