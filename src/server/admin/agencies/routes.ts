import { givenColumns } from '../../platform/db/rows.ts';
import { createRoute, getRoute, listRoute, updateRoute, type AdminRecord } from '../records.ts';
import { deny, nextVersion, unlessTaken } from '../shared.ts';
import {
  agencyListQuery,
  agencySchema,
  createAgencyBody,
  updateAgencyBody,
  type AgencyOut,
} from './schemas.ts';
import { agencyColumns, findAgency, listAgencies, presentAgency, type AgencyRow } from './store.ts';

const NAME_TAKEN = 'Ya existe una agencia con ese nombre.';

const agency: AdminRecord<AgencyRow, AgencyOut> = {
  resourceType: 'agency',
  url: '/api/agencies',
  label: 'La agencia',
  schema: agencySchema,
  find: findAgency,
  present: (_ctx, rows) => rows.map(presentAgency),
};

const list = listRoute(agency, {
  summary: 'Agencias (la propia, o todas con alcance global)',
  permission: 'agency:read',
  query: agencyListQuery,
  list: listAgencies,
});

const get = getRoute(agency, { summary: 'Una agencia', permission: 'agency:read' });

const create = createRoute(agency, {
  summary: 'Crear una agencia (requiere alcance global)',
  permission: 'agency:manage',
  body: createAgencyBody,
  insert: async (ctx, body) => {
    if (ctx.grant.scope !== 'all')
      return deny(ctx, 'Solo la administración de toda la instalación crea agencias.');
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('agency')
          .values({ name: body.name, short_name: body.shortName ?? null, org_type: body.orgType })
          .returning(agencyColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    return { row };
  },
});

const update = updateRoute(agency, {
  summary: 'Modificar una agencia (If-Match)',
  permission: 'agency:manage',
  body: updateAgencyBody,
  apply: async (ctx, row, body, changed) => {
    if (changed.includes('active') && ctx.grant.scope !== 'all')
      return deny(ctx, 'Solo la administración de toda la instalación activa o desactiva agencias.');
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('agency')
          .set({
            ...givenColumns(body, {
              name: 'name',
              shortName: 'short_name',
              orgType: 'org_type',
              active: 'active',
            }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(agencyColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    return { row: updated };
  },
});

export const agencyRoutes = [list, get, create, update];
