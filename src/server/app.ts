import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installErrorHandler } from './platform/http/error-handler.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import {
  definePublicRoute,
  registerRoutes,
  withBinaryBodies,
  type RouteDefinition,
} from './platform/http/route.ts';
import { isDeclaredPublic } from './platform/policy/policy.ts';
import type { AppServices } from './platform/services.ts';
import { featureRoutes } from './routes.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Log fields that may carry secrets or a person's data are removed before anything is written. */
export const LOG_REDACTIONS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: LOG_REDACTIONS, censor: '[redactado]' },
    // URLs are logged without their query string: a search term can be a child's name.
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}

export async function buildApp(
  services: AppServices,
  options: { https?: { cert: Buffer; key: Buffer } } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log,
    trustProxy: services.config.trustProxy,
    bodyLimit: services.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    ...(options.https && { https: options.https }),
  } as FastifyServerOptions);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  installErrorHandler(app);
  installSecurityHeaders(app, { hsts: Boolean(options.https) });
  await app.register(fastifyCookie);

  // Every API route must state its policy; a route added without one stops the server from starting.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const policy = (route.config as { policy?: unknown } | undefined)?.policy;
    if (!policy)
      throw new Error(`La ruta ${String(route.method)} ${route.url} no declara su política de acceso`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (
      'public' in (policy as object) &&
      !methods.every((m) => m === 'HEAD' || isDeclaredPublic(m, route.url))
    ) {
      throw new Error(
        `La ruta ${String(route.method)} ${route.url} es pública pero no está en PUBLIC_ROUTES`,
      );
    }
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amparo API',
        version: '0.1.0',
        description:
          'Gestión de casos de protección de niñez y adolescencia víctima de trata y migración irregular.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'amparo_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: withBinaryBodies(jsonSchemaTransform),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null } as never,
    staticCSP: true,
  });

  const openapi = definePublicRoute({
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'Documento OpenAPI 3.1 de esta API',
    tags: ['system'],
    policy: { public: true },
    schema: { response: z.record(z.string(), z.unknown()) },
    handler: async () => app.swagger() as unknown as Record<string, unknown>,
  });
  registerRoutes(app, services, [openapi, ...featureRoutes] as RouteDefinition[]);

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      preCompressed: true,
      wildcard: false,
      index: false,
      setHeaders: (reply, file) => {
        reply.header(
          'Cache-Control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // The web app's own routes (/, /admin/users, …) all load index.html.
    // Static assets: public, and not part of the API document.
    app.get('/*', { config: { policy: { public: true } }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
