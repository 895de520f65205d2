import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

const apps: TestApp[] = [];
afterAll(async () => Promise.all(apps.map((t) => t.close())));

async function failedLoginFrom(t: TestApp, forwardedFor: string) {
  const response = await t.client().request('POST', '/api/auth/login', {
    body: { username: 'nadie.aqui', password: 'no-es-la-clave-correcta' },
    headers: { 'x-forwarded-for': forwardedFor },
  });
  expect(response.status).toBe(401);
  return (await t.superuser.query(`SELECT key FROM login_throttle WHERE key LIKE 'ip:%'`)).rows.map(
    (r) => r.key,
  );
}

describe('TRUST_PROXY', () => {
  it('behind a trusted proxy, per-address login limits count the real client address', async () => {
    const t = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    apps.push(t);
    expect(await failedLoginFrom(t, '203.0.113.7')).toEqual(['ip:203.0.113.7']);
    const audit = await t.auditEvents('auth.login_failed');
    expect(audit.at(-1)?.details).toBeDefined();
  });

  it('without it, a forwarded address sent by the client is ignored', async () => {
    const t = await startTestApp();
    apps.push(t);
    expect(await failedLoginFrom(t, '203.0.113.7')).toEqual(['ip:127.0.0.1']);
  });
});
