import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { loginAs, problemType } from './helpers.ts';

const MAX = 3;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES: String(MAX), LOGIN_LOCKOUT_MINUTES: '15' });
});
afterAll(async () => t.close());
// Every attempt here comes from 127.0.0.1; each test starts with a clean count for the address.
beforeEach(async () => {
  await t.superuser.query(`DELETE FROM login_throttle`);
});

const wrong = (username: string) => ({ username, password: 'clave-equivocada-123' });

async function failTimes(username: string, times: number) {
  const responses = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const { response } = await loginAs(t, wrong(username));
    responses.push({ status: response.status, type: problemType(response), ms: performance.now() - started });
  }
  return responses;
}

describe('progressive delay and lockout', () => {
  it('slows each failure down, then locks the account: 429 with Retry-After, even for the right password', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const failures = await failTimes(user.username, MAX);
    expect(failures.map((f) => f.status)).toEqual([401, 401, 401]);
    // 250 ms, 500 ms, 1 s
    expect(failures[0]!.ms).toBeGreaterThanOrEqual(240);
    expect(failures[1]!.ms).toBeGreaterThanOrEqual(490);
    expect(failures[2]!.ms).toBeGreaterThanOrEqual(990);

    const locked = await loginAs(t, user);
    expect(locked.response.status).toBe(429);
    expect(problemType(locked.response)).toBe('too-many-attempts');
    const retryAfter = Number(locked.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.client.cookie).toBeUndefined();
    expect(await t.count('user_session')).toBe(0);

    const lockEvents = await t.auditEvents('auth.locked_out');
    expect(lockEvents).toHaveLength(1);
    expect(lockEvents[0]!.details).toMatchObject({
      username: user.username,
      scope: 'account',
      failures: MAX,
    });
    const lastFailure = (await t.auditEvents('auth.login_failed')).at(-1)!;
    expect(lastFailure.details).toEqual({ username: user.username, reason: 'locked_out' });

    // When the lock has passed, the right password works and the account's count starts over.
    await t.superuser.query(
      `UPDATE login_throttle SET locked_until = now() - interval '1 second',
         last_failure_at = now() - interval '16 minutes' WHERE key = $1`,
      [`user:${user.username}`],
    );
    const after = await loginAs(t, user);
    expect(after.response.status).toBe(200);
    const rows = await t.superuser.query(`SELECT key FROM login_throttle WHERE key = $1`, [
      `user:${user.username}`,
    ]);
    expect(rows.rowCount).toBe(0);
  });

  it('treats an unknown username exactly like an existing one', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const known = await failTimes(user.username, MAX + 1);
    await t.superuser.query(`DELETE FROM login_throttle WHERE key LIKE 'ip:%'`);
    const unknown = await failTimes('no.existe', MAX + 1);
    expect(unknown.map(({ status, type }) => ({ status, type }))).toEqual(
      known.map(({ status, type }) => ({ status, type })),
    );
    expect(unknown.map((f) => f.status)).toEqual([401, 401, 401, 429]);
    // Same progressive delays (250 ms, 500 ms, 1 s), within the scheduling noise of a busy 2-core machine.
    for (let i = 0; i < MAX; i++) expect(Math.abs(unknown[i]!.ms - known[i]!.ms)).toBeLessThan(350);
  });

  it('counts failures per address too, with a larger allowance, across usernames', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const addressLimit = MAX * 4;
    // Spread over many usernames so that no account reaches its own limit.
    for (let i = 0; i < addressLimit; i++) {
      const { response } = await loginAs(t, wrong(`intruso${i % 6}`));
      expect(response.status).toBe(401);
    }
    const blocked = await loginAs(t, user);
    expect(blocked.response.status).toBe(429);
    expect((await t.auditEvents('auth.locked_out')).at(-1)!.details).toMatchObject({ scope: 'address' });
  });

  it('a successful login clears the account count but not the address count', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    await failTimes(user.username, MAX - 1);
    expect((await loginAs(t, user)).response.status).toBe(200);
    const keys = (await t.superuser.query(`SELECT key, failures FROM login_throttle ORDER BY key`)).rows;
    expect(keys).toEqual([{ key: 'ip:127.0.0.1', failures: MAX - 1 }]);
    // A new run of failures starts from one again.
    const again = await failTimes(user.username, MAX - 1);
    expect(again.map((f) => f.status)).toEqual([401, 401]);
    expect((await loginAs(t, user)).response.status).toBe(200);
  });
});
