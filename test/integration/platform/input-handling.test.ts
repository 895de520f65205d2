import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';

let t: TestApp;
let admin: HttpClient;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
  const role = await t.createRole({
    scope: 'agency',
    permissions: ['user:read', 'user:create', 'user:update'],
  });
  admin = await t.signedIn(await t.createUser({ roles: [role] }));
});
afterAll(async () => t.close());

const problem = (type: string) => `urn:amparo:problem:${type}`;

describe('input handling', () => {
  it('stores any text verbatim through parameterised SQL and returns it unchanged', async () => {
    const names = [
      "Q'eqchi' B’atz Bʼatz",
      `Robert'); DROP TABLE app_user; --`,
      '<script>alert("x")</script> & ñandú 😀',
    ];
    for (const [i, displayName] of names.entries()) {
      const created = await admin.post('/api/users', { username: `verbatim${i}`, displayName, roles: [] });
      expect(created.status).toBe(201);
      expect(created.body.user.displayName).toBe(displayName);
      const stored = await t.superuser.query('SELECT display_name FROM app_user WHERE username = $1', [
        `verbatim${i}`,
      ]);
      expect(stored.rows[0].display_name).toBe(displayName);
    }
    expect(await t.count('app_user')).toBeGreaterThan(3);
  });

  it('answers malformed JSON, wrong types, unknown fields, wrong media types and oversize bodies with 4xx and writes nothing', async () => {
    const before = await t.count('app_user');
    const cases: Array<[Parameters<HttpClient['request']>[2], number, string]> = [
      [{ rawBody: '{"username": "x",' }, 400, 'malformed-request'],
      [{ body: { username: 42, displayName: 'Ana', roles: [] } }, 400, 'validation'],
      [{ body: { username: 'ana.maria', displayName: 'Ana', roles: [], isAdmin: true } }, 400, 'validation'],
      [
        { rawBody: 'username=ana', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'unsupported-media-type',
      ],
      [
        { body: { username: 'ana.grande', displayName: 'A'.repeat(5000), roles: [] } },
        413,
        'payload-too-large',
      ],
    ];
    for (const [options, status, type] of cases) {
      const response = await admin.request('POST', '/api/users', options);
      expect(response.status, type).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.type).toBe(problem(type));
      expect(response.body.requestId).toBeTruthy();
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    }
    const typed = await admin.request('POST', '/api/users', {
      body: { username: 42, displayName: 'Ana', roles: [], isAdmin: true },
    });
    expect(typed.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.username']),
    );
    expect(await t.count('app_user')).toBe(before);
  });
});
