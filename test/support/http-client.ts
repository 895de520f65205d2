import { SESSION_COOKIE } from '../../src/server/platform/auth/authenticate.ts';

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A small browser-like client over real HTTP: keeps the session cookie, and sends the CSRF token the
 * server handed out (from login or /api/me) on state-changing requests, as the web app does.
 */
export class HttpClient {
  cookie?: string;
  csrfToken?: string;
  bearer?: string;

  constructor(readonly baseUrl: string) {}

  adoptSession(cookieValue: string, csrfToken: string) {
    this.cookie = cookieValue;
    this.csrfToken = csrfToken;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (options.csrf !== false && this.csrfToken && !['GET', 'HEAD'].includes(method))
      headers['x-csrf-token'] = this.csrfToken;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name === SESSION_COOKIE) this.cookie = value ? value : undefined;
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    if (
      parsed &&
      typeof parsed === 'object' &&
      'csrfToken' in parsed &&
      typeof parsed.csrfToken === 'string'
    ) {
      this.csrfToken = parsed.csrfToken;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, { body: body ?? {} });
  patch = <T = any>(path: string, body: unknown, headers?: Record<string, string>) =>
    this.request<T>('PATCH', path, { body, headers });
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);
}
