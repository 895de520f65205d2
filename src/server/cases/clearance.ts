import type { FieldClass } from '../../core/access/catalogue.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { ProblemError } from '../platform/http/problem.ts';
import { canSee } from '../platform/policy/present.ts';

/**
 * Need-to-know applies to writing as well as reading: a field whose class the actor is not cleared for can
 * neither be seen nor set (nobody overwrites what they cannot see).
 */
export function requireWriteClearance(
  actor: Actor,
  body: Record<string, unknown>,
  classes: Partial<Record<string, FieldClass>>,
): void {
  const errors = Object.keys(body)
    .filter((field) => body[field] !== undefined && !canSee(actor, classes[field]))
    .map((field) => ({
      field: `body.${field}`,
      code: 'not_cleared',
      message: 'Su rol no tiene autorización para este tipo de dato.',
    }));
  if (errors.length > 0)
    throw new ProblemError('forbidden', 'No tiene autorización para registrar algunos de estos datos.', {
      errors,
    });
}
