import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../support/server-process.ts';

const fixtures = path.resolve('test/fixtures/tls');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    TLS_CERT: path.join(fixtures, 'localhost.crt'),
    TLS_KEY: path.join(fixtures, 'localhost.key'),
  });
});
afterAll(async () => server?.stop());

/** A request over TLS trusting the test certificate (self-signed for 127.0.0.1). */
function request(method: string, url: string, body?: unknown) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const req = https.request(
      url,
      { method, rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

describe('HTTPS served directly (TLS_CERT / TLS_KEY)', () => {
  it('serves the API over TLS with HSTS and marks the session cookie Secure', async () => {
    expect(server.baseUrl.startsWith('https://')).toBe(true);
    const health = await request('GET', `${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toContain('max-age=');
    expect(server.setupUrl?.startsWith('https://')).toBe(true);
    const token = server.setupUrl!.split('#')[1];
    const setup = await request('POST', `${server.baseUrl}/api/setup`, {
      token,
      agencyName: 'Institución de prueba TLS',
      agencyType: 'NGO',
      username: 'admin.tls',
      displayName: 'Administración TLS',
      password: 'una frase larga y segura',
      locale: 'es-GT',
    });
    expect(setup.status).toBe(201);
    const cookie = String(setup.headers['set-cookie']);
    expect(cookie).toMatch(/amparo_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});
