import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { loginAs, problemType } from './helpers.ts';

let t: TestApp;
let reader: TestUser;
let session: HttpClient;
beforeAll(async () => {
  t = await startTestApp();
  const role = await t.createRole({ scope: 'agency', permissions: ['user:read', 'user:reset_credentials'] });
  reader = await t.createUser({ roles: [role] });
  session = (await loginAs(t, reader)).client;
});
afterAll(async () => t.close());

const withToken = (token: string) => {
  const client = t.client();
  client.bearer = token;
  return client;
};

async function createToken(body: Record<string, unknown>) {
  return session.post('/api/me/tokens', body);
}

describe('personal API tokens', () => {
  it('is shown once, stored as a keyed hash, and acts only within its scopes', async () => {
    const created = await createToken({ name: 'Integración', scopes: ['user:read'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    const { token, item } = created.body;
    expect(token).toMatch(/^amp_[A-Za-z0-9_-]{43}$/);
    expect(item).toMatchObject({
      name: 'Integración',
      scopes: ['user:read'],
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (new Date(item.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const stored = await t.superuser.query(`SELECT token_hash FROM api_token WHERE id = $1`, [item.id]);
    expect(stored.rows[0].token_hash).toHaveLength(32);
    expect(stored.rows[0].token_hash.toString('utf8')).not.toContain(token);
    const listed = await session.get('/api/me/tokens');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: item.id })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(await t.auditEvents())).not.toContain(token);

    const client = withToken(token);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: reader.id,
      permissions: ['user:read'],
      csrfToken: null,
      sessionExpiresAt: null,
      fullyAuthenticated: true,
    });
    // Not within its scope: the user holds user:reset_credentials, the token does not.
    const target = await t.createUser({ agencyId: reader.agencyId, roles: ['social_worker'] });
    const outside = await client.post(`/api/users/${target.id}/two-factor/reset`);
    expect(outside.status).toBe(403);
    expect(problemType(outside)).toBe('forbidden');
    expect((await t.auditEvents('user.two_factor_reset')).length).toBe(0);
    const wider = (
      await createToken({ name: 'Amplio', scopes: ['user:read', 'user:reset_credentials'], expiresInDays: 1 })
    ).body;
    expect((await withToken(wider.token).post(`/api/users/${target.id}/two-factor/reset`)).status).toBe(204);
    const used = await t.superuser.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [item.id]);
    expect(used.rows[0].last_used_at).not.toBeNull();
  });

  it('cannot manage credentials, sessions or other tokens', async () => {
    const { token } = (await createToken({ name: 'Sin sesión', scopes: ['user:read'], expiresInDays: 1 }))
      .body;
    const client = withToken(token);
    const before = await t.count('api_token');
    for (const [method, path, body] of [
      ['POST', '/api/me/tokens', { name: 'otro', scopes: ['user:read'], expiresInDays: 1 }],
      [
        'POST',
        '/api/me/password',
        { currentPassword: reader.password, newPassword: 'Una-clave-nueva-larga-9' },
      ],
      ['POST', '/api/me/sessions/end-all', {}],
      ['POST', '/api/me/two-factor/enrolment', {}],
      ['GET', '/api/me/tokens', undefined],
    ] as const) {
      const response = await client.request(method, path, { body });
      expect(response.status, path).toBe(403);
      expect(problemType(response)).toBe('forbidden');
    }
    expect(await t.count('api_token')).toBe(before);
    expect((await session.get('/api/me')).status).toBe(200);
  });

  it('refuses scopes the user does not hold, unknown scopes and bad expiry, writing nothing', async () => {
    const before = await t.count('api_token');
    const notHeld = await createToken({
      name: 'x',
      scopes: ['user:read', 'case:read', 'nada:hacer'],
      expiresInDays: 5,
    });
    expect(notHeld.status).toBe(400);
    expect(notHeld.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.scopes.1',
      'body.scopes.2',
    ]);
    for (const body of [
      { name: 'x', scopes: ['user:read'], expiresInDays: 0 },
      { name: 'x', scopes: ['user:read'], expiresInDays: 366 },
      { name: 'x', scopes: [], expiresInDays: 5 },
      { name: '', scopes: ['user:read'], expiresInDays: 5 },
      { name: 'x', scopes: ['user:read'], expiresInDays: 5, userId: reader.id },
    ]) {
      const response = await createToken(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
    expect(await t.count('api_token')).toBe(before);
  });

  it('stops working when revoked or expired', async () => {
    const revoked = (await createToken({ name: 'Revocable', scopes: ['user:read'], expiresInDays: 10 })).body;
    const expired = (await createToken({ name: 'Vencible', scopes: ['user:read'], expiresInDays: 10 })).body;
    expect((await withToken(revoked.token).get('/api/me')).status).toBe(200);
    expect((await withToken(expired.token).get('/api/me')).status).toBe(200);

    expect((await session.delete(`/api/me/tokens/${revoked.item.id}`)).status).toBe(204);
    const afterRevoke = await withToken(revoked.token).get('/api/me');
    expect(afterRevoke.status).toBe(401);
    expect(problemType(afterRevoke)).toBe('unauthenticated');
    expect(
      (await session.get('/api/me/tokens')).body.items.find((i: { id: string }) => i.id === revoked.item.id),
    ).toMatchObject({ revokedAt: expect.any(String) });
    expect((await t.auditEvents('me.token_revoked')).map((e) => e.resource_ids)).toEqual([[revoked.item.id]]);

    await t.superuser.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.item.id,
    ]);
    expect((await withToken(expired.token).get('/api/me')).status).toBe(401);
    expect((await withToken('amp_inventado').get('/api/me')).status).toBe(401);
  });

  it('revokes only one’s own tokens', async () => {
    const mine = (await createToken({ name: 'Mío', scopes: ['user:read'], expiresInDays: 10 })).body;
    const other = await t.signedIn(
      await t.createUser({ agencyId: reader.agencyId, roles: ['social_worker'] }),
    );
    expect((await other.delete(`/api/me/tokens/${mine.item.id}`)).status).toBe(404);
    expect((await other.get('/api/me/tokens')).body.items).toEqual([]);
    expect((await withToken(mine.token).get('/api/me')).status).toBe(200);
  });
});
