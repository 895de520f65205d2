import { expect } from 'vitest';
import type { Permission, Scope, SensitivityClass } from '../../../src/core/access/catalogue.ts';
import { SENSITIVITY_CLASSES } from '../../../src/core/access/catalogue.ts';
import type { HttpClient, HttpResponse } from '../../support/http-client.ts';
import type { TestApp, TestUser } from '../../support/test-app.ts';

export const ifMatch = (version: number | string) => ({ 'if-match': `"${version}"` });

export const CASE_WORK: Permission[] = [
  'person:read',
  'person:create',
  'person:update',
  'case:read',
  'case:create',
  'case:update',
];

export interface Staff {
  user: TestUser;
  client: HttpClient;
}

/** A user with a role made for the test: the given scope, permissions and clearances. */
export async function staff(
  t: TestApp,
  spec: {
    agencyId: string;
    scope: Scope;
    permissions?: Permission[];
    clearances?: readonly SensitivityClass[];
    teamIds?: string[];
    programmeId?: string;
  },
): Promise<Staff> {
  const key = await t.createRole({
    scope: spec.scope,
    permissions: spec.permissions ?? CASE_WORK,
    clearances: [...(spec.clearances ?? SENSITIVITY_CLASSES)],
  });
  const user = await t.createUser({
    agencyId: spec.agencyId,
    roles: [key],
    teamIds: spec.teamIds ?? [],
    ...(spec.programmeId && { roleProgrammeId: spec.programmeId }),
  });
  return { user, client: await t.signedIn(user) };
}

/** One agency with two programmes, a team in each, and the people who work there. */
export async function agencyWithStaff(t: TestApp, name: string) {
  const agencyId = await t.createAgency(name);
  const centre = await t.createProgramme(agencyId, 'protection_centre', `Hogar ${name}`);
  const returnees = await t.createProgramme(agencyId, 'returnee_reintegration', `Retornados ${name}`);
  const centreTeam = await t.createTeam(agencyId, `Equipo hogar ${name}`, centre);
  const returneeTeam = await t.createTeam(agencyId, `Equipo retornados ${name}`, returnees);
  const worker = await staff(t, { agencyId, scope: 'team', teamIds: [centreTeam] });
  const colleague = await staff(t, { agencyId, scope: 'team', teamIds: [centreTeam] });
  const otherTeamWorker = await staff(t, { agencyId, scope: 'team', teamIds: [returneeTeam] });
  const coordinator = await staff(t, {
    agencyId,
    scope: 'programme',
    programmeId: centre,
    permissions: [...CASE_WORK, 'case:assign', 'case:approve', 'case:close'],
  });
  const returneeCoordinator = await staff(t, {
    agencyId,
    scope: 'programme',
    programmeId: returnees,
    permissions: [...CASE_WORK, 'case:assign', 'case:approve', 'case:close'],
  });
  return {
    agencyId,
    centre,
    returnees,
    centreTeam,
    returneeTeam,
    worker,
    colleague,
    otherTeamWorker,
    coordinator,
    returneeCoordinator,
  };
}

export function expectStatus(response: HttpResponse, status: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

export async function createPerson(client: HttpClient, body: Record<string, unknown>) {
  return expectStatus(await client.post('/api/persons', body), 201) as { id: string; version: number };
}

export async function createCase(client: HttpClient, body: Record<string, unknown>) {
  return expectStatus(await client.post('/api/cases', body), 201) as {
    id: string;
    number: string;
    version: number;
    personId: string;
  };
}

/** Registers a person and opens a case for them in one go. */
export async function personWithCase(
  client: HttpClient,
  person: Record<string, unknown>,
  kase: Record<string, unknown>,
) {
  const p = await createPerson(client, person);
  const c = await createCase(client, { personId: p.id, caseType: 'residential_trafficking_victim', ...kase });
  return { person: p, kase: c };
}

/** Row counts of the given tables and of the audit trail. */
export async function counts(t: TestApp, tables: string[]) {
  const result: Record<string, number> = {};
  for (const table of [...tables, 'audit_event']) result[table] = await t.count(table);
  return result;
}

export const PERSON_TABLES = [
  'person',
  'person_name_token',
  'person_relation',
  'person_identity_document',
  'change_history',
];
export const CASE_TABLES = [
  'case_file',
  'case_counter',
  'change_history',
  'record_restriction',
  'emergency_access',
];
