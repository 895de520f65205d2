import { givenColumns } from '../../platform/db/rows.ts';
import { createRoute, getRoute, listRoute, updateRoute, type AdminRecord } from '../records.ts';
import { nextVersion, targetAgency, unlessTaken } from '../shared.ts';
import {
  createProgrammeBody,
  programmeListQuery,
  programmeSchema,
  updateProgrammeBody,
  type ProgrammeOut,
} from './schemas.ts';
import {
  findProgramme,
  listProgrammes,
  presentProgramme,
  programmeColumns,
  type ProgrammeRow,
} from './store.ts';

const NAME_TAKEN = 'La agencia ya tiene un programa con ese nombre.';

const programme: AdminRecord<ProgrammeRow, ProgrammeOut> = {
  resourceType: 'programme',
  url: '/api/programmes',
  label: 'El programa',
  schema: programmeSchema,
  find: findProgramme,
  present: (_ctx, rows) => rows.map(presentProgramme),
};

const list = listRoute(programme, {
  summary: 'Programas de la agencia (o de una agencia, con alcance global)',
  permission: 'programme:read',
  query: programmeListQuery,
  list: listProgrammes,
});

const get = getRoute(programme, { summary: 'Un programa', permission: 'programme:read' });

const create = createRoute(programme, {
  summary: 'Crear un programa',
  permission: 'programme:manage',
  body: createProgrammeBody,
  insert: async (ctx, body) => {
    const agencyId = await targetAgency(ctx, body.agencyId);
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('programme')
          .values({ agency_id: agencyId, kind: body.kind, name: body.name })
          .returning(programmeColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    return { row, details: { agencyId } };
  },
});

const update = updateRoute(programme, {
  summary: 'Modificar un programa (If-Match)',
  permission: 'programme:manage',
  body: updateProgrammeBody,
  apply: async (ctx, row, body) => {
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('programme')
          .set({
            ...givenColumns(body, { name: 'name', active: 'active' }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(programmeColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    return { row: updated };
  },
});

export const programmeRoutes = [list, get, create, update];
