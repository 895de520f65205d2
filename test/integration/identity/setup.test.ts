import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupLinkIfNeeded } from '../../../src/server/identity/one-time-links.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { loginAs, problemType, totpCode } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const issueToken = async () =>
  (await issueSetupLinkIfNeeded(t.runtime.services.db, t.runtime.services.hasher))!;

const setupBody = (token: string) => ({
  token,
  agencyName: 'Refugio de la Niñez',
  agencyType: 'NGO',
  username: 'admin.refugio',
  displayName: "Ixchel B'atz",
  password: 'Volcanes-de-Atitlan-2026',
  locale: 'es-GT',
});

describe('first-run setup', () => {
  it('refuses a wrong token or a weak password and writes nothing', async () => {
    const token = await issueToken();
    const wrong = await t.client().post('/api/setup', setupBody('no-es-el-token'));
    expect(wrong.status).toBe(410);
    expect(problemType(wrong)).toBe('link-expired');

    for (const [password, code] of [
      ['corta-1', 'too_short'],
      ['123qweasdzxc', 'too_common'],
      ['admin.refugio-2026!', 'contains_username'],
    ] as const) {
      const weak = await t.client().post('/api/setup', { ...setupBody(token), password });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'body.password', code })]);
    }
    const badInput = await t
      .client()
      .post('/api/setup', { ...setupBody(token), agencyType: 'Club', extra: true });
    expect(badInput.status).toBe(400);
    const badUsername = await t.client().post('/api/setup', { ...setupBody(token), username: 'a b' });
    expect(badUsername.status).toBe(400);
    expect(badUsername.body.errors[0].field).toBe('body.username');

    const existing = await t.createAgency('REFUGIO de la Niñez');
    const taken = await t.client().post('/api/setup', setupBody(token));
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].field).toBe('body.agencyName');
    await t.superuser.query(`DELETE FROM agency WHERE id = $1`, [existing]);

    expect(await t.count('app_user')).toBe(0);
    expect(await t.count('agency')).toBe(0);
    expect(await t.count('user_session')).toBe(0);
    const link = await t.superuser.query(`SELECT used_at FROM one_time_link WHERE purpose = 'setup'`);
    expect(link.rows).toEqual([{ used_at: null }]);
    expect((await t.client().get('/api/setup/status')).body).toEqual({ needsSetup: true });

    // An expired link is refused too.
    await t.superuser.query(`UPDATE one_time_link SET expires_at = now() - interval '1 second'`);
    expect((await t.client().post('/api/setup', setupBody(token))).status).toBe(410);
  });

  it('creates the agency and the administrator, who must enrol two-factor login before anything else', async () => {
    const token = await issueToken();
    const client = t.client();
    const response = await client.post('/api/setup', setupBody(token));
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ csrfToken: expect.any(String), twoFactorEnrolmentRequired: true });
    expect(client.cookie).toBeDefined();
    expect((await t.client().get('/api/setup/status')).body).toEqual({ needsSetup: false });

    const me = await client.get('/api/me');
    expect(me.body).toMatchObject({
      username: 'admin.refugio',
      displayName: "Ixchel B'atz",
      agency: { name: 'Refugio de la Niñez' },
      roles: [{ key: 'system_admin' }],
      fullyAuthenticated: false,
      twoFactor: { enabled: false, required: true },
    });
    const agency = await t.superuser.query(`SELECT org_type FROM agency`);
    expect(agency.rows).toEqual([{ org_type: 'NGO' }]);
    const blocked = await client.patch('/api/me', { locale: 'en' });
    expect(blocked.status).toBe(403);
    expect(problemType(blocked)).toBe('two-factor-enrolment-required');

    // The link is spent: replaying it is refused, and so is a second setup.
    const again = await t.client().post('/api/setup', { ...setupBody(token), username: 'otra.persona' });
    expect(again.status).toBe(409);
    expect(await t.count('app_user')).toBe(1);
    expect(await issueSetupLinkIfNeeded(t.runtime.services.db, t.runtime.services.hasher)).toBeUndefined();

    const { secret } = (await client.post('/api/me/two-factor/enrolment')).body;
    const confirmed = await client.post('/api/me/two-factor/confirm', { code: totpCode(secret) });
    expect(confirmed.status).toBe(200);
    expect((await client.patch('/api/me', { locale: 'en' })).status).toBe(200);

    const events = await t.auditEvents('setup.completed');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_user_id).toBe(me.body.id);
    expect(JSON.stringify(await t.auditEvents())).not.toContain('Volcanes-de-Atitlan-2026');

    // The administrator signs in later with password and code.
    const login = await loginAs(
      t,
      { username: 'admin.refugio', password: 'Volcanes-de-Atitlan-2026' },
      totpCode(secret, 1),
    );
    expect(login.response.status).toBe(200);
    expect(login.response.body.twoFactorEnrolmentRequired).toBe(false);
  });
});
