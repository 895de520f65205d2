import { z } from 'zod';
import { ADULT_ROLES, CHILD_ROLES, CONSENT_WARNINGS } from '../../core/consent/age-bands.ts';
import {
  CONSENT_DECISIONS,
  CONSENT_GIVERS,
  CONSENT_PURPOSES,
  type ConsentChecklistItem,
  CONSENT_CHECKLIST,
} from '../../core/consent/vocabulary.ts';

/** Response schemas of consents. The giver's name is identity data (left out without that clearance). */

export const CONSENT_FIELD_CLASSES = { giverName: 'identity' } as const;

const warningSchema = z.object({
  code: z.enum(Object.keys(CONSENT_WARNINGS) as [keyof typeof CONSENT_WARNINGS]),
  message: z.string(),
});

const userRef = z.object({ id: z.uuid(), displayName: z.string() });

export const consentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  purpose: z.enum(CONSENT_PURPOSES),
  agency: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  decision: z.enum(CONSENT_DECISIONS),
  /** Assent when the child gives it at an age where the child assents; consent otherwise. */
  form: z.enum(['consent', 'assent']),
  givenBy: z.enum(CONSENT_GIVERS),
  giverName: z.string().nullable().optional(),
  giverRelationship: z.string().nullable(),
  givenOn: z.string(),
  checklist: z.object(
    Object.fromEntries(CONSENT_CHECKLIST.map((item) => [item, z.boolean()])) as Record<
      ConsentChecklistItem,
      z.ZodBoolean
    >,
  ),
  document: z.object({ attachmentId: z.uuid().nullable(), reference: z.string().nullable() }).nullable(),
  withdrawal: z
    .object({
      withdrawnOn: z.string(),
      reason: z.string(),
      recordedBy: userRef.nullable(),
      recordedAt: z.string().nullable(),
    })
    .nullable(),
  /** Granted and not withdrawn (as of today). */
  inForce: z.boolean(),
  /** The age band of the person on the day it was given (null when the age is unknown or spans bands). */
  ageBand: z
    .object({
      minAge: z.number().int(),
      maxAge: z.number().int(),
      childRole: z.enum(CHILD_ROLES),
      adultRole: z.enum(ADULT_ROLES),
      verify: z.boolean(),
    })
    .nullable(),
  /** The age-band rule guides, it does not refuse: a giver who does not fit it is recorded with a warning. */
  warnings: z.array(warningSchema),
  recordedBy: userRef.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  redacted: z.array(z.string()),
});
export type ConsentOut = z.infer<typeof consentSchema>;

export const consentListSchema = z.object({
  items: z.array(consentSchema),
  /** For each purpose (and agency) recorded: whether the consents allow it today. */
  purposes: z.array(
    z.object({
      purpose: z.enum(CONSENT_PURPOSES),
      agencyId: z.uuid().nullable(),
      allowed: z.boolean(),
    }),
  ),
});
