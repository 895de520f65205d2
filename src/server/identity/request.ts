import type { Actor } from '../platform/auth/actor.ts';
import { writeAuditEvent, type AuditEntry } from '../platform/audit/audit-writer.ts';
import { ProblemError } from '../platform/http/problem.ts';
import type { Context, PublicContext } from '../platform/http/route.ts';

type AnyContext = Context | PublicContext;

/** Where a session was started from, as shown in the user's list of sessions. */
export const originOf = (ctx: AnyContext) => ({
  ip: ctx.ip,
  userAgent: ctx.request.headers['user-agent'],
});

/**
 * An audit event whose actor is a user the request has only just identified (login, first-run setup,
 * password link), not the caller the request arrived as.
 */
export async function auditAs(
  ctx: AnyContext,
  user: { id: string; agency_id: string },
  entry: AuditEntry,
): Promise<void> {
  await writeAuditEvent(
    ctx.db,
    { actorUserId: user.id, actorAgencyId: user.agency_id, requestId: ctx.requestId, ip: ctx.ip },
    entry,
  );
  ctx.services.anchorAudit();
}

/** The refusal of something the route's policy alone does not rule out; audited and kept. */
export async function refuse(ctx: Context, detail: string, reason = 'forbidden'): Promise<never> {
  await ctx.audit({
    action: 'authz.denied',
    outcome: 'denied',
    details: { route: `${ctx.request.method} ${ctx.request.routeOptions.url}`, reason },
  });
  throw new ProblemError('forbidden', detail, { commit: true });
}

type SessionVia = Extract<Actor['via'], { kind: 'session' }>;

/**
 * Credentials, sessions and tokens are managed only from a signed-in session: an API token cannot mint
 * tokens, change the password or turn two-factor login off.
 */
export async function requireSession(ctx: Context): Promise<SessionVia> {
  if (ctx.actor.via.kind === 'session') return ctx.actor.via;
  return refuse(
    ctx,
    'Esta acción requiere iniciar sesión con usuario y contraseña; un token de API no puede hacerla.',
    'session-required',
  );
}
