import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import { paginationQuery } from '../platform/http/pagination.ts';
import { personRefSchema } from '../persons/schemas.ts';
import { SERVICE_AREAS } from '../services/vocabulary.ts';

/** Input and response schemas of referrals and transfers. */

export const REFERRAL_KINDS = ['referral', 'transfer'] as const;
export const REFERRAL_STATUSES = ['sent', 'accepted', 'rejected', 'completed'] as const;
export const URGENCIES = ['routine', 'urgent'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const createReferralInput = z.strictObject({
  /** A referral asks for a service; a transfer hands the case over. */
  kind: z.enum(REFERRAL_KINDS),
  toAgencyId: z.uuid(),
  /** Required when referring within the agency (to another programme); not allowed across agencies. */
  toProgrammeId: z.uuid().optional(),
  servicesRequested: z.array(z.enum(SERVICE_AREAS)).max(SERVICE_AREAS.length).optional(),
  urgency: z.enum(URGENCIES).default('routine'),
  reason: text(4000),
  /** Sending without a consent in force: only with case:approve, and the reason is recorded and audited. */
  consentOverride: z.strictObject({ reason: text(1000) }).optional(),
});
export type CreateReferralInput = z.infer<typeof createReferralInput>;

export const respondInput = z
  .strictObject({
    decision: z.enum(['accept', 'reject']),
    reason: text(2000).optional(),
    /** Accepting a transfer from another agency: the programme of the receiving agency that takes the case. */
    programmeId: z.uuid().optional(),
  })
  .refine((b) => b.decision === 'accept' || b.reason !== undefined, {
    message: 'Indique el motivo del rechazo.',
    path: ['reason'],
  });
export type RespondInput = z.infer<typeof respondInput>;

export const completeInput = z.strictObject({ notes: text(2000).optional() });

export const referralListQuery = z.object({
  ...paginationQuery,
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum(REFERRAL_STATUSES).optional(),
});

const agencyRef = z.object({ id: z.uuid(), name: z.string(), orgType: z.enum(ORGANISATION_TYPES) });
const programmeRef = z.object({ id: z.uuid(), name: z.string() });
const userRef = z.object({ id: z.uuid(), displayName: z.string() });

/** What both sides see of the referral itself. */
const referralCore = {
  id: z.uuid(),
  kind: z.enum(REFERRAL_KINDS),
  status: z.enum(REFERRAL_STATUSES),
  toAgency: agencyRef,
  toProgramme: programmeRef.nullable(),
  servicesRequested: z.array(z.enum(SERVICE_AREAS)),
  urgency: z.enum(URGENCIES),
  reason: z.string(),
  sentAt: z.string(),
  respondedAt: z.string().nullable(),
  responseReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  completionNotes: z.string().nullable(),
  version: z.number().int(),
};

/** The sending side: the referral with its case, the person as shown in any record, and its consent basis. */
export const senderViewSchema = z.object({
  view: z.literal('sender'),
  ...referralCore,
  caseId: z.uuid(),
  caseNumber: z.string(),
  person: personRefSchema,
  fromAgency: agencyRef,
  fromProgramme: programmeRef,
  sentBy: userRef.nullable(),
  respondedBy: userRef.nullable(),
  completedBy: userRef.nullable(),
  consent: z.object({
    basis: z.enum(['consent', 'override']),
    consentId: z.uuid().nullable(),
    overrideReason: z.string().nullable(),
    overrideBy: userRef.nullable(),
  }),
});

/** The no-contact entries as the receiving side sees them (without the sender's record ids). */
const narrowNoContact = z.object({
  name: z.string().optional(),
  relationship: z.string(),
  reason: z.string(),
  source: z.string(),
  redacted: z.array(z.string()),
});

/**
 * The receiving side: deliberately narrow. The referral's own fields and the minimal identity needed to
 * receive the child — given names, first surname, age, sex, languages, the no-contact flags. Never the case,
 * its notes, assessments or history, nor any id of the sending agency's records.
 */
export const receiverViewSchema = z.object({
  view: z.literal('receiver'),
  ...referralCore,
  fromAgency: z.object({ name: z.string(), orgType: z.enum(ORGANISATION_TYPES) }),
  fromProgramme: z.object({ name: z.string() }),
  sentBy: z.object({ displayName: z.string() }).nullable(),
  /** An accepted transfer: the case opened in the receiving agency. */
  receivedCaseId: z.uuid().nullable(),
  person: z.object({
    givenNames: z.string().optional(),
    firstSurname: z.string().nullable().optional(),
    age: z.object({ min: z.number().int(), max: z.number().int() }).nullable().optional(),
    sex: z.string().nullable(),
    languages: z.object({
      primary: z.string().nullable(),
      others: z.array(z.string()),
      interpreterNeeded: z.boolean(),
    }),
    noContact: z.array(narrowNoContact),
    redacted: z.array(z.string()),
  }),
});

export const referralSchema = z.discriminatedUnion('view', [senderViewSchema, receiverViewSchema]);
export type ReferralOut = z.infer<typeof referralSchema>;
export type SenderView = z.infer<typeof senderViewSchema>;
export type ReceiverView = z.infer<typeof receiverViewSchema>;

export const referralPage = z.object({
  items: z.array(referralSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
