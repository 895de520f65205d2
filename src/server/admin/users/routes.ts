import { defineRoute } from '../../platform/http/route.ts';
import { getRoute, listRoute, recordOrNotFound, type AdminRecord } from '../records.ts';
import { idParams } from '../shared.ts';
import {
  createdUserSchema,
  createUserBody,
  updateUserBody,
  userListQuery,
  userSchema,
  type UserOut,
} from './schemas.ts';
import { createUser, deactivateUser, reactivateUser, updateUser } from './service.ts';
import { findUser, listUsers, presentUser, type UserRow } from './store.ts';

const tags = ['administration'];

const user: AdminRecord<UserRow, UserOut> = {
  resourceType: 'user',
  url: '/api/users',
  label: 'La persona usuaria',
  schema: userSchema,
  find: findUser,
  present: (_ctx, rows) => Promise.resolve(rows.map(presentUser)),
};

const list = listRoute(user, {
  summary: 'Personas usuarias de la agencia; búsqueda por usuario o nombre sin importar tildes',
  permission: 'user:read',
  query: userListQuery,
  list: listUsers,
});

const get = getRoute(user, { summary: 'Una persona usuaria', permission: 'user:read' });

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
  handler: async (ctx, { params, body }) =>
    updateUser(ctx, await recordOrNotFound(ctx, user, params.id, true), body),
});

const deactivate = defineRoute({
  method: 'POST',
  url: '/api/users/:id/deactivate',
  summary: 'Desactivar una cuenta (nunca se borra) y cerrar sus sesiones',
  tags,
  policy: { permission: 'user:deactivate' },
  schema: { params: idParams, response: userSchema },
  handler: async (ctx, { params }) => deactivateUser(ctx, await recordOrNotFound(ctx, user, params.id, true)),
});

const reactivate = defineRoute({
  method: 'POST',
  url: '/api/users/:id/reactivate',
  summary: 'Reactivar una cuenta desactivada',
  tags,
  policy: { permission: 'user:deactivate' },
  schema: { params: idParams, response: userSchema },
  handler: async (ctx, { params }) => reactivateUser(ctx, await recordOrNotFound(ctx, user, params.id, true)),
});

export const userRoutes = [list, get, create, update, deactivate, reactivate];
