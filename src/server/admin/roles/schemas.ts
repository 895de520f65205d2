import { z } from 'zod';
import {
  ALL_PERMISSIONS,
  SCOPES,
  SENSITIVITY_CLASSES,
  type Permission,
} from '../../../core/access/catalogue.ts';

export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;

const permission = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
const localized = (max: number) =>
  z.strictObject({ 'es-GT': z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

export const roleSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.object({ 'es-GT': z.string(), en: z.string() }),
  purpose: z.object({ 'es-GT': z.string(), en: z.string() }),
  scope: z.enum(SCOPES),
  permissions: z.array(z.string()),
  clearances: z.array(z.string()),
  requiresTwoFactor: z.boolean(),
  aggregatesOnly: z.boolean(),
  builtIn: z.boolean(),
  agencyId: z.uuid().nullable(),
  version: z.number().int(),
});
export type RoleOut = z.infer<typeof roleSchema>;

export const catalogueSchema = z.object({
  permissions: z.array(z.string()),
  scopes: z.array(z.string()),
  sensitivityClasses: z.array(z.string()),
});

const fields = {
  name: localized(100),
  purpose: localized(300),
  scope: z.enum(SCOPES),
  permissions: z.array(permission).max(ALL_PERMISSIONS.length * 2),
  clearances: z.array(z.enum(SENSITIVITY_CLASSES)).max(SENSITIVITY_CLASSES.length * 2),
  requiresTwoFactor: z.boolean(),
  aggregatesOnly: z.boolean(),
};

export const createRoleBody = z.strictObject({
  key: z.string().regex(ROLE_KEY_PATTERN, 'snake_case: minúsculas, dígitos y guion bajo; 2 a 63 caracteres'),
  ...fields,
  clearances: fields.clearances.default([]),
  requiresTwoFactor: fields.requiresTwoFactor.default(false),
  aggregatesOnly: fields.aggregatesOnly.default(false),
});
export type CreateRoleInput = z.infer<typeof createRoleBody>;

export const updateRoleBody = z.strictObject({
  name: fields.name.optional(),
  purpose: fields.purpose.optional(),
  scope: fields.scope.optional(),
  permissions: fields.permissions.optional(),
  clearances: fields.clearances.optional(),
  requiresTwoFactor: fields.requiresTwoFactor.optional(),
  aggregatesOnly: fields.aggregatesOnly.optional(),
});
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;
