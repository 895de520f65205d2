import type { FieldClass } from '../../core/access/catalogue.ts';
import type { SubmissionError, SubmissionErrorCode } from '../../core/forms/validate.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { ProblemError, validationProblem, type FieldError } from '../platform/http/problem.ts';
import { canSee } from '../platform/policy/present.ts';

/** Problems of answers, as the API reports them: one error per field, at body.answers.<key>. */

const MESSAGES: Record<SubmissionErrorCode, (limit?: number) => string> = {
  required: () => 'Responda esta pregunta.',
  unknown_field: () => 'El formulario no tiene esta pregunta.',
  wrong_type: () => 'El tipo de respuesta no corresponde a la pregunta.',
  unknown_option: () => 'La opción elegida no existe en el formulario.',
  too_long: (limit) => `La respuesta supera ${limit} caracteres.`,
  below_min: (limit) => `El valor mínimo es ${limit}.`,
  above_max: (limit) => `El valor máximo es ${limit}.`,
  not_integer: () => 'Indique un número entero.',
  invalid_date: () => 'Indique una fecha válida (AAAA-MM-DD).',
};

export const answerPath = (key: string) => `body.answers.${key}`;

export function submissionProblem(errors: SubmissionError[]): ProblemError {
  const fieldErrors: FieldError[] = errors.map((e) => ({
    field: answerPath(e.field),
    code: e.code,
    message: MESSAGES[e.code](e.limit),
  }));
  return validationProblem(fieldErrors, 'Las respuestas no son válidas para este formulario.');
}

/**
 * Need-to-know applies to writing: an answer of a class the actor is not cleared for can be neither seen
 * nor given (nobody overwrites what they cannot see).
 */
export function requireAnswerClearance(
  actor: Actor,
  answers: Record<string, unknown>,
  classOf: (key: string) => FieldClass | undefined,
): void {
  const errors = Object.keys(answers)
    .filter((key) => !canSee(actor, classOf(key)))
    .map((key) => ({
      field: answerPath(key),
      code: 'not_cleared',
      message: 'Su rol no tiene autorización para este tipo de dato.',
    }));
  if (errors.length > 0)
    throw new ProblemError('forbidden', 'No tiene autorización para registrar algunas de estas respuestas.', {
      errors,
    });
}
