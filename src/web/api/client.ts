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

  if (!response.ok)
    throw failure(response.status, payload, response.headers.get('Retry-After'), options.quiet);
  return { data: payload as T, etag: response.headers.get('ETag'), status: response.status };
}

/** The ApiError of a refused request; an ended session or a missing 2FA enrolment is also reported. */
function failure(status: number, payload: unknown, retryAfterHeader: string | null, quiet = false): ApiError {
  const problem: Problem =
    payload && typeof payload === 'object' && 'type' in payload
      ? (payload as Problem)
      : { type: `http-${status}`, status };
  const error = new ApiError(status, problem, Number(retryAfterHeader) || undefined);
  if (!quiet) {
    if (status === 401 && error.kind === 'unauthenticated') authProblemHandler('unauthenticated');
    if (status === 403 && error.kind === 'two-factor-enrolment-required')
      authProblemHandler('enrolment-required');
  }
  return error;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Sends a file's bytes as the request body (an upload), reporting progress from 0 to 1. The server decides
 * the file's type from its content, so it goes as application/octet-stream.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  query: Query,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${path}${queryString(query)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { type: 'network', status: 0 }));
    xhr.onload = () => {
      const payload = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
      else reject(failure(xhr.status, payload, xhr.getResponseHeader('Retry-After')));
    };
    xhr.send(file);
  });
}

/** The file name a Content-Disposition header offers (its UTF-8 form when there is one). */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]!);
    } catch {
      // fall back to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

/** Fetches a file (an attachment, a printed summary) and hands it to the browser as a download. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, { type: 'network', status: 0 });
  }
  if (!response.ok)
    throw failure(response.status, parseJson(await response.text()), response.headers.get('Retry-After'));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = dispositionFileName(response.headers.get('Content-Disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
