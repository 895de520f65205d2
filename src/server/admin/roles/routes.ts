import { z } from 'zod';
import { ALL_PERMISSIONS, SCOPES, SENSITIVITY_CLASSES } from '../../../core/access/catalogue.ts';
import { changedFields } from '../../platform/audit/audit-writer.ts';
import { notFound, type FieldError } from '../../platform/http/problem.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import {
  agencyOf,
  auditList,
  auditRead,
  deny,
  idParams,
  nextVersion,
  throwIfAny,
  unlessTaken,
} from '../shared.ts';
import { catalogueSchema, createRoleBody, roleSchema, updateRoleBody } from './schemas.ts';
import { checkRoleDefinition, distinctSorted, endHoldersSessions, PRIVILEGE_FIELDS } from './service.ts';
import { findRole, listRoles, presentRole, roleColumns } from './store.ts';

const tags = ['administration'];
const KEY_TAKEN = 'Ya existe un rol con esa clave.';

async function roleOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findRole(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound('El rol');
  return row;
}

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

const get = defineRoute({
  method: 'GET',
  url: '/api/roles/:id',
  summary: 'Un rol',
  tags,
  policy: { permission: 'role:read' },
  schema: { params: idParams, response: roleSchema },
  handler: async (ctx, { params }) => {
    const row = await roleOrNotFound(ctx, params.id);
    await auditRead(ctx, 'role', row.id, row.version);
    return presentRole(row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/roles',
  summary: 'Crear un rol propio de la agencia',
  tags,
  status: 201,
  policy: { permission: 'role:manage' },
  schema: { body: createRoleBody, response: roleSchema },
  handler: async (ctx, { body }) => {
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
    await ctx.audit({
      action: 'role.created',
      resourceType: 'role',
      resourceIds: [row.id],
      details: { key: row.key, fields: Object.keys(body), configuration: true },
    });
    setEtag(ctx.reply, row.version);
    return presentRole(row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/roles/:id',
  summary: 'Modificar un rol (If-Match); cambiar sus permisos cierra las sesiones de quienes lo tienen',
  tags,
  policy: { permission: 'role:manage' },
  schema: { params: idParams, body: updateRoleBody, response: roleSchema },
  handler: async (ctx, { params, body }) => {
    const row = await roleOrNotFound(ctx, params.id, true);
    if (row.agency_id === null && ctx.grant.scope !== 'all')
      return deny(ctx, 'Los roles compartidos solo los cambia la administración de toda la instalación.');
    requireVersion(ctx.request, row.version);
    const before = presentRole(row);
    const after = {
      ...body,
      ...(body.permissions && { permissions: distinctSorted(body.permissions) }),
      ...(body.clearances && { clearances: distinctSorted(body.clearances) }),
    };
    const changed = changedFields(
      {
        ...before,
        permissions: distinctSorted(before.permissions),
        clearances: distinctSorted(before.clearances),
      },
      after,
    );
    if (changed.length === 0) {
      setEtag(ctx.reply, row.version);
      return before;
    }
    const errors: FieldError[] = [];
    await checkRoleDefinition(ctx, { ...before, ...after }, errors);
    throwIfAny(errors);
    const updated = await ctx.db
      .updateTable('role')
      .set({
        ...(after.name && { name_es: after.name['es-GT'], name_en: after.name.en }),
        ...(after.purpose && { purpose_es: after.purpose['es-GT'], purpose_en: after.purpose.en }),
        ...(after.scope !== undefined && { scope: after.scope }),
        ...(after.permissions !== undefined && { permissions: after.permissions }),
        ...(after.clearances !== undefined && { clearances: after.clearances }),
        ...(after.requiresTwoFactor !== undefined && { requires_two_factor: after.requiresTwoFactor }),
        ...(after.aggregatesOnly !== undefined && { aggregates_only: after.aggregatesOnly }),
        ...nextVersion(),
      })
      .where('id', '=', row.id)
      .returning(roleColumns)
      .executeTakeFirstOrThrow();
    const privilegeChanged = changed.some((f) => (PRIVILEGE_FIELDS as readonly string[]).includes(f));
    const sessionsEnded = privilegeChanged ? await endHoldersSessions(ctx, row.id) : 0;
    await ctx.audit({
      action: 'role.updated',
      resourceType: 'role',
      resourceIds: [row.id],
      details: { key: row.key, changedFields: changed, configuration: true, sessionsEnded },
    });
    setEtag(ctx.reply, updated.version);
    return presentRole(updated);
  },
});

export const roleRoutes = [list, catalogue, get, create, update];
