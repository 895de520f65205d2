import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { HttpClient, HttpResponse } from '../../support/http-client.ts';
import type { TestApp, TestUser } from '../../support/test-app.ts';

/** A browser-like client that signs in through the real login route. */
export async function loginAs(
  t: TestApp,
  user: { username: string; password: string },
  totp?: string,
): Promise<{ client: HttpClient; response: HttpResponse }> {
  const client = t.client();
  const response = await client.post('/api/auth/login', {
    username: user.username,
    password: user.password,
    ...(totp !== undefined && { totp }),
  });
  return { client, response };
}

/** The TOTP code of a secret at now + `steps` × 30 s, as the person's phone would show it. */
export const totpCode = (secret: string, steps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

/** Enrols and confirms two-factor login for a signed-in client; returns the secret and recovery codes. */
export async function enrolTwoFactor(client: HttpClient) {
  const enrolment = await client.post('/api/me/two-factor/enrolment');
  expect(enrolment.status).toBe(200);
  const secret: string = enrolment.body.secret;
  const confirm = await client.post('/api/me/two-factor/confirm', { code: totpCode(secret) });
  expect(confirm.status).toBe(200);
  return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

export async function sessionRows(t: TestApp, user: TestUser | { id: string }) {
  return (
    await t.superuser.query(
      `SELECT encode(id, 'hex') AS id, ended_at, ended_reason, fully_authenticated FROM user_session
       WHERE user_id = $1 ORDER BY created_at`,
      [user.id],
    )
  ).rows as Array<{
    id: string;
    ended_at: Date | null;
    ended_reason: string | null;
    fully_authenticated: boolean;
  }>;
}

export const activeSessionCount = async (t: TestApp, user: { id: string }) =>
  (await sessionRows(t, user)).filter((s) => s.ended_at === null).length;

export const problemType = (response: HttpResponse) =>
  String(response.body?.type ?? '').replace('urn:amparo:problem:', '');
