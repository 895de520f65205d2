import { z } from 'zod';
import type { FormDefinition } from '../../core/forms/definition.ts';
import { formDefinitionSchema, localisedSchema } from '../../core/forms/definition-schema.ts';
import type { Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute } from '../platform/http/route.ts';
import './tables.ts';

/** Published form definitions: read by the browser's renderer, used by the server to validate answers. */

// A stored (key, version) never changes, so a parsed definition can be kept for the life of the process.
const cache = new Map<string, FormDefinition>();

/** A definition by key and version, published or not (an assessment's own version is always served). */
export async function definitionAt(
  db: Executor,
  key: string,
  version: number,
): Promise<FormDefinition | undefined> {
  const id = `${key}@${version}`;
  const cached = cache.get(id);
  if (cached) return cached;
  const row = await db
    .selectFrom('form_definition')
    .select('definition')
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row) cache.set(id, row.definition);
  return row?.definition;
}

/** The latest published version of a form, or the given version if it is published. */
export async function publishedDefinition(
  db: Executor,
  key: string,
  version?: number,
): Promise<FormDefinition | undefined> {
  let query = db
    .selectFrom('form_definition')
    .select('version')
    .where('key', '=', key)
    .where('published_at', 'is not', null);
  if (version !== undefined) query = query.where('version', '=', version);
  const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? definitionAt(db, key, row.version) : undefined;
}

const tags = ['assessments'];

const formSummary = z.object({
  key: z.string(),
  version: z.number().int(),
  title: localisedSchema,
  help: localisedSchema.optional(),
  publishedAt: z.string(),
});

const list = defineRoute({
  method: 'GET',
  url: '/api/forms',
  summary: 'Formularios de evaluación publicados (la versión vigente de cada uno)',
  tags,
  policy: { permission: 'assessment:read' },
  schema: { response: z.object({ items: z.array(formSummary) }) },
  handler: async (ctx) => {
    const rows = await ctx.db
      .selectFrom('form_definition')
      .select(['key', 'version', 'definition', 'published_at'])
      .distinctOn('key')
      .where('published_at', 'is not', null)
      .orderBy('key')
      .orderBy('version', 'desc')
      .execute();
    return {
      items: rows.map((row) => ({
        key: row.key,
        version: row.version,
        title: row.definition.title,
        ...(row.definition.help && { help: row.definition.help }),
        publishedAt: row.published_at!.toISOString(),
      })),
    };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/forms/:key',
  summary: 'Un formulario: la versión vigente, o la indicada (la de una evaluación ya hecha)',
  tags,
  policy: { permission: 'assessment:read' },
  schema: {
    params: z.object({ key: z.string().max(64) }),
    querystring: z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
    response: formDefinitionSchema,
  },
  handler: async (ctx, { params, query }) => {
    // A version asked for by number is served published or not: old assessments keep theirs.
    const definition =
      query.version === undefined
        ? await publishedDefinition(ctx.db, params.key)
        : await definitionAt(ctx.db, params.key, query.version);
    if (!definition) throw notFound('El formulario');
    return definition;
  },
});

export const formRoutes = [list, get];
