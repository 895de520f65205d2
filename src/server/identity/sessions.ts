import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { SESSION_COOKIE, sessionIdOf } from '../platform/auth/authenticate.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Config } from '../platform/config.ts';

export interface NewSession {
  cookieValue: string;
  csrfToken: string;
}

/** Creates a server-side session; the cookie holds a random value whose hash is the row's key. */
export async function createSession(
  db: Executor,
  config: Config,
  user: { id: string },
  origin: { ip: string; userAgent?: string },
  fullyAuthenticated: boolean,
): Promise<NewSession> {
  const cookieValue = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      id: sessionIdOf(cookieValue),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + config.sessionMaxMs),
      ip: origin.ip,
      user_agent: origin.userAgent?.slice(0, 300) ?? null,
      fully_authenticated: fullyAuthenticated,
    })
    .execute();
  return { cookieValue, csrfToken };
}

export function setSessionCookie(reply: FastifyReply, config: Config, cookieValue: string): void {
  reply.setCookie(SESSION_COOKIE, cookieValue, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: '/',
    maxAge: Math.floor(config.sessionMaxMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
  });
}

/**
 * Ends sessions of a user: all of them (deactivation, password reset, role change, "log out everywhere"),
 * or all but one (`except`, the session making the request). API tokens are not sessions and stay.
 */
export async function endUserSessions(
  db: Executor,
  userId: string,
  reason: string,
  except?: Buffer,
): Promise<number> {
  let query = db
    .updateTable('user_session')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (except) query = query.where('id', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function endSession(db: Executor, id: Buffer, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('user_session')
    .set({ ended_at: sql`now()`, ended_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Starts a new session in place of `replacing` (login, password change, completed two-factor enrolment):
 * a new cookie value and CSRF token, so whatever was known of the old session is worthless.
 */
export async function startSession(
  db: Executor,
  config: Config,
  reply: FastifyReply,
  user: { id: string },
  origin: { ip: string; userAgent?: string },
  options: { fullyAuthenticated: boolean; replacing?: Buffer; reason?: string },
): Promise<NewSession> {
  if (options.replacing) await endSession(db, options.replacing, options.reason ?? 'rotated');
  const session = await createSession(db, config, user, origin, options.fullyAuthenticated);
  setSessionCookie(reply, config, session.cookieValue);
  return session;
}

/** The user's sessions that still work: not ended, not past their absolute lifetime or idle timeout. */
export async function activeSessions(db: Executor, userId: string, idleMs: number) {
  return db
    .selectFrom('user_session')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - ${`${idleMs} milliseconds`}::interval`)
    .orderBy('last_seen_at', 'desc')
    .execute();
}
