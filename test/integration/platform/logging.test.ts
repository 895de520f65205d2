import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'trace' });
});
afterAll(async () => t.close());

describe('structured logs', () => {
  it('never contain passwords, session cookies, tokens, CSRF tokens or a person’s name', async () => {
    const agency = await t.createAgency();
    const role = await t.createRole({ scope: 'agency', permissions: ['user:read', 'user:create'] });
    const admin = await t.createUser({
      agencyId: agency,
      roles: [role],
      password: 'Contraseña-muy-secreta-9',
    });
    const wrong = await t
      .client()
      .post('/api/auth/login', { username: admin.username, password: 'Otra-clave-equivocada-7' });
    expect(wrong.status).toBe(401);
    const client = t.client();
    const login = await client.post('/api/auth/login', {
      username: admin.username,
      password: admin.password,
    });
    expect(login.status).toBe(200);
    const created = await client.post('/api/users', {
      username: 'ixchel.cux',
      displayName: "Ixchel B'atz Cux Caal",
      roles: [],
    });
    expect(created.status).toBe(201);
    expect((await client.get('/api/users?q=Ixchel')).status).toBe(200);
    const token = await client.post('/api/me/tokens', {
      name: 'integración',
      scopes: ['user:read'],
      expiresInDays: 1,
    });
    expect(token.status).toBe(201);
    const bearer = t.client();
    bearer.bearer = token.body.token;
    expect((await bearer.get('/api/me')).status).toBe(200);

    const logs = t.logLines.join('');
    expect(logs.length).toBeGreaterThan(1000); // requests were logged at all
    for (const secret of [
      admin.password,
      'Otra-clave-equivocada-7',
      client.cookie!,
      client.csrfToken!,
      token.body.token,
      'Ixchel',
      "B'atz",
      created.body.passwordLink.url.split('#')[1],
    ]) {
      expect(logs.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});
