import { changedFields } from '../../platform/audit/audit-writer.ts';
import { offsetOf, paginated } from '../../platform/http/pagination.ts';
import { notFound } from '../../platform/http/problem.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import { agencyOf, auditList, auditRead, deny, idParams, nextVersion, unlessTaken } from '../shared.ts';
import {
  agencyListQuery,
  agencySchema,
  createAgencyBody,
  updateAgencyBody,
  type AgencyOut,
} from './schemas.ts';
import { findAgency, listAgencies, presentAgency } from './store.ts';

const tags = ['administration'];
const NAME_TAKEN = 'Ya existe una agencia con ese nombre.';

async function agencyOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findAgency(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound('La agencia');
  return row;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/agencies',
  summary: 'Agencias (la propia, o todas con alcance global)',
  tags,
  policy: { permission: 'agency:read' },
  schema: { querystring: agencyListQuery, response: paginated(agencySchema) },
  handler: async (ctx, { query }) => {
    const { rows, total } = await listAgencies(
      ctx.db,
      { confinedTo: agencyOf(ctx), active: query.active },
      { limit: query.pageSize, offset: offsetOf(query) },
    );
    const items = rows.map(presentAgency);
    await auditList(
      ctx,
      'agency',
      items.map((a) => a.id),
      query,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/agencies/:id',
  summary: 'Una agencia',
  tags,
  policy: { permission: 'agency:read' },
  schema: { params: idParams, response: agencySchema },
  handler: async (ctx, { params }) => {
    const row = await agencyOrNotFound(ctx, params.id);
    await auditRead(ctx, 'agency', row.id, row.version);
    return presentAgency(row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/agencies',
  summary: 'Crear una agencia (requiere alcance global)',
  tags,
  status: 201,
  policy: { permission: 'agency:manage' },
  schema: { body: createAgencyBody, response: agencySchema },
  handler: async (ctx, { body }) => {
    if (ctx.grant.scope !== 'all')
      return deny(ctx, 'Solo la administración de toda la instalación crea agencias.');
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('agency')
          .values({ name: body.name, short_name: body.shortName ?? null, org_type: body.orgType })
          .returning(['id', 'name', 'short_name', 'org_type', 'active', 'version'])
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await ctx.audit({
      action: 'agency.created',
      resourceType: 'agency',
      resourceIds: [row.id],
      details: { fields: Object.keys(body) },
    });
    setEtag(ctx.reply, row.version);
    return presentAgency(row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/agencies/:id',
  summary: 'Modificar una agencia (If-Match)',
  tags,
  policy: { permission: 'agency:manage' },
  schema: { params: idParams, body: updateAgencyBody, response: agencySchema },
  handler: async (ctx, { params, body }) => {
    const row = await agencyOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    const before: AgencyOut = presentAgency(row);
    const changed = changedFields(before, body);
    if (changed.length === 0) {
      setEtag(ctx.reply, row.version);
      return before;
    }
    if (changed.includes('active') && ctx.grant.scope !== 'all')
      return deny(ctx, 'Solo la administración de toda la instalación activa o desactiva agencias.');
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('agency')
          .set({
            ...(body.name !== undefined && { name: body.name }),
            ...(body.shortName !== undefined && { short_name: body.shortName }),
            ...(body.orgType !== undefined && { org_type: body.orgType }),
            ...(body.active !== undefined && { active: body.active }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(['id', 'name', 'short_name', 'org_type', 'active', 'version'])
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await ctx.audit({
      action: 'agency.updated',
      resourceType: 'agency',
      resourceIds: [row.id],
      details: { changedFields: changed },
    });
    setEtag(ctx.reply, updated.version);
    return presentAgency(updated);
  },
});

export const agencyRoutes = [list, get, create, update];
