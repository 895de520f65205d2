import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { startServerAndBrowserForFile, type ServerAndBrowser } from './browser.ts';
import { HttpClient, type HttpResponse } from '../../support/http-client.ts';
import type { RunningServer } from '../../support/server-process.ts';

/**
 * A freshly set-up installation with the people of a protection programme, made through the API as an
 * administrator would (the foundation journey covers doing it on screen): the administrator, a caseworker
 * and a colleague and a coordinator of one programme and team, a caseworker of another programme, each
 * with a password, and the coordinator with two-factor login enrolled (the role requires it).
 */

export const PASSWORDS = {
  admin: 'una frase larga de acceso',
  worker: 'caminos de agua en Cobán',
  coordinator: 'el volcán de agua al amanecer',
};

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  password: string;
  /** Base32 TOTP secret, for those enrolled in two-factor login */
  totpSecret?: string;
  /** The last time step whose code was used: the server refuses a code twice */
  totpStep?: number;
}

export interface CaseWorld {
  /** The server the world lives on */
  baseUrl: string;
  admin: HttpClient;
  programmeId: string;
  teamId: string;
  worker: StaffMember;
  colleague: StaffMember;
  coordinator: StaffMember;
  /** The agency's returnee programme and its team, where the outsider works */
  returneeProgrammeId: string;
  returneeTeamId: string;
  /** A caseworker of another programme's team: the first programme's cases are outside her scope */
  outsider: StaffMember;
}

export const totpCode = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret) });

const currentStep = () => Math.floor(Date.now() / 30_000);

/** A code the server has not seen yet from this member (waits for the next 30-second step if needed). */
export async function freshTotp(member: StaffMember): Promise<string> {
  if (!member.totpSecret) throw new Error(`${member.username} has no second factor`);
  while (member.totpStep !== undefined && currentStep() <= member.totpStep)
    await new Promise((resolve) => setTimeout(resolve, 500));
  member.totpStep = currentStep();
  return totpCode(member.totpSecret);
}

