import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { problemTypeUri, ProblemError, type FieldError, type ProblemType } from './problem.ts';

const FASTIFY_CODES: Record<string, { type: ProblemType; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    type: 'malformed-request',
    detail: 'El cuerpo de la solicitud no es JSON válido.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { type: 'malformed-request', detail: 'El cuerpo de la solicitud está vacío.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { type: 'payload-too-large', detail: 'La solicitud es demasiado grande.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    type: 'unsupported-media-type',
    detail: 'Tipo de contenido no admitido; envíe application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    type: 'malformed-request',
    detail: 'La longitud declarada no coincide con el cuerpo.',
  },
};

/** Every error leaves as application/problem+json with a stable type and the request id. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem: {
      type: ProblemType;
      status: number;
      detail: string;
      errors?: FieldError[];
      extra?: Record<string, unknown>;
    };
    if (error instanceof ProblemError) {
      problem = {
        type: error.type,
        status: error.status,
        detail: error.detail,
        errors: error.options.errors,
        extra: error.options.extra,
      };
      if (error.options.headers) reply.headers(error.options.headers);
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      problem = {
        type: 'validation',
        status: 400,
        detail: 'Los datos enviados no son válidos.',
        errors: error.validation.map((issue) => ({
          field: [error.validationContext ?? 'body', ...issue.instancePath.split('/').filter(Boolean)].join(
            '.',
          ),
          code: String((issue.params as { issue?: { code?: string } }).issue?.code ?? issue.keyword),
          message: issue.message ?? 'valor no válido',
        })),
      };
    } else if (error.code && FASTIFY_CODES[error.code]) {
      const known = FASTIFY_CODES[error.code]!;
      problem = { ...known, status: error.statusCode ?? 400 };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = { type: 'malformed-request', status: error.statusCode, detail: 'La solicitud no es válida.' };
    } else {
      if (isResponseSerializationError(error))
        request.log.error({ issues: error.cause.issues }, 'response schema mismatch');
      else request.log.error({ err: error }, 'unhandled error');
      problem = {
        type: 'internal-error',
        status: 500,
        detail: 'Ocurrió un error interno; se registró para revisión.',
      };
    }
    return reply
      .code(problem.status)
      .type('application/problem+json')
      .send({
        type: problemTypeUri(problem.type),
        title: problem.type,
        status: problem.status,
        detail: problem.detail,
        // The route's template, not the URL: a problem document never echoes record ids back.
        instance: request.routeOptions.url ?? request.url.split('?')[0],
        requestId: request.id,
        ...(problem.errors && { errors: problem.errors }),
        ...problem.extra,
      });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({
        type: problemTypeUri('not-found'),
        title: 'not-found',
        status: 404,
        detail: 'La ruta solicitada no existe.',
        instance: request.url.split('?')[0],
        requestId: request.id,
      }),
  );
}
