import { offsetOf, paginated } from '../../platform/http/pagination.ts';
import { notFound } from '../../platform/http/problem.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { agencyOf, auditList, auditRead, idParams, agencyFilter } from '../shared.ts';
import { createdUserSchema, createUserBody, updateUserBody, userListQuery, userSchema } from './schemas.ts';
import { createUser, deactivateUser, presentOne, reactivateUser, updateUser } from './service.ts';
import { findUser, listUsers, presentUsers } from './store.ts';

const tags = ['administration'];

async function userOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findUser(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound('La persona usuaria');
  return row;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/users',
  summary: 'Personas usuarias de la agencia; búsqueda por usuario o nombre sin importar tildes',
  tags,
  policy: { permission: 'user:read' },
  schema: { querystring: userListQuery, response: paginated(userSchema) },
  handler: async (ctx, { query }) => {
    const { rows, total } = await listUsers(
      ctx.db,
      { agencyIds: agencyFilter(ctx, query.agencyId), active: query.active, q: query.q },
      { limit: query.pageSize, offset: offsetOf(query) },
    );
    const items = await presentUsers(ctx.db, rows);
    await auditList(
      ctx,
      'user',
      items.map((u) => u.id),
      query,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/users/:id',
  summary: 'Una persona usuaria',
  tags,
  policy: { permission: 'user:read' },
  schema: { params: idParams, response: userSchema },
  handler: async (ctx, { params }) => {
    const row = await userOrNotFound(ctx, params.id);
    await auditRead(ctx, 'user', row.id, row.version);
    return presentOne(ctx, row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/users',
  summary: 'Crear una persona usuaria; devuelve el enlace de un solo uso con que define su contraseña',
  tags,
  status: 201,
  policy: { permission: 'user:create' },
  schema: { body: createUserBody, response: createdUserSchema },
  handler: async (ctx, { body }) => createUser(ctx, body),
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/users/:id',
  summary: 'Modificar nombre, idioma, roles o equipos (If-Match); cambiar roles cierra sus sesiones',
  tags,
  policy: { permission: 'user:update' },
  schema: { params: idParams, body: updateUserBody, response: userSchema },
  handler: async (ctx, { params, body }) => updateUser(ctx, await userOrNotFound(ctx, params.id, true), body),
});

const deactivate = defineRoute({
  method: 'POST',
  url: '/api/users/:id/deactivate',
  summary: 'Desactivar una cuenta (nunca se borra) y cerrar sus sesiones',
  tags,
  policy: { permission: 'user:deactivate' },
  schema: { params: idParams, response: userSchema },
  handler: async (ctx, { params }) => deactivateUser(ctx, await userOrNotFound(ctx, params.id, true)),
});

const reactivate = defineRoute({
  method: 'POST',
  url: '/api/users/:id/reactivate',
  summary: 'Reactivar una cuenta desactivada',
  tags,
  policy: { permission: 'user:deactivate' },
  schema: { params: idParams, response: userSchema },
  handler: async (ctx, { params }) => reactivateUser(ctx, await userOrNotFound(ctx, params.id, true)),
});

export const userRoutes = [list, get, create, update, deactivate, reactivate];
