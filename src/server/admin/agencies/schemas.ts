import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../../core/access/catalogue.ts';
import { paginationQuery } from '../../platform/http/pagination.ts';
import { booleanQuery, nameField } from '../shared.ts';

const shortName = z.string().trim().min(1).max(50).nullable();

export const agencySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string().nullable(),
  orgType: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type AgencyOut = z.infer<typeof agencySchema>;

export const agencyListQuery = z.object({ ...paginationQuery, active: booleanQuery });

export const createAgencyBody = z.strictObject({
  name: nameField,
  shortName: shortName.optional(),
  orgType: z.enum(ORGANISATION_TYPES),
});

export const updateAgencyBody = z.strictObject({
  name: nameField.optional(),
  shortName: shortName.optional(),
  orgType: z.enum(ORGANISATION_TYPES).optional(),
  active: z.boolean().optional(),
});
