import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { activeSessionCount, loginAs, problemType, sessionRows } from './helpers.ts';

let t: TestApp;
let agency: string;
beforeAll(async () => {
  t = await startTestApp();
  agency = await t.createAgency();
});
afterAll(async () => t.close());

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);

describe('password change and administrator-issued reset links', () => {
  it('changes one’s own password: policy applies, other sessions end, this one is rotated', async () => {
    const user = await t.createUser({ agencyId: agency, roles: ['social_worker'], username: 'marta.lopez' });
    const { client } = await loginAs(t, user);
    const { client: elsewhere } = await loginAs(t, user);
    const oldCookie = client.cookie;
    const oldCsrf = client.csrfToken;

    for (const [newPassword, code] of [
      ['corta', 'too_short'],
      ['password1234', 'too_common'],
      ['Marta.Lopez-en-Coban', 'contains_username'],
    ] as const) {
      const weak = await client.post('/api/me/password', { currentPassword: user.password, newPassword });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'body.newPassword', code })]);
    }
    const wrongCurrent = await client.post('/api/me/password', {
      currentPassword: 'no-es-la-actual',
      newPassword: 'Cerro-Chixoy-al-amanecer',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.errors[0]).toMatchObject({ field: 'body.currentPassword', code: 'incorrect' });
    expect((await loginAs(t, user)).response.status).toBe(200); // nothing changed yet
    expect(await activeSessionCount(t, user)).toBe(3);

    const changed = await client.post('/api/me/password', {
      currentPassword: user.password,
      newPassword: 'Cerro-Chixoy-al-amanecer',
    });
    expect(changed.status).toBe(204);
    expect(client.cookie).not.toBe(oldCookie);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).not.toBe(oldCsrf);
    client.csrfToken = me.body.csrfToken;
    expect((await client.patch('/api/me', { locale: 'en' })).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect(await activeSessionCount(t, user)).toBe(1);

    expect((await loginAs(t, user)).response.status).toBe(401);
    expect((await loginAs(t, { ...user, password: 'Cerro-Chixoy-al-amanecer' })).response.status).toBe(200);
    const events = (await t.auditEvents('me.password_changed')).filter((e) => e.actor_user_id === user.id);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(await t.auditEvents())).not.toContain('Cerro-Chixoy-al-amanecer');
  });

  it('issues a reset link that sets a new password once, ending the old sessions', async () => {
    const user = await t.createUser({ agencyId: agency, roles: ['social_worker'] });
    const admin = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['system_admin'] }));
    const { client: old } = await loginAs(t, user);

    const issued = await admin.post(`/api/users/${user.id}/password-reset-link`);
    expect(issued.status).toBe(201);
    expect(issued.body.url).toMatch(/^\/password-reset#[A-Za-z0-9_-]{43}$/);
    expect(new Date(issued.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    expect((await old.get('/api/me')).status).toBe(401);
    const token = tokenOf(issued.body.url);
    const event = (await t.auditEvents('user.password_reset_link_issued')).at(-1)!;
    expect(event).toMatchObject({ resource_ids: [user.id], details: { sessionsEnded: 1 } });
    expect(JSON.stringify(await t.auditEvents())).not.toContain(token);

    const check = await t.client().post('/api/auth/password-reset/check', { token });
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ username: user.username, expiresAt: issued.body.expiresAt });

    const weak = await t
      .client()
      .post('/api/auth/password-reset', { token, password: user.username + '-nueva-clave' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'body.password', code: 'contains_username' });
    expect((await t.client().post('/api/auth/password-reset/check', { token })).status).toBe(200);

    const { client: meanwhile } = await loginAs(t, user); // the old password still works until the reset
    const reset = await t
      .client()
      .post('/api/auth/password-reset', { token, password: 'Lago-de-Peten-Itza-77' });
    expect(reset.status).toBe(204);
    expect((await meanwhile.get('/api/me')).status).toBe(401);
    expect((await sessionRows(t, user)).at(-1)).toMatchObject({ ended_reason: 'password_reset' });

    const reuse = await t
      .client()
      .post('/api/auth/password-reset', { token, password: 'Otra-clave-mas-larga-88' });
    expect(reuse.status).toBe(410);
    expect(problemType(reuse)).toBe('link-expired');
    expect((await t.client().post('/api/auth/password-reset/check', { token })).status).toBe(410);

    expect((await loginAs(t, user)).response.status).toBe(401);
    expect((await loginAs(t, { ...user, password: 'Lago-de-Peten-Itza-77' })).response.status).toBe(200);
    expect((await t.auditEvents('auth.password_reset')).at(-1)).toMatchObject({
      actor_user_id: user.id,
      resource_ids: [user.id],
    });
  });

  it('a newer link replaces an earlier one; an expired link is refused', async () => {
    const user = await t.createUser({ agencyId: agency, roles: ['social_worker'] });
    const admin = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['system_admin'] }));
    const first = tokenOf((await admin.post(`/api/users/${user.id}/password-reset-link`)).body.url);
    const second = tokenOf((await admin.post(`/api/users/${user.id}/password-reset-link`)).body.url);
    expect((await t.client().post('/api/auth/password-reset/check', { token: first })).status).toBe(410);
    await t.superuser.query(
      `UPDATE one_time_link SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const expired = await t
      .client()
      .post('/api/auth/password-reset', { token: second, password: 'Lago-de-Amatitlan-9' });
    expect(expired.status).toBe(410);
    expect((await loginAs(t, user)).response.status).toBe(200);
  });

  it('gives an administrator of another agency, or without the permission, nothing', async () => {
    const user = await t.createUser({ agencyId: agency, roles: ['social_worker'] });
    const { client: victim } = await loginAs(t, user);
    const outsider = await t.signedIn(await t.createUser({ roles: ['system_admin'] }));
    const colleague = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['social_worker'] }));
    const linksBefore = await t.count('one_time_link');

    const foreign = await outsider.post(`/api/users/${user.id}/password-reset-link`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(user.username);
    expect(
      (await outsider.post('/api/users/00000000-0000-4000-8000-000000000000/password-reset-link')).status,
    ).toBe(404);
    const forbidden = await colleague.post(`/api/users/${user.id}/password-reset-link`);
    expect(forbidden.status).toBe(403);
    expect((await outsider.post('/api/users/no-es-un-id/password-reset-link')).status).toBe(400);

    expect(await t.count('one_time_link')).toBe(linksBefore);
    expect((await victim.get('/api/me')).status).toBe(200);
    expect(
      (await t.auditEvents('user.password_reset_link_issued')).some((e) => e.resource_ids[0] === user.id),
    ).toBe(false);
  });

  it('does not issue links for deactivated accounts', async () => {
    const user = await t.createUser({ agencyId: agency, roles: ['social_worker'] });
    await t.superuser.query(`UPDATE app_user SET active = false WHERE id = $1`, [user.id]);
    const admin = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['system_admin'] }));
    const response = await admin.post(`/api/users/${user.id}/password-reset-link`);
    expect(response.status).toBe(409);
  });
});
