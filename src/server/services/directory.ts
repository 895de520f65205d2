import { sql } from 'kysely';
import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import {
  agencyFilter,
  agencyOf,
  auditList,
  auditRead,
  idParams,
  likePattern,
  listQuery,
  nameField,
  nextVersion,
  unlessTaken,
} from '../admin/shared.ts';
import { changedFields } from '../platform/audit/audit-writer.ts';
import { pageWithCount } from '../platform/db/together.ts';
import { offsetOf, paginated } from '../platform/http/pagination.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { SERVICE_AREAS } from './vocabulary.ts';
import './tables.ts';

/**
 * The agency's directory of service providers: organisations a child is sent to for a service (a health
 * centre, a school, a legal clinic). Agency-owned, like the administrative records, and audited the same way.
 */

const providerColumns = [
  'id',
  'agency_id',
  'name',
  'org_type',
  'area',
  'contact',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

interface ProviderRow {
  id: string;
  agency_id: string;
  name: string;
  org_type: string;
  area: string;
  contact: string | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const serviceProviderSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  name: z.string(),
  orgType: z.enum(ORGANISATION_TYPES),
  area: z.enum(SERVICE_AREAS),
  contact: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
type ProviderOut = z.infer<typeof serviceProviderSchema>;

const contactField = z.string().trim().min(1).max(500).nullable();

const createBody = z.strictObject({
  name: nameField,
  orgType: z.enum(ORGANISATION_TYPES),
  area: z.enum(SERVICE_AREAS),
  contact: contactField.optional(),
});
const updateBody = z.strictObject({
  name: nameField.optional(),
  orgType: z.enum(ORGANISATION_TYPES).optional(),
  area: z.enum(SERVICE_AREAS).optional(),
  contact: contactField.optional(),
  active: z.boolean().optional(),
});
const providerListQuery = z.object({
  ...listQuery,
  area: z.enum(SERVICE_AREAS).optional(),
  /** Part of the name; case and accents are ignored. */
  q: z.string().trim().max(100).optional(),
});

const present = (row: ProviderRow): ProviderOut => ({
  id: row.id,
  agencyId: row.agency_id,
  name: row.name,
  orgType: row.org_type as ProviderOut['orgType'],
  area: row.area as ProviderOut['area'],
  contact: row.contact,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const tags = ['case work'];
const NAME_TAKEN = 'El directorio ya tiene un proveedor con ese nombre.';

async function providerOrNotFound(ctx: Context, id: string, forUpdate = false): Promise<ProviderRow> {
  let query = ctx.db.selectFrom('service_provider').select(providerColumns).where('id', '=', id);
  const agencyId = agencyOf(ctx);
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('El proveedor de servicios');
  return row;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/service-providers',
  summary: 'Directorio de proveedores de servicios de la agencia',
  tags,
  policy: { permission: 'service:read' },
  schema: { querystring: providerListQuery, response: paginated(serviceProviderSchema) },
  handler: async (ctx, { query }) => {
    let base = ctx.db.selectFrom('service_provider');
    for (const agencyId of agencyFilter(ctx, query.agencyId)) base = base.where('agency_id', '=', agencyId);
    if (query.area) base = base.where('area', '=', query.area);
    if (query.active !== undefined) base = base.where('active', '=', query.active);
    if (query.q)
      base = base.where(sql<string>`unaccent(name)`, 'ilike', sql<string>`unaccent(${likePattern(query.q)})`);
    const [rows, count] = await pageWithCount(
      ctx.db,
      base
        .select(providerColumns)
        .orderBy('name')
        .orderBy('id')
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      base.select((eb) => eb.fn.countAll<number>().as('n')),
    );
    await auditList(
      ctx,
      'service_provider',
      rows.map((r) => r.id),
      query,
    );
    return { items: rows.map(present), total: Number(count.n), page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/service-providers/:id',
  summary: 'Un proveedor de servicios',
  tags,
  policy: { permission: 'service:read' },
  schema: { params: idParams, response: serviceProviderSchema },
  handler: async (ctx, { params }) => {
    const row = await providerOrNotFound(ctx, params.id);
    await auditRead(ctx, 'service_provider', row.id, row.version);
    return present(row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/service-providers',
  summary: 'Añadir un proveedor al directorio de la agencia',
  tags,
  status: 201,
  policy: { permission: 'service:write' },
  schema: { body: createBody, response: serviceProviderSchema },
  handler: async (ctx, { body }) => {
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('service_provider')
          .values({
            agency_id: ctx.actor.agencyId,
            name: body.name,
            org_type: body.orgType,
            area: body.area,
            contact: body.contact ?? null,
          })
          .returning(providerColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await ctx.audit({
      action: 'service_provider.created',
      resourceType: 'service_provider',
      resourceIds: [row.id],
      details: { fields: Object.keys(body) },
    });
    setEtag(ctx.reply, row.version);
    return present(row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/service-providers/:id',
  summary: 'Modificar un proveedor del directorio (If-Match)',
  tags,
  policy: { permission: 'service:write' },
  schema: { params: idParams, body: updateBody, response: serviceProviderSchema },
  handler: async (ctx, { params, body }) => {
    const row = await providerOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    const before = present(row);
    const changed = changedFields(before as Record<string, unknown>, body);
    if (changed.length === 0) {
      setEtag(ctx.reply, row.version);
      return before;
    }
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('service_provider')
          .set({
            ...(body.name !== undefined && { name: body.name }),
            ...(body.orgType !== undefined && { org_type: body.orgType }),
            ...(body.area !== undefined && { area: body.area }),
            ...(body.contact !== undefined && { contact: body.contact }),
            ...(body.active !== undefined && { active: body.active }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(providerColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await ctx.audit({
      action: 'service_provider.updated',
      resourceType: 'service_provider',
      resourceIds: [row.id],
      details: { changedFields: changed },
    });
    setEtag(ctx.reply, updated.version);
    return present(updated);
  },
});

export const serviceProviderRoutes = [list, get, create, update];
