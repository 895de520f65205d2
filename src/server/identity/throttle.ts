import { sql } from 'kysely';
import type { Config } from '../platform/config.ts';
import type { Executor } from '../platform/db/database.ts';
import { ProblemError } from '../platform/http/problem.ts';

/**
 * Failed sign-in attempts are counted per account and per address (table login_throttle). Each failure
 * slows the next answer down; enough failures lock the key for a while. The account key is the username
 * as typed (normalised), whether or not such a user exists, so the behaviour reveals nothing.
 */
export interface ThrottleKeys {
  account: string;
  address: string;
}

/** An address is shared by a whole office behind one router: it gets a larger allowance than an account. */
export const ADDRESS_FACTOR = 4;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 3_000;

export const throttleKeys = (username: string, ip: string): ThrottleKeys => ({
  account: `user:${username}`,
  address: `ip:${ip}`,
});

/** 250 ms, 500 ms, 1 s, 2 s, then 3 s for every further failure. */
export const failureDelayMs = (failures: number) =>
  Math.min(BASE_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_DELAY_MS);

/** Seconds until the longest lock among the keys ends, or undefined when none is locked. */
export async function lockedFor(db: Executor, keys: string[]): Promise<number | undefined> {
  const row = await db
    .selectFrom('login_throttle')
    .select(sql<number>`ceil(extract(epoch from max(locked_until) - now()))::int`.as('seconds'))
    .where('key', 'in', keys)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.seconds ? Math.max(1, row.seconds) : undefined;
}

export interface FailureOutcome {
  /** Consecutive failures of the account key, for the progressive delay. */
  accountFailures: number;
  /** Keys this failure has just locked. */
  lockedNow: Array<{ key: string; failures: number; until: Date }>;
}

/**
 * Counts one failure on each key, atomically. A key whose last failure is older than the lockout period
 * starts counting again; reaching the limit locks it for the lockout period.
 */
export async function recordFailure(
  db: Executor,
  config: Config,
  keys: ThrottleKeys,
): Promise<FailureOutcome> {
  const outcome: FailureOutcome = { accountFailures: 0, lockedNow: [] };
  const limits: Array<[string, number]> = [
    [keys.account, config.loginMaxFailures],
    [keys.address, config.loginMaxFailures * ADDRESS_FACTOR],
  ];
  const lockout = `${config.loginLockoutMs} milliseconds`;
  for (const [key, limit] of limits) {
    const row = await sql<{ failures: number; locked_until: Date | null; locked_now: boolean }>`
      INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until)
      VALUES (${key}, 1, now(), CASE WHEN 1 >= ${limit} THEN now() + ${lockout}::interval END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.last_failure_at < now() - ${lockout}::interval THEN 1 ELSE t.failures + 1 END,
        last_failure_at = now(),
        locked_until = CASE
          WHEN (CASE WHEN t.last_failure_at < now() - ${lockout}::interval THEN 1 ELSE t.failures + 1 END) >= ${limit}
          THEN now() + ${lockout}::interval
          ELSE t.locked_until END
      RETURNING failures, locked_until, (failures >= ${limit}) AS locked_now`.execute(db);
    const result = row.rows[0]!;
    if (key === keys.account) outcome.accountFailures = result.failures;
    if (result.locked_now && result.locked_until) {
      outcome.lockedNow.push({ key, failures: result.failures, until: result.locked_until });
    }
  }
  // Housekeeping: rows untouched for a day have no effect any more.
  if (Math.random() < 0.02) {
    await db
      .deleteFrom('login_throttle')
      .where('last_failure_at', '<', sql<Date>`now() - interval '1 day'`)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
      .execute();
  }
  return outcome;
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new ProblemError(
    'too-many-attempts',
    `Demasiados intentos fallidos. Espere ${Math.ceil(retryAfterSeconds / 60)} minuto(s) e intente de nuevo.`,
    {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extra: { retryAfter: retryAfterSeconds },
      commit: true,
    },
  );
