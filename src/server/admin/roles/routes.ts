import { z } from 'zod';
import { ALL_PERMISSIONS, SCOPES, SENSITIVITY_CLASSES } from '../../../core/access/catalogue.ts';
import { changedFields } from '../../platform/audit/audit-writer.ts';
import { givenColumns } from '../../platform/db/rows.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { createRoute, getRoute, updateRoute, type AdminRecord } from '../records.ts';
import { agencyOf, auditList, deny, nextVersion, throwIfAny, unlessTaken } from '../shared.ts';
import { catalogueSchema, createRoleBody, roleSchema, updateRoleBody, type RoleOut } from './schemas.ts';
import { checkRoleDefinition, distinctSorted, endHoldersSessions, PRIVILEGE_FIELDS } from './service.ts';
import { findRole, listRoles, presentRole, roleColumns, type RoleRow } from './store.ts';

const tags = ['administration'];
const KEY_TAKEN = 'Ya existe un rol con esa clave.';

const role: AdminRecord<RoleRow, RoleOut> = {
  resourceType: 'role',
  url: '/api/roles',
  label: 'El rol',
  schema: roleSchema,
  find: findRole,
  present: (_ctx, rows) => rows.map(presentRole),
};

const list = defineRoute({
  method: 'GET',
  url: '/api/roles',
  summary: 'Roles: los compartidos y los propios de la agencia',
  tags,
  policy: { permission: 'role:read' },
  schema: { response: z.object({ items: z.array(roleSchema) }) },
  handler: async (ctx) => {
    const items = (await listRoles(ctx.db, agencyOf(ctx))).map(presentRole);
    await auditList(
      ctx,
      'role',
      items.map((r) => r.id),
      {},
    );
    return { items };
  },
});

const catalogue = defineRoute({
  method: 'GET',
  url: '/api/roles/catalogue',
  summary: 'Permisos, alcances y clases de sensibilidad con que se definen los roles',
  tags,
  policy: { permission: 'role:read' },
  schema: { response: catalogueSchema },
  handler: async () => ({
    permissions: ALL_PERMISSIONS,
    scopes: [...SCOPES],
    sensitivityClasses: [...SENSITIVITY_CLASSES],
  }),
});

const get = getRoute(role, { summary: 'Un rol', permission: 'role:read' });

const create = createRoute(role, {
  summary: 'Crear un rol propio de la agencia',
  permission: 'role:manage',
  body: createRoleBody,
  insert: async (ctx, body) => {
    const permissions = distinctSorted(body.permissions);
    const clearances = distinctSorted(body.clearances);
    const errors: FieldError[] = [];
    await checkRoleDefinition(ctx, { ...body, permissions }, errors);
    throwIfAny(errors);
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('role')
          .values({
            key: body.key,
            name_es: body.name['es-GT'],
            name_en: body.name.en,
            purpose_es: body.purpose['es-GT'],
            purpose_en: body.purpose.en,
            scope: body.scope,
            permissions,
            clearances,
            requires_two_factor: body.requiresTwoFactor,
            aggregates_only: body.aggregatesOnly,
            built_in: false,
            agency_id: ctx.actor.agencyId,
          })
          .returning(roleColumns)
          .executeTakeFirstOrThrow(),
      'body.key',
      KEY_TAKEN,
    );
    return { row, details: { key: row.key, configuration: true } };
  },
});

/** A role update with its permission and clearance lists in one canonical order. */
const normalised = <T extends { permissions?: string[]; clearances?: string[] }>(body: T): T => ({
  ...body,
  ...(body.permissions && { permissions: distinctSorted(body.permissions) }),
  ...(body.clearances && { clearances: distinctSorted(body.clearances) }),
});

const update = updateRoute(role, {
  summary: 'Modificar un rol (If-Match); cambiar sus permisos cierra las sesiones de quienes lo tienen',
  permission: 'role:manage',
  body: updateRoleBody,
  guard: async (ctx, row) => {
    if (row.agency_id === null && ctx.grant.scope !== 'all')
      await deny(ctx, 'Los roles compartidos solo los cambia la administración de toda la instalación.');
  },
  changes: (before, body) =>
    changedFields(
      {
        ...before,
        permissions: distinctSorted(before.permissions),
        clearances: distinctSorted(before.clearances),
      },
      normalised(body),
    ),
  apply: async (ctx, row, body, changed, before) => {
    const after = normalised(body);
    const errors: FieldError[] = [];
    await checkRoleDefinition(ctx, { ...before, ...after }, errors);
    throwIfAny(errors);
    const updated = await ctx.db
      .updateTable('role')
      .set({
        ...(after.name && { name_es: after.name['es-GT'], name_en: after.name.en }),
        ...(after.purpose && { purpose_es: after.purpose['es-GT'], purpose_en: after.purpose.en }),
        ...givenColumns(after, {
          scope: 'scope',
          permissions: 'permissions',
          clearances: 'clearances',
          requiresTwoFactor: 'requires_two_factor',
          aggregatesOnly: 'aggregates_only',
        }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .returning(roleColumns)
      .executeTakeFirstOrThrow();
    const privilegeChanged = changed.some((f) => (PRIVILEGE_FIELDS as readonly string[]).includes(f));
    const sessionsEnded = privilegeChanged ? await endHoldersSessions(ctx, row.id) : 0;
    return { row: updated, details: { key: row.key, configuration: true, sessionsEnded } };
  },
});

export const roleRoutes = [list, catalogue, get, create, update];
