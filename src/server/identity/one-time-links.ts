import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { KeyedHasher } from '../platform/crypto/envelope.ts';

export const LINK_HASH_PURPOSE = 'one-time-link';
const SETUP_LINK_HOURS = 24;

export const newSecretToken = () => randomBytes(32).toString('base64url');

/**
 * On first start (no users yet) a one-time setup token is issued for the first administrator. Each start
 * without users replaces the previous token: only a hash is stored, so an old one cannot be shown again.
 */
export async function issueSetupLinkIfNeeded(db: Executor, hasher: KeyedHasher): Promise<string | undefined> {
  const users = await db
    .selectFrom('app_user')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (users.n > 0) return undefined;
  const token = newSecretToken();
  await db.deleteFrom('one_time_link').where('purpose', '=', 'setup').execute();
  await db
    .insertInto('one_time_link')
    .values({
      purpose: 'setup',
      token_hash: hasher.hash(LINK_HASH_PURPOSE, token),
      expires_at: new Date(Date.now() + SETUP_LINK_HOURS * 3_600_000),
    })
    .execute();
  return token;
}

/** Finds an unused, unexpired link of the given purpose by its token, locking it for this transaction. */
export async function findUsableLink(
  db: Executor,
  hasher: KeyedHasher,
  purpose: 'setup' | 'password_reset',
  token: string,
) {
  return db
    .selectFrom('one_time_link')
    .selectAll()
    .where('token_hash', '=', hasher.hash(LINK_HASH_PURPOSE, token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

export const PASSWORD_LINK_HOURS = 72;

/**
 * Issues a one-time, expiring link with which a user sets a new password (new accounts and resets alike;
 * no email is assumed: the administrator hands the link over). Earlier unused links of the user stop working.
 */
export async function issuePasswordResetLink(
  db: Executor,
  hasher: KeyedHasher,
  userId: string,
  createdBy: string | null,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 3_600_000);
  await db
    .updateTable('one_time_link')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', 'password_reset')
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('one_time_link')
    .values({
      purpose: 'password_reset',
      token_hash: hasher.hash(LINK_HASH_PURPOSE, token),
      user_id: userId,
      created_by: createdBy,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/** The path of the web screen that redeems a password link (the token travels in the fragment). */
export const passwordLinkPath = (token: string) => `/password-reset#${token}`;
