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
