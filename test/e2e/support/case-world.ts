import { Secret, TOTP } from 'otpauth';
import { HttpClient } from '../../support/http-client.ts';
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
  admin: HttpClient;
  programmeId: string;
  teamId: string;
  worker: StaffMember;
  colleague: StaffMember;
  coordinator: StaffMember;
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

/** Enrols two-factor login for the signed-in client; returns the secret. */
export async function enrolTwoFactor(client: HttpClient): Promise<string> {
  const { secret } = expectOk(await client.post('/api/me/two-factor/enrolment'), 'enrolment') as {
    secret: string;
  };
  expectOk(await client.post('/api/me/two-factor/confirm', { code: totpCode(secret) }), 'confirm');
  return secret;
}

export async function createStaff(
  world: { admin: HttpClient; baseUrl: string },
  spec: {
    username: string;
    displayName: string;
    password: string;
    role: string;
    programmeId: string | null;
    teamId: string;
  },
): Promise<StaffMember> {
  const created = expectOk(
    await world.admin.post('/api/users', {
      username: spec.username,
      displayName: spec.displayName,
      roles: [{ key: spec.role, programmeId: spec.programmeId }],
      teamIds: [spec.teamId],
    }),
    `user ${spec.username}`,
  ) as { user: { id: string }; passwordLink: { url: string } };
  const token = decodeURIComponent(new URL(created.passwordLink.url).hash.replace(/^#/, ''));
  const anonymous = new HttpClient(world.baseUrl);
  expectOk(await anonymous.post('/api/auth/password-reset', { token, password: spec.password }), 'password');
  return {
    id: created.user.id,
    username: spec.username,
    displayName: spec.displayName,
    password: spec.password,
  };
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
  const coordinatorClient = new HttpClient(server.baseUrl);
  expectOk(
    await coordinatorClient.post('/api/auth/login', {
      username: coordinator.username,
      password: coordinator.password,
    }),
    'coordinator login',
  );
  coordinator.totpSecret = await enrolTwoFactor(coordinatorClient);
  coordinator.totpStep = currentStep();
  await coordinatorClient.post('/api/auth/logout');
  return { admin, programmeId: programme.id, teamId: team.id, worker, colleague, coordinator, outsider };
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
