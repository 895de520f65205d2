import type { Permission, Scope } from '../../../core/access/catalogue.ts';

/**
 * What a route requires. Every route declares one; there is no default.
 * - `permission`: the actor must hold it; rows are then limited by the grant's scope (see row-scope.ts).
 *   With `scope`, the grant must reach at least that far (e.g. `all` for installation-wide configuration,
 *   which an administrator confined to one agency may read but not change).
 * - `self`: any signed-in user, acting only on their own account (profile, own sessions, own tokens).
 * - `public`: no authentication; only for the routes named in PUBLIC_ROUTES.
 */
export type Policy = { permission: Permission; scope?: Scope } | { self: true } | { public: true };

/** The only routes reachable without signing in. Adding a public route means adding it here. */
export const PUBLIC_ROUTES = [
  'GET /api/health',
  'GET /api/ready',
  'GET /api/openapi.json',
  'GET /api/setup/status',
  'POST /api/setup',
  'POST /api/auth/login',
  'POST /api/auth/password-reset/check',
  'POST /api/auth/password-reset',
] as const;

export const routeKey = (method: string, url: string) => `${method.toUpperCase()} ${url}`;

export const isDeclaredPublic = (method: string, url: string) =>
  (PUBLIC_ROUTES as readonly string[]).includes(routeKey(method, url));
