import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import { pastDate } from '../../core/cases/person-input.ts';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';
import { SERVICE_AREAS, SERVICE_OUTCOMES } from './vocabulary.ts';

/** Input and response schemas of the services delivered on a case. */

const providerInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), userId: z.uuid() }),
  z.strictObject({ kind: z.literal('organisation'), providerId: z.uuid() }),
]);

const serviceFields = {
  area: z.enum(SERVICE_AREAS),
  provider: providerInput,
  deliveredOn: pastDate,
  durationMinutes: z.number().int().min(1).max(1440).nullable(),
  outcome: z.enum(SERVICE_OUTCOMES),
  oneOff: z.boolean(),
  /** Protected by the area's class (medical → health, psychosocial, legal). */
  notes: z.string().trim().min(1).max(4000).nullable(),
};

export const createServiceInput = z.strictObject({
  area: serviceFields.area,
  provider: serviceFields.provider,
  deliveredOn: serviceFields.deliveredOn,
  durationMinutes: serviceFields.durationMinutes.optional(),
  outcome: serviceFields.outcome,
  oneOff: serviceFields.oneOff.optional(),
  notes: serviceFields.notes.optional(),
});
export type CreateServiceInput = z.infer<typeof createServiceInput>;

export const updateServiceInput = z.strictObject({
  area: serviceFields.area.optional(),
  provider: serviceFields.provider.optional(),
  deliveredOn: serviceFields.deliveredOn.optional(),
  durationMinutes: serviceFields.durationMinutes.optional(),
  outcome: serviceFields.outcome.optional(),
  oneOff: serviceFields.oneOff.optional(),
  notes: serviceFields.notes.optional(),
});
export type UpdateServiceInput = z.infer<typeof updateServiceInput>;

const userRef = z.object({ id: z.uuid(), displayName: z.string() });

export const serviceSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  area: z.enum(SERVICE_AREAS),
  provider: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('staff'), userId: z.uuid(), displayName: z.string() }),
    z.object({
      kind: z.literal('organisation'),
      providerId: z.uuid(),
      name: z.string(),
      orgType: z.enum(ORGANISATION_TYPES),
    }),
  ]),
  deliveredOn: z.string(),
  durationMinutes: z.number().int().nullable(),
  outcome: z.enum(SERVICE_OUTCOMES),
  oneOff: z.boolean(),
  /** Absent (and named in `redacted`) when the reader is not cleared for the area's class. */
  notes: z.string().nullable().optional(),
  notesClass: z.string(),
  createdBy: userRef.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  redacted: z.array(z.string()),
});
export type ServiceOut = z.infer<typeof serviceSchema>;

export const serviceListQuery = z.object({
  ...paginationQuery,
  area: z.enum(SERVICE_AREAS).optional(),
});
export const servicePage = paginated(serviceSchema);
