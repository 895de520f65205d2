import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { KeyedHasher } from '../crypto/envelope.ts';
import type { Actor } from './actor.ts';
import { precompiled } from '../db/precompiled.ts';
import { actorColumns, actorFrom, loadActor } from './load-actor.ts';

export const SESSION_COOKIE = 'amparo_session';
export const CSRF_HEADER = 'x-csrf-token';
export const TOKEN_PREFIX = 'amp_';
export const TOKEN_HASH_PURPOSE = 'api-token';

export const sessionIdOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest();

export interface SessionTimeouts {
  idleMs: number;
}

/** Who is calling: a personal API token (Authorization: Bearer) or the session cookie; undefined if neither is valid. */
export async function authenticate(
  db: Executor,
  request: FastifyRequest,
  hasher: KeyedHasher,
  timeouts: SessionTimeouts,
): Promise<Actor | undefined> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return authenticateToken(db, authorization.slice(7).trim(), hasher);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? authenticateSession(db, cookie, timeouts) : undefined;
}

async function authenticateToken(
  db: Executor,
  token: string,
  hasher: KeyedHasher,
): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'scopes', 'last_used_at'])
    .where('token_hash', '=', hasher.hash(TOKEN_HASH_PURPOSE, token))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db
      .updateTable('api_token')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  return loadActor(db, row.user_id, { kind: 'token', tokenId: row.id }, row.scopes);
}

/** The session and its user's roles and teams in one statement, built once: it runs on every request. */
const selectSession = precompiled(1, (db, id: Buffer) =>
  db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.csrf_token',
      'user_session.last_seen_at',
      'user_session.expires_at',
      'user_session.fully_authenticated',
    ])
    .select(actorColumns)
    .where('user_session.id', '=', id)
    .where('user_session.ended_at', 'is', null),
);

async function authenticateSession(
  db: Executor,
  cookie: string,
  timeouts: SessionTimeouts,
): Promise<Actor | undefined> {
  const id = sessionIdOf(cookie);
  const [session] = await selectSession(db, id);
  if (!session) return undefined;
  const now = Date.now();
  const idle = now - session.last_seen_at.getTime() > timeouts.idleMs;
  if (idle || session.expires_at.getTime() <= now) {
    await db
      .updateTable('user_session')
      .set({ ended_at: sql`now()`, ended_reason: idle ? 'idle_timeout' : 'expired' })
      .where('id', '=', id)
      .execute();
    return undefined;
  }
  // Activity is recorded at most once a minute: the idle timeout needs no finer grain.
  if (now - session.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('user_session')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }
  return actorFrom(session, {
    kind: 'session',
    sessionId: id,
    csrfToken: session.csrf_token,
    fullyAuthenticated: session.fully_authenticated,
  });
}
