import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { activeSessionCount, loginAs, problemType, sessionRows } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const socialWorker = () => t.createUser({ roles: ['social_worker'] });

describe('login and sessions', () => {
  it('signs in with a HttpOnly, SameSite=Strict cookie and answers /api/me', async () => {
    const user = await socialWorker();
    const { client, response } = await loginAs(t, user);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ csrfToken: expect.any(String), twoFactorEnrolmentRequired: false });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('amparo_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP on loopback in tests

    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: user.id,
      username: user.username,
      locale: 'es-GT',
      agency: { id: user.agencyId },
      roles: [{ key: 'social_worker', programmeId: null }],
      twoFactor: { enabled: false, required: false },
      fullyAuthenticated: true,
      csrfToken: response.body.csrfToken,
    });
    expect(me.body.permissions).toContain('case:read');
    expect(me.body.permissions).not.toContain('user:create');
    expect(me.body.clearances).toContain('identity');
    expect(new Date(me.body.sessionExpiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);

    const [login] = (await t.auditEvents('auth.login')).filter((e) => e.actor_user_id === user.id);
    expect(login).toMatchObject({ outcome: 'success', resource_ids: [user.id] });
    expect(JSON.stringify(await t.auditEvents())).not.toContain(user.password);
  });

  it('starts a new session on every login and ends the one the browser came with', async () => {
    const user = await socialWorker();
    const { client, response: first } = await loginAs(t, user);
    const firstCookie = client.cookie;
    const second = await client.post('/api/auth/login', { username: user.username, password: user.password });
    expect(second.status).toBe(200);
    expect(client.cookie).not.toBe(firstCookie);
    expect(second.body.csrfToken).not.toBe(first.body.csrfToken);
    const rows = await sessionRows(t, user);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ended_reason: 'replaced_by_login' });
    expect(rows[1]!.ended_at).toBeNull();

    const stale = t.client();
    stale.cookie = firstCookie;
    expect((await stale.get('/api/me')).status).toBe(401);
  });

  it('refuses wrong passwords, unknown usernames and deactivated accounts alike', async () => {
    const user = await socialWorker();
    const inactive = await socialWorker();
    await t.superuser.query(`UPDATE app_user SET active = false, deactivated_at = now() WHERE id = $1`, [
      inactive.id,
    ]);
    const attempts = [
      { username: user.username, password: 'no-es-la-clave-correcta' },
      { username: 'nadie.conocido', password: 'no-es-la-clave-correcta' },
      { username: inactive.username, password: inactive.password },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const { client, response } = await loginAs(t, attempt);
      expect(response.status).toBe(401);
      expect(problemType(response)).toBe('invalid-credentials');
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(client.cookie).toBeUndefined();
      bodies.push({ ...response.body, requestId: undefined, instance: undefined });
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(await activeSessionCount(t, user)).toBe(0);
    expect(await activeSessionCount(t, inactive)).toBe(0);

    const failures = await t.auditEvents('auth.login_failed');
    expect(failures.map((e) => e.details)).toEqual([
      { username: user.username, reason: 'wrong_password' },
      { username: 'nadie.conocido', reason: 'unknown_user' },
      { username: inactive.username, reason: 'inactive' },
    ]);
    expect(failures.every((e) => e.outcome === 'failure')).toBe(true);
    expect(JSON.stringify(failures)).not.toContain('no-es-la-clave-correcta');
    expect(JSON.stringify(failures)).not.toContain(inactive.password);
  });

  it('logs out: the session ends, the cookie is cleared and the old cookie is refused afterwards', async () => {
    const user = await socialWorker();
    const { client } = await loginAs(t, user);
    const cookie = client.cookie!;
    const csrf = client.csrfToken!;
    const logout = await client.post('/api/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join()).toMatch(/amparo_session=;/);
    expect(client.cookie).toBeUndefined();

    const replay = t.client();
    replay.adoptSession(cookie, csrf);
    const me = await replay.get('/api/me');
    expect(me.status).toBe(401);
    expect(problemType(me)).toBe('unauthenticated');
    expect((await replay.post('/api/auth/logout')).status).toBe(401);
    expect((await sessionRows(t, user))[0]).toMatchObject({ ended_reason: 'logout' });
    expect((await t.auditEvents('auth.logout')).map((e) => e.actor_user_id)).toContain(user.id);
  });

  it('ends a session after the idle timeout', async () => {
    const user = await socialWorker();
    const { client } = await loginAs(t, user);
    expect((await client.get('/api/me')).status).toBe(200);
    await t.superuser.query(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`,
      [user.id],
    );
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await sessionRows(t, user))[0]).toMatchObject({ ended_reason: 'idle_timeout' });
    // Ended for good: bringing the activity time back does not revive it.
    await t.superuser.query(`UPDATE user_session SET last_seen_at = now() WHERE user_id = $1`, [user.id]);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('ends a session at its absolute lifetime even while in use', async () => {
    const user = await socialWorker();
    const { client } = await loginAs(t, user);
    await t.superuser.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await sessionRows(t, user))[0]).toMatchObject({ ended_reason: 'expired' });
  });

  it('refuses a state-changing request made with the cookie but without the right CSRF token, writing nothing', async () => {
    const user = await socialWorker();
    const { client } = await loginAs(t, user);
    const deniedBefore = (await t.auditEvents('authz.denied')).length;
    const missing = await client.request('PATCH', '/api/me', {
      body: { displayName: 'Cambiado' },
      csrf: false,
    });
    expect(missing.status).toBe(403);
    expect(problemType(missing)).toBe('csrf-token-invalid');
    const wrong = await client.request('PATCH', '/api/me', {
      body: { displayName: 'Cambiado' },
      csrf: false,
      headers: { 'x-csrf-token': 'otro-token' },
    });
    expect(wrong.status).toBe(403);
    expect(problemType(wrong)).toBe('csrf-token-invalid');
    const logout = await client.request('POST', '/api/auth/logout', { body: {}, csrf: false });
    expect(logout.status).toBe(403);

    const row = await t.superuser.query(`SELECT display_name, version FROM app_user WHERE id = $1`, [
      user.id,
    ]);
    expect(row.rows[0]).toMatchObject({ display_name: `Usuario ${user.username}`, version: 1 });
    expect(await activeSessionCount(t, user)).toBe(1);
    expect((await t.auditEvents('me.updated')).length).toBe(0);
    expect((await t.auditEvents('authz.denied')).length).toBe(deniedBefore + 3);

    const ok = await client.patch('/api/me', { displayName: 'Cambiado' });
    expect(ok.status).toBe(200);
    expect(ok.body.displayName).toBe('Cambiado');
  });

  it('edits one’s own display name and language, audited with the field names only', async () => {
    const user = await socialWorker();
    const { client } = await loginAs(t, user);
    const response = await client.patch('/api/me', { displayName: "B'atz Q'eqchi'", locale: 'en' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ displayName: "B'atz Q'eqchi'", locale: 'en' });
    const bad = await client.patch('/api/me', { displayName: '', locale: 'fr', role: 'x' });
    expect(bad.status).toBe(400);
    expect((await client.get('/api/me')).body).toMatchObject({ displayName: "B'atz Q'eqchi'", locale: 'en' });
    const events = (await t.auditEvents('me.updated')).filter((e) => e.actor_user_id === user.id);
    expect(events).toHaveLength(1);
    // An If-Match, when sent, must name the current version.
    const current = await client.get('/api/me');
    expect(current.headers.get('etag')).toBe('"2"');
    const stale = await client.patch('/api/me', { displayName: 'Otra' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    const fresh = await client.patch('/api/me', { displayName: 'Otra' }, { 'if-match': '"2"' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"3"');
    expect(events[0]!.details).toEqual({ fields: ['display_name', 'locale'] });
  });

  it('lists one’s own sessions and ends one of them, or all ("log out everywhere")', async () => {
    const user = await socialWorker();
    const other = await socialWorker();
    const { client: laptop } = await loginAs(t, user);
    const { client: phone } = await loginAs(t, user);
    const { client: stranger } = await loginAs(t, other);

    const list = await laptop.get('/api/me/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const current = list.body.items.find((s: { current: boolean }) => s.current);
    const phoneSession = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(current).toMatchObject({ ip: '127.0.0.1', id: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // Someone else's session id is not found, and stays open.
    expect((await stranger.delete(`/api/me/sessions/${phoneSession.id}`)).status).toBe(404);
    expect((await phone.get('/api/me')).status).toBe(200);

    expect((await laptop.delete(`/api/me/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);

    const { client: tablet } = await loginAs(t, user);
    expect((await tablet.post('/api/me/sessions/end-all')).status).toBe(204);
    expect((await tablet.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect(await activeSessionCount(t, user)).toBe(0);
    expect((await stranger.get('/api/me')).status).toBe(200);
    expect((await t.auditEvents('me.sessions_ended')).at(-1)!.details).toEqual({ sessionsEnded: 2 });
  });

  it('rejects malformed login bodies without counting or writing anything', async () => {
    const before = await t.count('audit_event');
    for (const body of [
      {},
      { username: 'x' },
      { username: 'x', password: 'y', extra: 1 },
      { username: 1, password: 2 },
    ]) {
      const response = await t.client().post('/api/auth/login', body);
      expect(response.status).toBe(400);
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
    expect(await t.count('audit_event')).toBe(before);
    expect(
      (await t.superuser.query(`SELECT count(*)::int AS n FROM login_throttle WHERE key = 'user:x'`)).rows[0]
        .n,
    ).toBe(0);
  });
});
