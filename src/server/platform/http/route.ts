import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ControlledTransaction } from 'kysely';
import type { z } from 'zod';
import type { Actor, Grant } from '../auth/actor.ts';
import { authenticate, CSRF_HEADER } from '../auth/authenticate.ts';
import { writeAuditEvent, writeAuditEvents, type AuditEntry } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import { authorize, ForbiddenError, rowScope, type RowScope } from '../policy/authorize.ts';
import type { Policy } from '../policy/policy.ts';
import type { Config } from '../config.ts';
import type { AppServices } from '../services.ts';
import { ProblemError } from './problem.ts';

type AnyZod = z.ZodType;
type Infer<T> = T extends AnyZod ? z.output<T> : undefined;
/** Without a response schema: nothing (204), or the bytes of a download (its headers set on ctx.reply). */
type Output<T> = T extends AnyZod ? z.output<T> : undefined | Buffer;

interface Schemas {
  params?: AnyZod;
  querystring?: AnyZod;
  body?: AnyZod;
  /** Absent for 204 No Content. */
  response?: AnyZod;
}

export interface Input<S extends Schemas> {
  params: Infer<S['params']>;
  query: Infer<S['querystring']>;
  body: Infer<S['body']>;
}

interface BaseContext {
  /** The request's transaction: everything the handler writes, and its audit events, commit together. */
  db: ControlledTransaction<Database>;
  services: AppServices;
  request: FastifyRequest;
  reply: FastifyReply;
  requestId: string;
  ip: string;
  audit: (entry: AuditEntry) => Promise<void>;
}

export interface Context extends BaseContext {
  actor: Actor;
  grant: Grant;
  /** Rows this request may reach; every scoped store query applies it. */
  scope: RowScope;
}

export interface PublicContext extends BaseContext {
  actor: Actor | undefined;
}

interface RouteCommon<S extends Schemas> {
  method: HTTPMethods;
  url: string;
  summary: string;
  tags: string[];
  schema: S;
  /** 200 unless stated (201 for creations, 204 without a body). */
  status?: 200 | 201 | 202 | 204;
  /**
   * The body is a file's bytes (`application/octet-stream`, `application/pdf` or `image/*`; the declared type is
   * not trusted) of at most this many bytes, handed over as `ctx.request.body` (a Buffer) instead of JSON.
   */
  binaryBody?: { maxBytes: (config: Config) => number };
}

export interface ProtectedRoute<S extends Schemas = Schemas> extends RouteCommon<S> {
  policy: Exclude<Policy, { public: true }>;
  /** Reachable while the session still has to enrol two-factor login (the enrolment routes, /api/me, logout). */
  allowBeforeTwoFactor?: boolean;
  handler: (ctx: Context, input: Input<S>) => Promise<Output<S['response']>>;
}

export interface PublicRoute<S extends Schemas = Schemas> extends RouteCommon<S> {
  policy: { public: true };
  handler: (ctx: PublicContext, input: Input<S>) => Promise<Output<S['response']>>;
}

export type RouteDefinition = ProtectedRoute<any> | PublicRoute<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const defineRoute = <S extends Schemas>(route: ProtectedRoute<S>) => route;
export const definePublicRoute = <S extends Schemas>(route: PublicRoute<S>) => route;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    grant?: Grant;
  }
}

/**
 * Registers routes so that each request follows the one flow of the design. Before the body is even read:
 * authenticate → authorize (so a caller without access learns nothing, not even the schema, and cannot
 * make the server buffer or parse a body it will refuse). Then: body read and validated input → handler
 * (service + scoped store) in one transaction with its audit events → commit → response (already stripped
 * by the handler's presenter).
 */
export function registerRoutes(app: FastifyInstance, services: AppServices, routes: RouteDefinition[]): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  if (routes.some((route) => route.binaryBody)) acceptBinaryBodies(app);
  for (const route of routes) {
    const status = route.status ?? 200;
    typed.route({
      method: route.method,
      url: route.url,
      config: { policy: route.policy, binaryBody: Boolean(route.binaryBody) },
      ...(route.binaryBody && { bodyLimit: route.binaryBody.maxBytes(services.config) }),
      schema: {
        summary: route.summary,
        tags: route.tags,
        ...(route.schema.params && { params: route.schema.params }),
        ...(route.schema.querystring && { querystring: route.schema.querystring }),
        ...(route.schema.body && { body: route.schema.body }),
        ...(route.schema.response && { response: { [status]: route.schema.response } }),
        ...('public' in route.policy ? {} : { security: [{ session: [] }, { token: [] }] }),
      },
      // onRequest runs after @fastify/cookie's own onRequest hook (instance hooks come first), before the
      // body is read: an anonymous upload is refused without its bytes being taken in.
      onRequest: async (request) => admit(services, route, request),
      handler: async (request, reply) => {
        const result = await runInTransaction(services, route, request, reply);
        reply.code(status);
        return status === 204 ? reply.send() : result;
      },
    });
  }
}

