/**
 * The one way the web app talks to the API: same-origin fetch with the session cookie, the CSRF token on
 * state-changing requests, If-Match on updates, and application/problem+json turned into ApiError.
 */

export interface FieldProblem {
  /** Dotted path as the API names it, e.g. "body.password" */
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title?: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const PROBLEM_PREFIX = 'urn:amparo:problem:';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds, from Retry-After (429) */
    readonly retryAfter?: number,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
  }

  /** The stable problem type without its prefix ("invalid-credentials"), or "network". */
  get kind(): string {
    return this.problem.type.startsWith(PROBLEM_PREFIX)
      ? this.problem.type.slice(PROBLEM_PREFIX.length)
      : this.problem.type;
  }

  /** Field problems keyed by the field's path inside the body or query ("password", "roles.0.key"). */
  get fieldErrors(): Record<string, FieldProblem> {
    const byField: Record<string, FieldProblem> = {};
    for (const error of this.problem.errors ?? []) {
      const name = error.field.replace(/^(body|querystring|params)\.?/, '');
      byField[name] ??= error;
    }
    return byField;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

let csrfToken: string | undefined;
/** The token handed out by login, setup, 2FA confirmation and GET /api/me. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export type AuthProblem = 'unauthenticated' | 'enrolment-required';
let authProblemHandler: (problem: AuthProblem) => void = () => {};
/** What to do when the session has ended (go to login) or 2FA enrolment is required (go to enrolment). */
export function onAuthProblem(handler: (problem: AuthProblem) => void) {
  authProblemHandler = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** The ETag the change is based on (sent as If-Match) */
  ifMatch?: string | null;
  signal?: AbortSignal;
  /** Do not redirect on 401/403 session problems (e.g. the initial GET /api/me) */
  quiet?: boolean;
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
  status: number;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;

  let response: Response;
  try {
    response = await fetch(`${path}${queryString(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, { type: 'network', status: 0 });
  }

  const contentType = response.headers.get('Content-Type') ?? '';
  let payload: unknown;
  if (response.status !== 204 && contentType.includes('json')) {
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) {
    const problem: Problem =
      payload && typeof payload === 'object' && 'type' in payload
        ? (payload as Problem)
        : { type: `http-${response.status}`, status: response.status };
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    const error = new ApiError(response.status, problem, retryAfter);
    if (!options.quiet) {
      if (response.status === 401 && error.kind === 'unauthenticated') authProblemHandler('unauthenticated');
      if (response.status === 403 && error.kind === 'two-factor-enrolment-required')
        authProblemHandler('enrolment-required');
    }
    throw error;
  }
  return { data: payload as T, etag: response.headers.get('ETag'), status: response.status };
}

export const api = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T = void>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, ifMatch: string | null | undefined, options: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...options, body, ifMatch }),
  /** Replaces a whole record (e.g. the case plan), based on the version `ifMatch` names. */
  put: <T>(path: string, body: unknown, ifMatch: string | null | undefined, options: RequestOptions = {}) =>
    request<T>('PUT', path, { ...options, body, ifMatch }),
  delete: <T = void>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('DELETE', path, { ...options, body }),
};

/** The ETag of a record version when only its `version` is at hand (lists carry no ETag per row). */
export const etagOfVersion = (version: number) => `"${version}"`;

/** The fields of `next` that differ from `current`: an update sends only what the person changed. */
export function changedFields<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  next: T,
): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T & string)[]) {
    if (JSON.stringify(current[key] ?? null) !== JSON.stringify(next[key] ?? null)) changed[key] = next[key];
  }
  return changed;
}
