import { changedFields } from '../../platform/audit/audit-writer.ts';
import { offsetOf, paginated } from '../../platform/http/pagination.ts';
import { notFound } from '../../platform/http/problem.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import {
  agencyOf,
  auditList,
  auditRead,
  idParams,
  agencyFilter,
  nextVersion,
  targetAgency,
  unlessTaken,
} from '../shared.ts';
import { createProgrammeBody, programmeListQuery, programmeSchema, updateProgrammeBody } from './schemas.ts';
import { findProgramme, listProgrammes, presentProgramme, programmeColumns } from './store.ts';

const tags = ['administration'];
const NAME_TAKEN = 'La agencia ya tiene un programa con ese nombre.';

async function programmeOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findProgramme(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound('El programa');
  return row;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/programmes',
  summary: 'Programas de la agencia (o de una agencia, con alcance global)',
  tags,
  policy: { permission: 'programme:read' },
  schema: { querystring: programmeListQuery, response: paginated(programmeSchema) },
  handler: async (ctx, { query }) => {
    const { rows, total } = await listProgrammes(
      ctx.db,
      { agencyIds: agencyFilter(ctx, query.agencyId), active: query.active },
      { limit: query.pageSize, offset: offsetOf(query) },
    );
    const items = rows.map(presentProgramme);
    await auditList(
      ctx,
      'programme',
      items.map((p) => p.id),
      query,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/programmes/:id',
  summary: 'Un programa',
  tags,
  policy: { permission: 'programme:read' },
  schema: { params: idParams, response: programmeSchema },
  handler: async (ctx, { params }) => {
    const row = await programmeOrNotFound(ctx, params.id);
    await auditRead(ctx, 'programme', row.id, row.version);
    return presentProgramme(row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/programmes',
  summary: 'Crear un programa',
  tags,
  status: 201,
  policy: { permission: 'programme:manage' },
  schema: { body: createProgrammeBody, response: programmeSchema },
  handler: async (ctx, { body }) => {
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
    await ctx.audit({
      action: 'programme.created',
      resourceType: 'programme',
      resourceIds: [row.id],
      details: { fields: Object.keys(body), agencyId },
    });
    setEtag(ctx.reply, row.version);
    return presentProgramme(row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/programmes/:id',
  summary: 'Modificar un programa (If-Match)',
  tags,
  policy: { permission: 'programme:manage' },
  schema: { params: idParams, body: updateProgrammeBody, response: programmeSchema },
  handler: async (ctx, { params, body }) => {
    const row = await programmeOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    const before = presentProgramme(row);
    const changed = changedFields(before, body);
    if (changed.length === 0) {
      setEtag(ctx.reply, row.version);
      return before;
    }
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('programme')
          .set({
            ...(body.name !== undefined && { name: body.name }),
            ...(body.active !== undefined && { active: body.active }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(programmeColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await ctx.audit({
      action: 'programme.updated',
      resourceType: 'programme',
      resourceIds: [row.id],
      details: { changedFields: changed },
    });
    setEtag(ctx.reply, updated.version);
    return presentProgramme(updated);
  },
});

export const programmeRoutes = [list, get, create, update];
