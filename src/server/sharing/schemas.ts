import { z } from 'zod';
import { ORGANISATION_TYPES, SENSITIVITY_CLASSES } from '../../core/access/catalogue.ts';

/** Input and response schemas of sharing decisions. */

export const SHARING_STATUSES = ['active', 'expired', 'revoked'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();

export const createSharingInput = z.strictObject({
  toAgencyId: z.uuid(),
  /** The sensitivity classes the receiving agency may read (fields of class general go with the record). */
  classes: z
    .array(z.enum(SENSITIVITY_CLASSES))
    .min(1, { message: 'Elija al menos un tipo de dato que se comparte.' })
    .max(SENSITIVITY_CLASSES.length),
  reason: text(2000),
  /** The last day the decision is in force; none: until revoked. */
  expiresOn: day.optional(),
  /** Sharing without a data-sharing consent in force: only with case:approve; the reason is recorded. */
  consentOverride: z.strictObject({ reason: text(1000) }).optional(),
});
export type CreateSharingInput = z.infer<typeof createSharingInput>;

export const revokeSharingInput = z.strictObject({ reason: text(1000) });

const userRef = z.object({ id: z.uuid(), displayName: z.string() });
const agencyRef = z.object({ id: z.uuid(), name: z.string(), orgType: z.enum(ORGANISATION_TYPES) });

export const sharingSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  toAgency: agencyRef,
  classes: z.array(z.enum(SENSITIVITY_CLASSES)),
  reason: z.string(),
  status: z.enum(SHARING_STATUSES),
  consent: z.object({
    basis: z.enum(['consent', 'override']),
    consentId: z.uuid().nullable(),
    overrideReason: z.string().nullable(),
    overrideBy: userRef.nullable(),
  }),
  decidedBy: userRef.nullable(),
  decidedAt: z.string(),
  expiresOn: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: userRef.nullable(),
  revocationReason: z.string().nullable(),
  version: z.number().int(),
});
export type SharingOut = z.infer<typeof sharingSchema>;

/** A case's decisions, and the agencies it can be shared with, each with the consent that would allow it. */
export const caseSharingSchema = z.object({
  items: z.array(sharingSchema),
  agencies: z.array(
    agencyRef.extend({
      /** The data-sharing consent in force today for this agency, if any. */
      consent: z.object({ id: z.uuid(), givenOn: z.string(), givenBy: z.string() }).nullable(),
    }),
  ),
});
