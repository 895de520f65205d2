import { z } from 'zod';
import { listQuery, nameField } from '../shared.ts';

export const MAX_TEAM_MEMBERS = 500;

export const teamSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  programmeId: z.uuid().nullable(),
  name: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  members: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string() })),
});
export type TeamOut = z.infer<typeof teamSchema>;

export const teamListQuery = z.object(listQuery);

const memberIds = z.array(z.uuid()).max(MAX_TEAM_MEMBERS);

export const createTeamBody = z.strictObject({
  name: nameField,
  programmeId: z.uuid().nullable().optional(),
  memberIds: memberIds.optional(),
  /** Only for actors whose grant reaches every agency. */
  agencyId: z.uuid().optional(),
});

export const updateTeamBody = z.strictObject({
  name: nameField.optional(),
  programmeId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  memberIds: memberIds.optional(),
});