function expectOk<T>(response: { status: number; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The response's body, once the test has asserted its status (201 Created unless told). */
export function expectStatus<T>(response: HttpResponse<T>, status = 201): T {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** Enrols two-factor login for the signed-in client; returns the secret. */
export async function enrolTwoFactor(client: HttpClient): Promise<string> {
  const { secret } = expectOk(await client.post('/api/me/two-factor/enrolment'), 'enrolment') as {
    secret: string;
  };
  expectOk(await client.post('/api/me/two-factor/confirm', { code: totpCode(secret) }), 'confirm');
  return secret;
}

/**
 * Enrols two-factor login for a member who has none (as she would on her first login, which her role
 * requires): the member then carries the secret, and the code used for it counts as seen.
 */
export async function enrolTwoFactorFor(baseUrl: string, member: StaffMember): Promise<void> {
  const client = new HttpClient(baseUrl);
  expectOk(
    await client.post('/api/auth/login', { username: member.username, password: member.password }),
    `login ${member.username}`,
  );
  member.totpSecret = await enrolTwoFactor(client);
  member.totpStep = currentStep();
  await client.post('/api/auth/logout');
}

export async function createStaff(
  world: { admin: HttpClient; baseUrl: string },
  spec: {
    username: string;
    displayName: string;
    password: string;
    role: string;
    programmeId: string | null;
    /** No team for a role that works across the agency */
    teamId?: string;
    /** Enrols the member in two-factor login (for the roles that require it) */
    twoFactor?: boolean;
  },
): Promise<StaffMember> {
  const created = expectOk(
    await world.admin.post('/api/users', {
      username: spec.username,
      displayName: spec.displayName,
      roles: [{ key: spec.role, programmeId: spec.programmeId }],
      teamIds: spec.teamId ? [spec.teamId] : [],
    }),
    `user ${spec.username}`,
  ) as { user: { id: string }; passwordLink: { url: string } };
  const token = decodeURIComponent(new URL(created.passwordLink.url).hash.replace(/^#/, ''));
  const anonymous = new HttpClient(world.baseUrl);
  expectOk(await anonymous.post('/api/auth/password-reset', { token, password: spec.password }), 'password');
  const member: StaffMember = {
    id: created.user.id,
    username: spec.username,
    displayName: spec.displayName,
    password: spec.password,
  };
  if (spec.twoFactor) await enrolTwoFactorFor(world.baseUrl, member);
  return member;
}

export async function setUpCaseWorld(server: RunningServer): Promise<CaseWorld> {
  if (!server.setupUrl) throw new Error(`No setup link:\n${server.output()}`);
  const admin = new HttpClient(server.baseUrl);
  const token = decodeURIComponent(new URL(server.setupUrl).hash.replace(/^#/, ''));
  expectOk(
    await admin.post('/api/setup', {
      token,
      agencyName: 'Refugio de la Niñez (prueba)',
      username: 'admin.ana',
      displayName: 'Ana Administradora',
      password: PASSWORDS.admin,
    }),
    'setup',
  );
  await enrolTwoFactor(admin);
  const programme = expectOk(
    await admin.post('/api/programmes', { name: 'Hogar Seguro (prueba)', kind: 'protection_centre' }),
    'programme',
  ) as { id: string };
  const team = expectOk(
    await admin.post('/api/teams', { name: 'Equipo del hogar', programmeId: programme.id }),
    'team',
  ) as { id: string };
  const world = { admin, baseUrl: server.baseUrl };
  const worker = await createStaff(world, {
    username: 'lucia.tzoc',
    displayName: "Lucía Tz'oc",
    password: PASSWORDS.worker,
    role: 'social_worker',
    programmeId: null,
    teamId: team.id,
  });
  const colleague = await createStaff(world, {
    username: 'marco.ajanel',
    displayName: 'Marco Ajanel',
    password: PASSWORDS.worker,
    role: 'social_worker',
    programmeId: null,
    teamId: team.id,
  });
  const coordinator = await createStaff(world, {
    username: 'rosa.coc',
    displayName: 'Rosa Coc',
    password: PASSWORDS.coordinator,
    role: 'programme_coordinator',
    programmeId: programme.id,
    teamId: team.id,
    twoFactor: true,
  });
  const returnees = expectOk(
    await admin.post('/api/programmes', {
      name: 'Retorno y reintegración (prueba)',
      kind: 'returnee_reintegration',
    }),
    'programme',
  ) as { id: string };
  const returneeTeam = expectOk(
    await admin.post('/api/teams', { name: 'Equipo de retorno', programmeId: returnees.id }),
    'team',
  ) as { id: string };
  const outsider = await createStaff(world, {
    username: 'pedro.xol',
    displayName: 'Pedro Xol',
    password: PASSWORDS.worker,
    role: 'social_worker',
    programmeId: null,
    teamId: returneeTeam.id,
  });
  return {
    baseUrl: server.baseUrl,
    admin,
    programmeId: programme.id,
    teamId: team.id,
    worker,
    colleague,
    coordinator,
    returneeProgrammeId: returnees.id,
    returneeTeamId: returneeTeam.id,
    outsider,
  };
}

export interface CaseWorldInBrowser extends ServerAndBrowser {
  world: CaseWorld;
}

/**
 * Starts a fresh server with the case world, and Chromium, before this file's tests, and stops both after
 * them. The returned object is filled in by the time the tests run.
 */
export function startCaseWorldForFile(): CaseWorldInBrowser {
  const running = startServerAndBrowserForFile() as CaseWorldInBrowser;
  beforeAll(async () => {
    running.world = await setUpCaseWorld(running.server);
  });
  return running;
}

/** A client signed in as a staff member (with their second factor when enrolled). */
export async function signIn(baseUrl: string, member: StaffMember): Promise<HttpClient> {
  const client = new HttpClient(baseUrl);
  expectOk(
    await client.post('/api/auth/login', {
      username: member.username,
      password: member.password,
      ...(member.totpSecret && { totp: await freshTotp(member) }),
    }),
    `login ${member.username}`,
  );
  return client;
}

/** Logs a member in on the login screen (with her second factor when enrolled) and waits for the home screen. */
export async function logIn(page: Page, baseUrl: string, member: StaffMember) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nombre de usuario').fill(member.username);
  await page.getByLabel('Contraseña').fill(member.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  if (member.totpSecret) {
    await page.getByLabel('Código de verificación').fill(await freshTotp(member));
    await page.getByRole('button', { name: 'Verificar' }).click();
  }
  await page.getByTestId('my-roles').waitFor();
}

/**
 * Registers a person and opens a residential-protection case for her in the world's programme and team,
 * through the API as `client` (a member of that team).
 */
export async function registerPersonWithCase(
  client: HttpClient,
  world: CaseWorld,
  person: Record<string, unknown>,
): Promise<{ personId: string; caseId: string; caseNumber: string }> {
  const registered = expectOk(await client.post('/api/persons', person), 'person') as { id: string };
  const opened = expectOk(
    await client.post('/api/cases', {
      personId: registered.id,
      caseType: 'residential_trafficking_victim',
      programmeId: world.programmeId,
      teamId: world.teamId,
    }),
    'case',
  ) as { id: string; number: string };
  return { personId: registered.id, caseId: opened.id, caseNumber: opened.number };
}
