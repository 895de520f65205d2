import { sql } from 'kysely';
import { z } from 'zod';
import { paginationQuery } from '../platform/http/pagination.ts';
import { ProblemError, validationProblem, type FieldError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import { setEtag } from '../platform/http/versioning.ts';
import { scopedAgency } from '../platform/policy/authorize.ts';

export const NAME_MAX = 200;

export const idParams = z.object({ id: z.uuid() });

export const nameField = z.string().trim().min(1).max(NAME_MAX);

/** Query-string booleans arrive as text. */
export const booleanQuery = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

export const listQuery = {
  ...paginationQuery,
  active: booleanQuery,
  /** Only for actors whose grant reaches every agency; others are confined to their own regardless. */
  agencyId: z.uuid().optional(),
};

/** The agency an administrative query is confined to (undefined: every agency). */
export const agencyOf = (ctx: Context) => scopedAgency(ctx.scope);

/** Agencies a list is filtered on: the actor's own when confined to it, and the one asked for (if any). */
export const agencyFilter = (ctx: Context, requested: string | undefined): string[] =>
  [agencyOf(ctx), requested].filter((id): id is string => id !== undefined);

/**
 * The agency a new record goes into: the actor's own unless one is named, which only an actor whose grant
 * reaches every agency may do.
 */
export async function targetAgency(ctx: Context, requested: string | undefined): Promise<string> {
  if (!requested || requested === ctx.actor.agencyId) return ctx.actor.agencyId;
  if (agencyOf(ctx)) return deny(ctx, 'Solo puede crear registros en su propia agencia.');
  const agency = await ctx.db
    .selectFrom('agency')
    .select('id')
    .where('id', '=', requested)
    .executeTakeFirst();
  if (!agency)
    throw validationProblem([
      { field: 'body.agencyId', code: 'unknown_agency', message: 'La agencia no existe.' },
    ]);
  return agency.id;
}

/** Refuses an action the route's permission alone does not cover; the refusal is audited and kept. */
export async function deny(ctx: Context, detail: string): Promise<never> {
  await ctx.audit({
    action: 'authz.denied',
    outcome: 'denied',
    details: { route: `${ctx.request.method} ${ctx.request.routeOptions.url}`, reason: 'forbidden' },
  });
  throw new ProblemError('forbidden', detail, { commit: true });
}

export const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

export const conflict = (field: string, detail: string) =>
  new ProblemError('conflict', detail, { errors: [{ field, code: 'taken', message: detail }] });

/** Runs a write that may hit a unique index; maps that to 409 on the given field. */
export async function unlessTaken<T>(write: () => Promise<T>, field: string, detail: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(field, detail);
    throw error;
  }
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw validationProblem(errors);
}

/** The one read event of a single record; sets its ETag. */
export async function auditRead(ctx: Context, resourceType: string, id: string, version: number) {
  setEtag(ctx.reply, version);
  await ctx.audit({ action: `${resourceType}.read`, resourceType, resourceIds: [id] });
}

/** One event for a list: the query and the ids it returned. */
export async function auditList(
  ctx: Context,
  resourceType: string,
  ids: string[],
  query: Record<string, unknown>,
) {
  await ctx.audit({
    action: `${resourceType}.list`,
    resourceType,
    resourceIds: ids,
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) },
  });
}

/** Columns every versioned update sets besides the changes. */
export const nextVersion = () => ({ version: sql<number>`version + 1`, updated_at: sql<Date>`now()` });

/** Escapes LIKE wildcards so a search term matches literally. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
