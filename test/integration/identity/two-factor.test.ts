import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { resetTwoFactor } from '../../../src/server/identity/two-factor.ts';
import {
  activeSessionCount,
  enrolTwoFactor,
  loginAs,
  problemType,
  sessionRows,
  totpCode,
} from './helpers.ts';

let t: TestApp;
let strictRole: string;
beforeAll(async () => {
  t = await startTestApp();
  strictRole = await t.createRole({ scope: 'agency', permissions: ['case:read'], requiresTwoFactor: true });
});
afterAll(async () => t.close());

describe('two-factor login', () => {
  it('holds a user of a role that requires it to enrolment until confirmed', async () => {
    const user = await t.createUser({ roles: [strictRole] });
    const { client, response } = await loginAs(t, user);
    expect(response.status).toBe(200);
    expect(response.body.twoFactorEnrolmentRequired).toBe(true);
    expect((await sessionRows(t, user))[0]!.fully_authenticated).toBe(false);

    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      fullyAuthenticated: false,
      twoFactor: { enabled: false, required: true },
    });
    for (const [method, path] of [
      ['GET', '/api/me/sessions'],
      ['GET', '/api/me/tokens'],
      ['PATCH', '/api/me'],
    ] as const) {
      const refused = await client.request(method, path, { body: method === 'GET' ? undefined : {} });
      expect(refused.status, path).toBe(403);
      expect(problemType(refused)).toBe('two-factor-enrolment-required');
    }

    const enrolment = await client.post('/api/me/two-factor/enrolment');
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Amparo:${user.username}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      issuer: 'Amparo',
      secret: enrolment.body.secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(enrolment.body.qrSvg).toMatch(/^<svg/);
    const stored = await t.superuser.query(
      `SELECT totp_pending_secret, totp_secret FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(stored.rows[0].totp_secret).toBeNull();
    expect(stored.rows[0].totp_pending_secret.toString('latin1')).not.toContain(enrolment.body.secret);

    const wrong = await client.post('/api/me/two-factor/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('body.code');
    expect((await client.get('/api/me')).body.fullyAuthenticated).toBe(false);

    const oldCookie = client.cookie;
    const confirm = await client.post('/api/me/two-factor/confirm', {
      code: totpCode(enrolment.body.secret),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirm.body.recoveryCodes).size).toBe(10);
    expect(client.cookie).not.toBe(oldCookie);
    const after = await client.get('/api/me');
    expect(after.body).toMatchObject({
      fullyAuthenticated: true,
      twoFactor: { enabled: true, required: true },
    });
    expect(after.body.csrfToken).toBe(confirm.body.csrfToken);
    expect((await client.get('/api/me/sessions')).status).toBe(200);

    const rows = await sessionRows(t, user);
    expect(rows.map((r) => r.ended_reason)).toEqual(['rotated', null]);
    const codes = await t.superuser.query(`SELECT recovery_code_hashes FROM app_user WHERE id = $1`, [
      user.id,
    ]);
    expect(codes.rows[0].recovery_code_hashes).toHaveLength(10);
    expect(JSON.stringify(codes.rows[0])).not.toContain(confirm.body.recoveryCodes[0]);
    expect((await t.auditEvents('me.two_factor_enabled')).map((e) => e.actor_user_id)).toContain(user.id);
    expect(JSON.stringify(await t.auditEvents())).not.toContain(enrolment.body.secret);
  });

  it('makes the system administrator enrol too', async () => {
    const admin = await t.createUser({ roles: ['system_admin'] });
    const { client, response } = await loginAs(t, admin);
    expect(response.body.twoFactorEnrolmentRequired).toBe(true);
    const users = await client.get('/api/me/tokens');
    expect(problemType(users)).toBe('two-factor-enrolment-required');
  });

  it('asks for the code once enabled; accepts a current code once, and refuses a wrong or replayed one', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const { client } = await loginAs(t, user);
    const { secret } = await enrolTwoFactor(client);

    const withoutCode = await loginAs(t, user);
    expect(withoutCode.response.status).toBe(401);
    expect(problemType(withoutCode.response)).toBe('two-factor-required');
    expect(withoutCode.client.cookie).toBeUndefined();

    const wrongCode = await loginAs(t, user, '123456');
    expect(wrongCode.response.status).toBe(401);
    expect(problemType(wrongCode.response)).toBe('two-factor-required');
    expect(withoutCode.response.body.errors).toBeUndefined();
    expect(wrongCode.response.body.errors).toEqual([
      expect.objectContaining({ field: 'body.totp', code: 'incorrect' }),
    ]);
    expect((await t.auditEvents('auth.login_failed')).at(-1)!.details).toEqual({
      username: user.username,
      reason: 'invalid_second_factor',
    });

    const wrongPassword = await loginAs(
      t,
      { ...user, password: 'otra-clave-cualquiera' },
      totpCode(secret, 1),
    );
    expect(problemType(wrongPassword.response)).toBe('invalid-credentials');

    const code = totpCode(secret, 1); // the next step: the current one was spent on confirming
    const ok = await loginAs(t, user, code);
    expect(ok.response.status).toBe(200);
    expect(ok.response.body.twoFactorEnrolmentRequired).toBe(false);
    expect((await ok.client.get('/api/me')).body.fullyAuthenticated).toBe(true);
    expect((await t.auditEvents('auth.login')).at(-1)!.details).toMatchObject({ method: 'totp' });

    const replay = await loginAs(t, user, code);
    expect(replay.response.status).toBe(401);
    expect(problemType(replay.response)).toBe('two-factor-required');
  });

  it('accepts each recovery code once', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const { client } = await loginAs(t, user);
    const { recoveryCodes } = await enrolTwoFactor(client);
    const [first, second] = recoveryCodes;

    const ok = await loginAs(t, user, first!.toUpperCase());
    expect(ok.response.status).toBe(200);
    expect((await t.auditEvents('auth.login')).at(-1)!.details).toMatchObject({
      method: 'recovery_code',
      recoveryCodesLeft: 9,
    });
    const again = await loginAs(t, user, first!);
    expect(again.response.status).toBe(401);
    expect(problemType(again.response)).toBe('two-factor-required');
    expect((await loginAs(t, user, second!)).response.status).toBe(200);
    expect(JSON.stringify(await t.auditEvents())).not.toContain(first!);
  });

  it('regenerates recovery codes with a current code; the old ones stop working', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const { client } = await loginAs(t, user);
    const { secret, recoveryCodes } = await enrolTwoFactor(client);
    const wrong = await client.post('/api/me/two-factor/recovery-codes', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'body.code', code: 'incorrect' });

    const fresh = await client.post('/api/me/two-factor/recovery-codes', { code: totpCode(secret, 1) });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect((await loginAs(t, user, recoveryCodes[0]!)).response.status).toBe(401);
    expect((await loginAs(t, user, fresh.body.recoveryCodes[0])).response.status).toBe(200);
  });

  it('lets a user turn it off with the password, unless a role requires it', async () => {
    const free = await t.createUser({ roles: ['social_worker'] });
    const { client } = await loginAs(t, free);
    await enrolTwoFactor(client);
    const wrong = await client.request('DELETE', '/api/me/two-factor', {
      body: { password: 'no-es-esta-clave' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('body.password');
    expect((await client.get('/api/me')).body.twoFactor.enabled).toBe(true);
    const off = await client.request('DELETE', '/api/me/two-factor', { body: { password: free.password } });
    expect(off.status).toBe(204);
    expect((await client.get('/api/me')).body.twoFactor.enabled).toBe(false);
    expect((await loginAs(t, free)).response.status).toBe(200);

    const bound = await t.createUser({ roles: [strictRole] });
    const { client: boundClient } = await loginAs(t, bound);
    await enrolTwoFactor(boundClient);
    const refused = await boundClient.request('DELETE', '/api/me/two-factor', {
      body: { password: bound.password },
    });
    expect(refused.status).toBe(403);
    expect(problemType(refused)).toBe('forbidden');
    const row = await t.superuser.query(`SELECT totp_enabled_at, totp_secret FROM app_user WHERE id = $1`, [
      bound.id,
    ]);
    expect(row.rows[0].totp_enabled_at).not.toBeNull();
    expect(row.rows[0].totp_secret).not.toBeNull();
  });

  it('lets an administrator of the same agency reset it; another agency gets 404', async () => {
    const agency = await t.createAgency();
    const user = await t.createUser({ agencyId: agency, roles: [strictRole] });
    const first = await loginAs(t, user);
    await enrolTwoFactor(first.client);
    expect(await activeSessionCount(t, user)).toBe(1);

    const admin = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['system_admin'] }));
    const outsider = await t.signedIn(await t.createUser({ roles: ['system_admin'] }));
    const denied = await outsider.post(`/api/users/${user.id}/two-factor/reset`);
    expect(denied.status).toBe(404);
    expect((await first.client.get('/api/me')).status).toBe(200);

    const reset = await admin.post(`/api/users/${user.id}/two-factor/reset`);
    expect(reset.status).toBe(204);
    expect((await first.client.get('/api/me')).status).toBe(401);
    const row = await t.superuser.query(
      `SELECT totp_secret, totp_enabled_at, recovery_code_hashes FROM app_user WHERE id = $1`,
      [user.id],
    );
    expect(row.rows[0]).toEqual({ totp_secret: null, totp_enabled_at: null, recovery_code_hashes: [] });
    expect((await t.auditEvents('user.two_factor_reset')).map((e) => e.resource_ids)).toEqual([[user.id]]);

    // Back to enrolment at the next login.
    const next = await loginAs(t, user);
    expect(next.response.body.twoFactorEnrolmentRequired).toBe(true);
  });

  it('exports the reset for the CLI', async () => {
    const user = await t.createUser({ roles: ['social_worker'] });
    const { client } = await loginAs(t, user);
    await enrolTwoFactor(client);
    const result = await resetTwoFactor(t.runtime.services.db, user.id);
    expect(result).toEqual({ found: true, sessionsEnded: 1 });
    expect(await resetTwoFactor(t.runtime.services.db, '00000000-0000-4000-8000-000000000000')).toEqual({
      found: false,
      sessionsEnded: 0,
    });
    expect((await loginAs(t, user)).response.status).toBe(200);
  });

  it('does not let a password-only session replace an active second factor', async () => {
    const user = await t.createUser({ roles: [strictRole] });
    const early = await loginAs(t, user); // password only, not yet enrolled
    const other = await loginAs(t, user);
    await enrolTwoFactor(other.client);
    // The enrolment ended the password-only session.
    expect((await early.client.get('/api/me')).status).toBe(401);
    expect((await early.client.post('/api/me/two-factor/enrolment')).status).toBe(401);
  });
});
