import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { changedFields } from '../platform/audit/audit-writer.ts';
import { conflict, unlessTaken } from '../admin/shared.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { notFound, validationProblem } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import type { Policy } from '../platform/policy/policy.ts';
import {
  countrySchema,
  createLanguageBody,
  createPlaceBody,
  createPuebloBody,
  entryListParams,
  entryListQuery,
  entryPage,
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
import {
  entryExists,
  findEntryForUpdate,
  insertLanguage,
  insertPlace,
  insertPueblo,
  SELECT,
  TABLE_OF,
  updateEntry,
  type Filter,
} from './store.ts';

const tags = ['reference'];

/**
 * The lists are the same for every agency: changing them is configuration of the whole installation, so it
 * takes setting:manage at scope `all` — an administrator confined to one agency may browse them, not change
 * them (refused and audited at the authorization point).
 */
const MANAGE = { permission: 'setting:manage', scope: 'all' } as const satisfies Policy;
const mayManage = (ctx: Context) => ctx.actor.grants.get('setting:manage')?.scope === 'all';

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
  policy: MANAGE,
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

/** The administration screen: one page of a list, searched by code or name, and whether it may be changed. */
const browse = defineRoute({
  method: 'GET',
  url: '/api/reference/:list/entries',
  summary: 'Entradas de una lista de referencia, por páginas y con búsqueda (administración)',
  tags,
  policy: { permission: 'setting:read' },
  schema: { params: entryListParams, querystring: entryListQuery, response: entryPage },
  handler: async (ctx, { params, query }) => {
    const all = await SELECT[params.list](ctx.db, { active: query.active, search: query.q });
    const start = offsetOf(query);
    return {
      items: all.slice(start, start + query.pageSize),
      total: all.length,
      page: query.page,
      pageSize: query.pageSize,
      editable: mayManage(ctx),
    };
  },
});

const CODE_TAKEN = 'Ya existe una entrada con ese código.';

/** POST /api/reference/<list>: a new entry, audited as a configuration change. */
function createRoute<B extends z.ZodType<{ code: string }>>(
  list: 'places' | 'languages' | 'pueblos',
  summary: string,
  body: B,
  response: z.ZodType<EntryOut>,
  spec: {
    check: (ctx: Context, body: z.output<B>) => Promise<void>;
    insert: (ctx: Context, body: z.output<B>) => Promise<EntryOut>;
  },
) {
  return defineRoute({
    method: 'POST',
    url: `/api/reference/${list}`,
    summary,
    tags,
    status: 201,
    policy: MANAGE,
    schema: { body, response },
    handler: async (ctx, input) => {
      const entry = input.body as z.output<B>;
      await spec.check(ctx, entry);
      if (await entryExists(ctx.db, list, entry.code)) throw conflict('body.code', CODE_TAKEN);
      const created = await unlessTaken(() => spec.insert(ctx, entry), 'body.code', CODE_TAKEN);
      await ctx.audit({
        action: 'reference.created',
        resourceType: TABLE_OF[list],
        resourceIds: [created.code],
        details: { category: 'configuration', list, entry: input.body as Record<string, unknown> },
      });
      setEtag(ctx.reply, created.version);
      return created;
    },
  });
}

const createPlace = createRoute(
  'places',
  'Agregar un municipio nuevo (código INE de cuatro dígitos)',
  createPlaceBody,
  placeSchema,
  {
    check: async (ctx, body) => {
      const [department] = await SELECT.places(ctx.db, { code: body.code.slice(0, 2) });
      if (!department || (department as z.output<typeof placeSchema>).kind !== 'department')
        throw validationProblem([
          {
            field: 'body.code',
            code: 'unknown_department',
            message: 'Los dos primeros dígitos deben ser el código de un departamento.',
          },
        ]);
    },
    insert: (ctx, body) => insertPlace(ctx.db, body, ctx.actor.userId),
  },
);

const createLanguage = createRoute(
  'languages',
  'Agregar un idioma (código ISO 639-3)',
  createLanguageBody,
  languageSchema,
  {
    check: async (ctx, body) => {
      if (body.pueblo && !(await entryExists(ctx.db, 'pueblos', body.pueblo)))
        throw validationProblem([
          { field: 'body.pueblo', code: 'unknown_pueblo', message: 'El pueblo no existe.' },
        ]);
    },
    insert: (ctx, body) => insertLanguage(ctx.db, body, ctx.actor.userId),
  },
);

const createPueblo = createRoute('pueblos', 'Agregar un pueblo', createPuebloBody, puebloSchema, {
  check: async () => undefined,
  insert: (ctx, body) => insertPueblo(ctx.db, body, ctx.actor.userId),
});

export const referenceRoutes = [
  places,
  languages,
  pueblos,
  countries,
  browse,
  update,
  createPlace,
  createLanguage,
  createPueblo,
];
