import { z } from 'zod';
import { pastDate } from '../cases/person-input.ts';
import {
  CONSENT_CHECKLIST,
  CONSENT_DECISIONS,
  CONSENT_GIVERS,
  CONSENT_PURPOSES,
  PURPOSES_MAY_NAME_AGENCY,
  PURPOSES_NAMING_AGENCY,
  type ConsentChecklistItem,
} from './vocabulary.ts';

/** Input schemas of consents, shared by the server (validation) and the web (forms). */

const text = (max: number) => z.string().trim().min(1).max(max);

export const consentChecklistInput = z.strictObject(
  Object.fromEntries(CONSENT_CHECKLIST.map((item) => [item, z.boolean()])) as Record<
    ConsentChecklistItem,
    z.ZodBoolean
  >,
);

/** The signed form: an attachment of the case, or where the paper is kept. */
export const consentDocumentInput = z
  .strictObject({
    attachmentId: z.uuid().nullable().optional(),
    reference: text(300).nullable().optional(),
  })
  .refine((d) => Boolean(d.attachmentId) !== Boolean(d.reference), {
    message: 'Indique el documento adjunto o la referencia del documento (uno de los dos).',
    path: ['reference'],
  })
  .nullable();

export const createConsentInput = z
  .strictObject({
    purpose: z.enum(CONSENT_PURPOSES),
    /** The agency a referral goes to (required for referral_to_agency; optional for data_sharing). */
    agencyId: z.uuid().nullable().optional(),
    decision: z.enum(CONSENT_DECISIONS).default('granted'),
    givenBy: z.enum(CONSENT_GIVERS),
    /** Required unless the child gives it. */
    giverName: text(200).nullable().optional(),
    /** E.g. mother, aunt, Procuraduría de la Niñez (PGN Alta Verapaz). */
    giverRelationship: text(100).nullable().optional(),
    givenOn: pastDate,
    checklist: consentChecklistInput,
    document: consentDocumentInput.optional(),
  })
  .refine((c) => !PURPOSES_NAMING_AGENCY.includes(c.purpose) || Boolean(c.agencyId), {
    message: 'Una referencia debe nombrar la agencia que la recibe.',
    path: ['agencyId'],
  })
  .refine((c) => !c.agencyId || PURPOSES_MAY_NAME_AGENCY.includes(c.purpose), {
    message: 'Solo la referencia o el intercambio de datos nombran una agencia.',
    path: ['agencyId'],
  })
  .refine((c) => c.givenBy === 'child' || Boolean(c.giverName), {
    message: 'Indique el nombre de quien da el consentimiento.',
    path: ['giverName'],
  });
export type CreateConsentInput = z.infer<typeof createConsentInput>;

export const withdrawConsentInput = z.strictObject({
  withdrawnOn: pastDate,
  reason: text(1000),
});
export type WithdrawConsentInput = z.infer<typeof withdrawConsentInput>;
