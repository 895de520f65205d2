import { z } from 'zod';
import { PROGRAMME_KINDS } from '../../../core/access/catalogue.ts';
import { listQuery, nameField } from '../shared.ts';

export const programmeSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  kind: z.enum(PROGRAMME_KINDS),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type ProgrammeOut = z.infer<typeof programmeSchema>;

export const programmeListQuery = z.object(listQuery);

export const createProgrammeBody = z.strictObject({
  name: nameField,
  kind: z.enum(PROGRAMME_KINDS),
  agencyId: z.uuid().optional(),
});

export const updateProgrammeBody = z.strictObject({
  name: nameField.optional(),
  active: z.boolean().optional(),
});
