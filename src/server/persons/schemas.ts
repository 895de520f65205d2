import { z } from 'zod';
import { cappedPaginated, paginationQuery } from '../platform/http/pagination.ts';

/**
 * Response schemas of the person registry. Every protected field is optional: the presenter leaves out what
 * the reader is not cleared for and names it in `redacted`.
 */

const dateOfBirth = z.discriminatedUnion('precision', [
  z.object({ precision: z.literal('unknown') }),
  z.object({ precision: z.literal('exact'), date: z.string() }),
  z.object({ precision: z.literal('year'), year: z.number().int() }),
  z.object({
    precision: z.literal('age_range'),
    ageMin: z.number().int(),
    ageMax: z.number().int(),
    asOf: z.string(),
  }),
]);

/** Relatives and contacts who must not be contacted: shown wherever the person appears. */
export const noContactSchema = z.object({
  relationId: z.uuid(),
  name: z.string().optional(),
  relationship: z.string(),
  reason: z.string(),
  source: z.string(),
  redacted: z.array(z.string()),
});
export type NoContactOut = z.infer<typeof noContactSchema>;

export const personSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  givenNames: z.string().optional(),
  firstSurname: z.string().nullable().optional(),
  secondSurname: z.string().nullable().optional(),
  otherNames: z.array(z.string()).optional(),
  sex: z.string().nullable().optional(),
  gender: z.string().nullable().optional(),
  dateOfBirth: dateOfBirth.optional(),
  citizenships: z.array(z.string()).optional(),
  pueblo: z.string().nullable().optional(),
  linguisticCommunity: z.string().nullable().optional(),
  languages: z
    .object({ primary: z.string().nullable(), others: z.array(z.string()), interpreterNeeded: z.boolean() })
    .optional(),
  origin: z
    .object({
      departmentCode: z.string().nullable(),
      municipalityCode: z.string().nullable(),
      community: z.string().nullable(),
    })
    .nullable()
    .optional(),
  educationLevel: z.string().nullable().optional(),
  disabilities: z.array(z.string()).optional(),
  restricted: z.boolean(),
  registeredBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  noContact: z.array(noContactSchema),
  redacted: z.array(z.string()),
});
export type PersonOut = z.infer<typeof personSchema>;

/** How a person appears inside another record (a case, a match, my work). */
export const personRefSchema = z.object({
  id: z.uuid(),
  givenNames: z.string().optional(),
  firstSurname: z.string().nullable().optional(),
  secondSurname: z.string().nullable().optional(),
  noContact: z.array(noContactSchema),
  redacted: z.array(z.string()),
});
export type PersonRefOut = z.infer<typeof personRefSchema>;

export const personListQuery = z.object({ ...paginationQuery });
export const personPage = cappedPaginated(personSchema);

export const searchQuery = z.object({
  /** A name in any order, an identity document number or a case number; empty finds nothing. */
  q: z.string().max(200).optional(),
  ...paginationQuery,
});

export const searchResult = cappedPaginated(
  personSchema.extend({
    matchedBy: z.array(z.enum(['name', 'similar_name', 'identity_document', 'case_number'])),
  }),
).extend({
  /** False for a reader not cleared for identity data: names and documents were not searched, only case numbers. */
  identitySearched: z.boolean(),
});

export const relationSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: z.string(),
  name: z.string().optional(),
  relationship: z.string(),
  isGuardian: z.boolean(),
  phone: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  noContact: z.boolean(),
  noContactReason: z.string().nullable(),
  noContactSource: z.string().nullable(),
  version: z.number().int(),
  redacted: z.array(z.string()),
});
export type RelationOut = z.infer<typeof relationSchema>;

export const identityDocumentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  type: z.string(),
  number: z.string().optional(),
  issuingCountry: z.string().nullable(),
  version: z.number().int(),
  redacted: z.array(z.string()),
});
export type IdentityDocumentOut = z.infer<typeof identityDocumentSchema>;
