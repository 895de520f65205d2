import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { changedFields } from '../platform/audit/audit-writer.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import {
  countrySchema,
  entryParams,
  entrySchema,
  languageSchema,
  listOf,
  listQuery,
  placeListQuery,
  placeSchema,
  puebloSchema,
  updateEntryBody,
  type EntryOut,
} from './schemas.ts';
import { findEntryForUpdate, SELECT, TABLE_OF, updateEntry, type Filter } from './store.ts';

const tags = ['reference'];

/**
 * The lists change rarely: each response carries a validator derived from its content, so a client can keep
 * its copy and tell whether it changed. Reading a list is not audited: it holds no one's data.
 */
function withContentTag<T>(ctx: Context, items: T[]): { items: T[] } {
  const digest = createHash('sha256').update(JSON.stringify(items)).digest('base64url').slice(0, 22);
  ctx.reply.header('ETag', `"${digest}"`);
  // Per user (private) and revalidated after an hour; the session cookie still guards every fetch.
  ctx.reply.header('Cache-Control', 'private, max-age=3600');
  return { items };
}

function listRoute<S extends z.ZodType<EntryOut>>(
  list: keyof typeof TABLE_OF,
  summary: string,
  item: S,
  querystring: z.ZodType<Omit<Filter, 'code' | 'forUpdate'>> = listQuery,
) {
  return defineRoute({
    method: 'GET',
    url: `/api/reference/${list}`,
    summary,
    tags,
    policy: { self: true },
    schema: { querystring, response: listOf(item) },
    handler: async (ctx, { query }) =>
      withContentTag(ctx, (await SELECT[list](ctx.db, query)) as z.output<S>[]),
  });
}

const places = listRoute(
  'places',
  'Departamentos y municipios (código INE, p-code y centroide)',
  placeSchema,
  placeListQuery,
);
const languages = listRoute('languages', 'Idiomas (ISO 639-3) con su comunidad lingüística', languageSchema);
const pueblos = listRoute('pueblos', 'Pueblos del censo', puebloSchema);
const countries = listRoute('countries', 'Países (ISO 3166-1)', countrySchema);

const update = defineRoute({
  method: 'PATCH',
  url: '/api/reference/:list/:code',
  summary: 'Cambiar el nombre de una entrada de una lista de referencia o desactivarla (If-Match)',
  tags,
  policy: { permission: 'setting:manage' },
  schema: { params: entryParams, body: updateEntryBody, response: entrySchema },
  handler: async (ctx, { params, body }) => {
    const before = await findEntryForUpdate(ctx.db, params.list, params.code);
    if (!before) throw notFound('La entrada');
    requireVersion(ctx.request, before.version);
    const changed = changedFields(before, body);
    if (changed.length === 0) {
      setEtag(ctx.reply, before.version);
      return before;
    }
    const after = await updateEntry(ctx.db, params.list, params.code, body, ctx.actor.userId);
    await ctx.audit({
      action: 'reference.updated',
      resourceType: TABLE_OF[params.list],
      resourceIds: [params.code],
      details: {
        category: 'configuration',
        list: params.list,
        changes: Object.fromEntries(
          changed.map((field) => [
            field,
            {
              from: before[field as keyof EntryOut],
              to: after[field as keyof EntryOut],
            },
          ]),
        ),
      },
    });
    setEtag(ctx.reply, after.version);
    return after;
  },
});

export const referenceRoutes = [places, languages, pueblos, countries, update];
