/**
 * RFC 9457 problem details. `type` is stable and documented; `detail` is a Spanish message for people;
 * `errors` lists field-level problems. Never a stack trace or a person's data.
 */
export const PROBLEM_TYPES = {
  validation: 400,
  'malformed-request': 400,
  unauthenticated: 401,
  'invalid-credentials': 401,
  'two-factor-required': 401,
  'two-factor-enrolment-required': 403,
  forbidden: 403,
  'csrf-token-invalid': 403,
  'not-found': 404,
  conflict: 409,
  'link-expired': 410,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'precondition-required': 428,
  'too-many-attempts': 429,
  'internal-error': 500,
  unavailable: 503,
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const problemTypeUri = (type: ProblemType) => `urn:amparo:problem:${type}`;

export interface FieldError {
  /** Dotted path of the field, e.g. "body.password" */
  field: string;
  code: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
      /** Keep what the request wrote so far (e.g. the audit event of a failed login) instead of rolling back. */
      commit?: boolean;
      /** Answer only after this long, once the transaction has ended (slows guessing without holding a connection). */
      delayMs?: number;
    } = {},
  ) {
    super(detail);
    this.status = PROBLEM_TYPES[type];
  }
}

export const notFound = (what = 'El recurso') =>
  new ProblemError('not-found', `${what} no existe o no tiene acceso.`);

export const validationProblem = (errors: FieldError[], detail = 'Los datos enviados no son válidos.') =>
  new ProblemError('validation', detail, { errors });
