import { z } from 'zod';
import { FORM_KEY_PATTERN } from '../../core/forms/definition.ts';
import { localisedSchema } from '../../core/forms/definition-schema.ts';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';

export const ASSESSMENT_STATUSES = ['draft', 'completed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const assessmentParams = z.object({ id: z.uuid(), assessmentId: z.uuid() });

/** Answers by field key; the form definition decides what each may hold (core/forms/validate.ts). */
const answersInput = z.record(z.string().max(64), z.unknown());

export const createAssessmentInput = z.strictObject({
  formKey: z.string().regex(FORM_KEY_PATTERN),
  /** The version the answers were given in; the latest published one when absent. */
  formVersion: z.number().int().min(1).optional(),
  answers: answersInput.default({}),
  status: z.enum(ASSESSMENT_STATUSES).default('draft'),
});

/** Only the answers given change (null removes one); `completed` closes the assessment to changes. */
export const updateAssessmentInput = z.strictObject({
  answers: answersInput.optional(),
  status: z.enum(ASSESSMENT_STATUSES).optional(),
});

export const assessmentListQuery = z.object({ ...paginationQuery });

const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();
const answerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const assessmentSummarySchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  formKey: z.string(),
  formVersion: z.number().int(),
  formTitle: localisedSchema,
  status: z.enum(ASSESSMENT_STATUSES),
  createdBy: userRef,
  completedBy: userRef,
  completedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;

export const assessmentSchema = assessmentSummarySchema.extend({
  /** The answers the reader is cleared for. */
  answers: z.record(z.string(), answerValue),
  /** Fields of the form whose class the reader is not cleared for (answered or not). */
  redacted: z.array(z.string()),
});
export type AssessmentOut = z.infer<typeof assessmentSchema>;

export const assessmentPage = paginated(assessmentSummarySchema);
