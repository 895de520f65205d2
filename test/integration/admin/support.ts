import { expect } from 'vitest';
import { ALL_PERMISSIONS, type Permission } from '../../../src/core/access/catalogue.ts';
import type { HttpClient, HttpResponse } from '../../support/http-client.ts';
import { startTestApp, type TestApp, type TestUser } from '../../support/test-app.ts';

export const ADMIN_PERMISSIONS = ALL_PERMISSIONS.filter((p) =>
  ['user', 'role', 'agency', 'programme', 'team', 'setting', 'audit'].includes(p.split(':')[0]!),
);

export const ifMatch = (version: number | string) => ({ 'if-match': `"${version}"` });

export interface SignedIn {
  user: TestUser;
  client: HttpClient;
}

/** An administrator of one agency (the shipped system_admin role, agency scope). */
export async function agencyAdmin(t: TestApp, agencyId: string): Promise<SignedIn> {
  const user = await t.createUser({ agencyId, roles: ['system_admin'] });
  return { user, client: await t.signedIn(user) };
}

export interface TwoAgencies {
  t: TestApp;
  agencyA: string;
  agencyB: string;
  adminA: SignedIn;
  adminB: SignedIn;
}

/**
 * A fresh app with two agencies, each with its own administrator: what every administration test needs to
 * show that one agency's records stay out of the other's reach.
 */
export async function twoAgencies(nameA?: string, nameB?: string): Promise<TwoAgencies> {
  const t = await startTestApp();
  const agencyA = await t.createAgency(nameA);
  const agencyB = await t.createAgency(nameB);
  return {
    t,
    agencyA,
    agencyB,
    adminA: await agencyAdmin(t, agencyA),
    adminB: await agencyAdmin(t, agencyB),
  };
}

/** An administrator whose grants reach every agency (a shared role of scope 'all'). */
export async function installationAdmin(t: TestApp, agencyId: string): Promise<SignedIn> {
  const key = await t.createRole({ scope: 'all', permissions: ADMIN_PERMISSIONS, requiresTwoFactor: true });
  const user = await t.createUser({ agencyId, roles: [key] });
  return { user, client: await t.signedIn(user) };
}

export async function signedInWith(
  t: TestApp,
  agencyId: string,
  permissions: Permission[],
  scope: 'agency' | 'all' = 'agency',
): Promise<SignedIn> {
  const key = await t.createRole({ scope, permissions });
  const user = await t.createUser({ agencyId, roles: [key] });
  return { user, client: await t.signedIn(user) };
}

/** Asserts a problem response; returns its field errors. */
export function expectProblem(response: HttpResponse, status: number, type?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  if (type) expect(response.body.type).toBe(`urn:amparo:problem:${type}`);
  return (response.body.errors ?? []) as Array<{ field: string; code: string; message: string }>;
}

/** A 400 with field details naming `field` (prefix match). */
export function expectValidation(response: HttpResponse, field?: string) {
  const errors = expectProblem(response, 400, 'validation');
  expect(errors.length).toBeGreaterThan(0);
  if (field)
    expect(
      errors.some((e) => e.field.startsWith(field)),
      JSON.stringify(errors),
    ).toBe(true);
  return errors;
}

/** A bad input and the field (prefix) its 400 must name. */
export type BadInput = [body: Record<string, unknown>, field: string];

/** Each bad input is refused with a 400 naming its field, and writes nothing (not even an audit event). */
export async function expectEachRefused(
  t: TestApp,
  tables: string[],
  cases: BadInput[],
  send: (body: Record<string, unknown>) => Promise<HttpResponse>,
): Promise<void> {
  for (const [body, field] of cases)
    expectValidation(await expectNothingWritten(t, tables, () => send(body)), field);
}

/** An update without If-Match is refused (428), and one stating a stale version too (412); returns the 412. */
export async function expectVersionRequired(
  client: HttpClient,
  url: string,
  body: Record<string, unknown>,
  staleVersion: number,
): Promise<HttpResponse> {
  expectProblem(await client.patch(url, body), 428, 'precondition-required');
  const stale = await client.patch(url, body, ifMatch(staleVersion));
  expectProblem(stale, 412, 'precondition-failed');
  return stale;
}

/** Row counts of the tables a write could touch, to prove a refused request wrote nothing. */
export async function snapshot(t: TestApp, tables: string[]) {
  const counts: Record<string, number> = {};
  for (const table of [...tables, 'audit_event']) counts[table] = await t.count(table);
  return counts;
}

/** Runs a request that must be refused and change nothing (not even the audit trail). */
export async function expectNothingWritten(
  t: TestApp,
  tables: string[],
  request: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const before = await snapshot(t, tables);
  const response = await request();
  expect(await snapshot(t, tables)).toEqual(before);
  return response;
}
