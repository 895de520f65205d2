import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from './problem.ts';

/** The ETag of a record version: a strong validator, "<version>". */
export const etagOf = (version: number) => `"${version}"`;

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('ETag', etagOf(version));
}

/**
 * Optimistic concurrency: an update must state the version it was based on (If-Match). Missing → 428;
 * stale → 412 carrying the current version, so nobody (and no offline device) silently overwrites another.
 */
export function requireVersion(request: FastifyRequest, currentVersion: number): void {
  const ifMatch = request.headers['if-match'];
  if (!ifMatch) {
    throw new ProblemError(
      'precondition-required',
      'Indique la versión en que se basa el cambio (encabezado If-Match).',
    );
  }
  const stated = ifMatch.split(',').map((v) => v.trim().replace(/^W\//, ''));
  if (!stated.includes(etagOf(currentVersion)) && !stated.includes('*')) {
    throw new ProblemError(
      'precondition-failed',
      'Otra persona modificó este registro; recárguelo y vuelva a aplicar su cambio.',
      {
        headers: { ETag: etagOf(currentVersion) },
        extra: { currentVersion },
      },
    );
  }
}
