import { z } from 'zod';
import { listQuery } from '../shared.ts';
import { DISPLAY_NAME_MAX, USERNAME_PATTERN } from './accounts.ts';

export const MAX_ROLES_PER_USER = 50;
export const MAX_TEAMS_PER_USER = 100;

const locale = z.enum(['es-GT', 'en']);

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.uuid(),
  locale,
  active: z.boolean(),
  deactivatedAt: z.string().nullable(),
  twoFactorEnabled: z.boolean(),
  roles: z.array(z.object({ key: z.string(), programmeId: z.uuid().nullable() })),
  teamIds: z.array(z.uuid()),
  createdAt: z.string(),
  version: z.number().int(),
});
export type UserOut = z.infer<typeof userSchema>;

export const userListQuery = z.object({
  ...listQuery,
  /** Part of the username or display name; case and accents are ignored. */
  q: z.string().trim().max(100).optional(),
});

const roleAssignment = z.strictObject({
  key: z.string().min(1).max(63),
  programmeId: z.uuid().nullable().optional(),
});
const roles = z.array(roleAssignment).max(MAX_ROLES_PER_USER);
const teamIds = z.array(z.uuid()).max(MAX_TEAMS_PER_USER);
const displayName = z.string().trim().min(1).max(DISPLAY_NAME_MAX);

export const createUserBody = z.strictObject({
  username: z
    .string()
    .max(64)
    .regex(USERNAME_PATTERN, 'de 3 a 64: minúsculas, dígitos, punto, guion o guion bajo'),
  displayName,
  /** Only for actors whose grant reaches every agency; others create users in their own agency. */
  agencyId: z.uuid().optional(),
  locale: locale.optional(),
  roles,
  teamIds: teamIds.optional(),
});

export const createdUserSchema = z.object({
  user: userSchema,
  passwordLink: z.object({ url: z.string(), expiresAt: z.string() }),
});

export const updateUserBody = z.strictObject({
  displayName: displayName.optional(),
  locale: locale.optional(),
  roles: roles.optional(),
  teamIds: teamIds.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;
