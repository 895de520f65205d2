import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { isPermission, type Permission } from '../../../core/access/catalogue.ts';
import { TOKEN_HASH_PURPOSE, TOKEN_PREFIX } from '../../platform/auth/authenticate.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { notFound, validationProblem, type FieldError } from '../../platform/http/problem.ts';
import { requireSession } from '../request.ts';

const tokenItem = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

const TOKEN_COLUMNS = [
  'id',
  'name',
  'scopes',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

const present = (row: {
  id: string;
  name: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}) => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const list = defineRoute({
  method: 'GET',
  url: '/api/me/tokens',
  summary: 'Mis tokens de API (sin el token, que solo se muestra al crearlo)',
  tags: ['me', 'tokens'],
  policy: { self: true },
  schema: { response: z.object({ items: z.array(tokenItem) }) },
  handler: async (ctx) => {
    await requireSession(ctx);
    const rows = await ctx.db
      .selectFrom('api_token')
      .select(TOKEN_COLUMNS)
      .where('user_id', '=', ctx.actor.userId)
      .orderBy('created_at', 'desc')
      .execute();
    return { items: rows.map(present) };
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/me/tokens',
  summary: 'Crear un token de API con permisos limitados y vencimiento',
  tags: ['me', 'tokens'],
  policy: { self: true },
  status: 201,
  schema: {
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      /** Permissions the token may use; each must be one the user holds now. */
      scopes: z.array(z.string().max(100)).min(1).max(100),
      expiresInDays: z.number().int().min(1).max(365),
    }),
    response: z.object({
      /** Shown only now; only its keyed hash is stored. */
      token: z.string(),
      item: tokenItem,
    }),
  },
  handler: async (ctx, { body }) => {
    await requireSession(ctx);
    const errors: FieldError[] = [];
    body.scopes.forEach((scope, index) => {
      if (!isPermission(scope) || !ctx.actor.grants.has(scope)) {
        errors.push({
          field: `body.scopes.${index}`,
          code: 'not_held',
          message: 'Solo puede dar al token permisos que usted tiene.',
        });
      }
    });
    if (errors.length > 0) throw validationProblem(errors);
    const scopes = [...new Set(body.scopes)] as Permission[];
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await ctx.db
      .insertInto('api_token')
      .values({
        user_id: ctx.actor.userId,
        name: body.name,
        token_hash: ctx.services.hasher.hash(TOKEN_HASH_PURPOSE, token),
        scopes,
        expires_at: sql<Date>`now() + ${`${body.expiresInDays} days`}::interval`,
      })
      .returning(TOKEN_COLUMNS)
      .executeTakeFirstOrThrow();
    await ctx.audit({
      action: 'me.token_created',
      resourceType: 'api_token',
      resourceIds: [row.id],
      details: { scopes, expiresAt: row.expires_at.toISOString() },
    });
    return { token, item: present(row) };
  },
});

const revoke = defineRoute({
  method: 'DELETE',
  url: '/api/me/tokens/:id',
  summary: 'Revocar uno de mis tokens de API',
  tags: ['me', 'tokens'],
  policy: { self: true },
  status: 204,
  schema: { params: z.object({ id: z.uuid() }) },
  handler: async (ctx, { params }) => {
    await requireSession(ctx);
    const row = await ctx.db
      .selectFrom('api_token')
      .select(['id', 'revoked_at'])
      .where('id', '=', params.id)
      .where('user_id', '=', ctx.actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound('El token');
    if (row.revoked_at) return undefined;
    await ctx.db
      .updateTable('api_token')
      .set({ revoked_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit({ action: 'me.token_revoked', resourceType: 'api_token', resourceIds: [row.id] });
    return undefined;
  },
});

export const tokenRoutes = [list, create, revoke];