const BINARY_TYPES = ['application/octet-stream', 'application/pdf', /^image\/[a-z0-9.+-]+$/];

/**
 * The API document's request body of a route that takes a file's bytes (the Zod transform describes JSON
 * bodies only): the media types accepted, whose bytes the server sniffs rather than trusting the label.
 */
export function withBinaryBodies(transform: SwaggerTransform): SwaggerTransform {
  return (args) => {
    const out = transform(args);
    if (!(args.route.config as { binaryBody?: boolean } | undefined)?.binaryBody) return out;
    const bytes = { schema: { type: 'string', format: 'binary' } };
    const content = Object.fromEntries(
      ['application/octet-stream', 'application/pdf', 'image/*'].map((type) => [type, bytes]),
    );
    return { ...out, schema: { ...out.schema, body: { content } } };
  };
}

/** File bytes reach only the routes that take them; any other route refuses them as before (415). */
function acceptBinaryBodies(app: FastifyInstance) {
  for (const type of BINARY_TYPES)
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body, done) => {
      if ((request.routeOptions.config as { binaryBody?: boolean }).binaryBody) done(null, body);
      else
        done(
          new ProblemError(
            'unsupported-media-type',
            'Tipo de contenido no admitido; envíe application/json.',
          ),
          undefined,
        );
    });
}

const originOf = (request: FastifyRequest) => ({
  requestId: request.id,
  ip: request.ip,
  actorUserId: request.actor?.userId,
  actorAgencyId: request.actor?.agencyId,
});

/** Authentication and the authorization decision; a refusal is itself an audited event. */
async function admit(services: AppServices, route: RouteDefinition, request: FastifyRequest): Promise<void> {
  request.actor = await authenticate(services.db, request, services.hasher, {
    idleMs: services.config.sessionIdleMs,
  });
  if ('public' in route.policy) return;
  try {
    request.grant = authorize(request.actor, route.policy);
    const actor = request.actor!;
    if (actor.via.kind === 'session') {
      if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== actor.via.csrfToken) {
        throw new ProblemError(
          'csrf-token-invalid',
          'La solicitud no trae un token CSRF válido; recargue la página.',
        );
      }
      if (!actor.via.fullyAuthenticated && !(route as ProtectedRoute).allowBeforeTwoFactor) {
        throw new ProblemError(
          'two-factor-enrolment-required',
          'Debe activar la verificación en dos pasos antes de continuar.',
        );
      }
    }
  } catch (error) {
    if (
      error instanceof ForbiddenError ||
      (error instanceof ProblemError && error.type === 'csrf-token-invalid')
    ) {
      await writeAuditEvent(services.db, originOf(request), {
        action: 'authz.denied',
        outcome: 'denied',
        details: {
          route: `${route.method} ${route.url}`,
          reason: error.type,
          ...(error instanceof ForbiddenError && { permission: error.permission }),
          ...(error instanceof ForbiddenError && error.scope && { requiredScope: error.scope }),
        },
      });
      services.anchorAudit();
    }
    throw error;
  }
}

async function runInTransaction(
  services: AppServices,
  route: RouteDefinition,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const trx = await services.db.startTransaction().execute();
  const origin = originOf(request);
  // Events are written together just before COMMIT: the chain's head stays locked only for that moment.
  const pending: AuditEntry[] = [];
  const audit = async (entry: AuditEntry) => {
    pending.push(entry);
  };
  const commit = async () => {
    await writeAuditEvents(trx, origin, pending);
    await trx.commit().execute();
    if (pending.length > 0) services.anchorAudit();
  };
  const input = { params: request.params, query: request.query, body: request.body } as Input<Schemas>;
  const base = { db: trx, services, request, reply, requestId: request.id, ip: request.ip, audit };
  try {
    const result =
      'public' in route.policy
        ? await (route as PublicRoute).handler({ ...base, actor: request.actor }, input)
        : await (route as ProtectedRoute).handler(
            {
              ...base,
              actor: request.actor!,
              grant: request.grant!,
              scope: rowScope(request.actor!, request.grant!),
            },
            input,
          );
    await commit();
    return result;
  } catch (error) {
    if (error instanceof ProblemError && error.options.commit) {
      await commit();
    } else {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
    }
    if (error instanceof ProblemError && error.options.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, error.options.delayMs));
    }
    throw error;
  }
}
