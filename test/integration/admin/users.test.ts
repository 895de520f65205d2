import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUsableLink } from '../../../src/server/identity/one-time-links.ts';
import { loadActor } from '../../../src/server/platform/auth/load-actor.ts';
import {
  type BadInput,
  expectEachRefused,
  expectNothingWritten,
  expectProblem,
  expectValidation,
  expectVersionRequired,
  ifMatch,
  installationAdmin,
  twoAgencies,
  type TwoAgencies,
} from './support.ts';

const USER_KEYS = [
  'active',
  'agencyId',
  'createdAt',
  'deactivatedAt',
  'displayName',
  'id',
  'locale',
  'roles',
  'teamIds',
  'twoFactorEnabled',
  'username',
  'version',
];
const USER_TABLES = ['app_user', 'user_role', 'team_member', 'one_time_link'];

let { t, agencyA, agencyB, adminA, adminB } = {} as TwoAgencies;
let programmeA: string;
let teamA: string;

beforeAll(async () => {
  ({ t, agencyA, agencyB, adminA, adminB } = await twoAgencies('Asociación A', 'Asociación B'));
  programmeA = await t.createProgramme(agencyA, 'protection_centre', 'Hogar A');
  teamA = await t.createTeam(agencyA, 'Equipo A', programmeA);
});
afterAll(async () => t.close());

const newUser = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  displayName: `Persona ${username}`,
  roles: [{ key: 'social_worker' }],
  ...extra,
});

async function createViaApi(client = adminA.client, body: Record<string, unknown>) {
  const response = await client.post('/api/users', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.user as { id: string; version: number; username: string };
}

/** A programme coordinator created through the API, with a session of their own. */
async function signedInCoordinator(username: string) {
  const created = await createViaApi(
    adminA.client,
    newUser(username, { roles: [{ key: 'programme_coordinator' }] }),
  );
  const session = await t.signedIn({ id: created.id, username, password: '', agencyId: agencyA });
  return { created, session };
}

describe('creating users', () => {
  it('creates a user with roles and teams and hands out a one-time password link, never a password', async () => {
    const response = await adminA.client.post('/api/users', {
      username: 'maria.lopez',
      displayName: "María López B'atz",
      locale: 'es-GT',
      roles: [{ key: 'social_worker' }, { key: 'educator', programmeId: programmeA }],
      teamIds: [teamA],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const { user, passwordLink } = response.body;
    expect(Object.keys(user).sort()).toEqual(USER_KEYS);
    expect(user).toMatchObject({
      username: 'maria.lopez',
      displayName: "María López B'atz",
      agencyId: agencyA,
      locale: 'es-GT',
      active: true,
      deactivatedAt: null,
      twoFactorEnabled: false,
      teamIds: [teamA],
      version: 1,
    });
    expect(user.roles).toEqual([
      { key: 'educator', programmeId: programmeA },
      { key: 'social_worker', programmeId: null },
    ]);
    expect(response.headers.get('etag')).toBe('"1"');

    // The link is a real, usable one-time link for this user; the account has no password yet.
    expect(passwordLink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/password-reset#[\w-]{40,}$/);
    expect(new Date(passwordLink.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    const token = passwordLink.url.split('#')[1];
    const link = await findUsableLink(
      t.runtime.services.db,
      t.runtime.services.hasher,
      'password_reset',
      token,
    );
    expect(link?.user_id).toBe(user.id);
    const row = await t.superuser.query('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    expect(row.rows[0].password_hash).toBeNull();
    const granted = await t.superuser.query('SELECT granted_by FROM user_role WHERE user_id = $1', [user.id]);
    expect(granted.rows.map((r) => r.granted_by)).toEqual([adminA.user.id, adminA.user.id]);

    const [created] = (await t.auditEvents('user.created')).filter((e) => e.resource_ids[0] === user.id);
    expect(created?.actor_user_id).toBe(adminA.user.id);
    expect(created?.details.fields).toEqual(
      expect.arrayContaining(['username', 'displayName', 'roles', 'teamIds']),
    );
    expect(JSON.stringify(created?.details)).not.toContain('María');
    expect((await t.auditEvents('user.password_link_issued')).map((e) => e.resource_ids[0])).toContain(
      user.id,
    );
  });

  it('refuses a username already in use with 409 on body.username and writes nothing', async () => {
    const response = await expectNothingWritten(t, USER_TABLES, () =>
      adminA.client.post('/api/users', newUser('maria.lopez')),
    );
    const errors = expectProblem(response, 409, 'conflict');
    expect(errors.map((e) => e.field)).toEqual(['body.username']);
  });

  it('refuses bad input with field details and writes nothing', async () => {
    const cases: BadInput[] = [
      [{ ...newUser('campo.extra'), isAdmin: true }, 'body'],
      [{ ...newUser('tipo.malo'), displayName: 5 }, 'body.displayName'],
      [{ ...newUser('muy.largo'), displayName: 'x'.repeat(201) }, 'body.displayName'],
      [{ ...newUser('idioma.malo'), locale: 'fr' }, 'body.locale'],
      [newUser('Con Espacios'), 'body.username'],
      [newUser('x'.repeat(65)), 'body.username'],
      [{ ...newUser('sin.roles'), roles: undefined }, 'body.roles'],
      [{ ...newUser('rol.desconocido'), roles: [{ key: 'wizard' }] }, 'body.roles.0.key'],
      [{ ...newUser('rol.campo'), roles: [{ key: 'educator', extra: 1 }] }, 'body.roles.0'],
      [{ ...newUser('equipo.raro'), teamIds: ['no-es-uuid'] }, 'body.teamIds.0'],
    ];
    await expectEachRefused(t, USER_TABLES, cases, (body) => adminA.client.post('/api/users', body));
  });

  it("refuses another agency's team or programme as a 400 without revealing it", async () => {
    const teamB = await t.createTeam(agencyB);
    const programmeB = await t.createProgramme(agencyB);
    let response = await expectNothingWritten(t, USER_TABLES, () =>
      adminA.client.post('/api/users', newUser('equipo.ajeno', { teamIds: [teamB] })),
    );
    expectValidation(response, 'body.teamIds.0');
    response = await expectNothingWritten(t, USER_TABLES, () =>
      adminA.client.post(
        '/api/users',
        newUser('programa.ajeno', { roles: [{ key: 'educator', programmeId: programmeB }] }),
      ),
    );
    expectValidation(response, 'body.roles.0.programmeId');
  });

  it('creates users only in the own agency unless the grant reaches every agency', async () => {
    const before = await t.count('app_user');
    const refused = await adminA.client.post('/api/users', newUser('otra.agencia', { agencyId: agencyB }));
    expectProblem(refused, 403, 'forbidden');
    expect(await t.count('app_user')).toBe(before);
    expect((await t.auditEvents('authz.denied')).at(-1)?.actor_user_id).toBe(adminA.user.id);

    const global = await installationAdmin(t, agencyA);
    const created = await createViaApi(global.client, newUser('en.agencia.b', { agencyId: agencyB }));
    expect((await adminB.client.get(`/api/users/${created.id}`)).body.agencyId).toBe(agencyB);
  });

  it('lets only an installation-wide administrator hand out a role of global scope', async () => {
    const globalRole = await t.createRole({ scope: 'all', permissions: ['report:read'] });
    const before = await t.count('app_user');
    const response = await adminA.client.post(
      '/api/users',
      newUser('alcance.global', { roles: [{ key: globalRole }] }),
    );
    expectProblem(response, 403, 'forbidden');
    expect(await t.count('app_user')).toBe(before);
  });
});

describe('reading and listing users', () => {
  it('pages through the agency with totals, searching without regard to case or accents', async () => {
    const people: Array<[string, string]> = [
      ['ana.perez', 'Ána Pérez'],
      ['jose.ixcoy', 'José Ixcoy'],
      ['juana.tzul', 'Juana Tzul'],
      ['pedro.100', 'Pedro 100% Cien'],
    ];
    for (const [username, displayName] of people)
      await createViaApi(adminA.client, newUser(username, { displayName }));
    const total = await t.superuser.query('SELECT count(*)::int AS n FROM app_user WHERE agency_id = $1', [
      agencyA,
    ]);

    const page1 = await adminA.client.get('/api/users?page=1&pageSize=2');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: total.rows[0].n, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await adminA.client.get('/api/users?page=2&pageSize=2');
    expect(page2.body.items).toHaveLength(2);
    const ids1 = page1.body.items.map((u: { id: string }) => u.id);
    for (const user of page2.body.items) expect(ids1).not.toContain(user.id);
    for (const user of [...page1.body.items, ...page2.body.items]) {
      expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(user.agencyId).toBe(agencyA);
    }

    const search = async (q: string) =>
      (await adminA.client.get(`/api/users?q=${encodeURIComponent(q)}`)).body.items.map(
        (u: { username: string }) => u.username,
      );
    expect(await search('JOSE')).toEqual(['jose.ixcoy']);
    expect(await search('perez')).toEqual(['ana.perez']);
    expect(await search('ana')).toEqual(expect.arrayContaining(['ana.perez', 'juana.tzul']));
    expect(await search('100%')).toEqual(['pedro.100']);
    expect(await search('%')).toEqual(['pedro.100']);
    expect(await search('_')).toEqual([]);
    expect(await search("'; DROP TABLE app_user; --")).toEqual([]);

    const list = (await t.auditEvents('user.list')).at(-1);
    expect(list?.actor_user_id).toBe(adminA.user.id);
    expect(list?.details).toMatchObject({ query: { q: "'; DROP TABLE app_user; --" } });
  });

  it('audits a list once with the ids it returned', async () => {
    const response = await adminA.client.get('/api/users?pageSize=3');
    const event = (await t.auditEvents('user.list')).at(-1)!;
    expect(event.resource_type).toBe('user');
    expect(event.resource_ids).toEqual(response.body.items.map((u: { id: string }) => u.id));
  });

  it('filters on active and rejects malformed query parameters', async () => {
    const inactive = await adminA.client.get('/api/users?active=false');
    expect(inactive.status).toBe(200);
    for (const user of inactive.body.items) expect(user.active).toBe(false);
    expectValidation(await adminA.client.get('/api/users?active=maybe'), 'querystring.active');
    expectValidation(await adminA.client.get('/api/users?pageSize=1000'), 'querystring.pageSize');
    expectValidation(await adminA.client.get(`/api/users?q=${'x'.repeat(101)}`), 'querystring.q');
  });

  it('returns one user with its ETag and audits the read', async () => {
    const created = await createViaApi(adminA.client, newUser('lectura.uno'));
    const response = await adminA.client.get(`/api/users/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body.id).toBe(created.id);
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/password|totp|recovery/i);
    const reads = (await t.auditEvents('user.read')).filter((e) => e.resource_ids[0] === created.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.actor_user_id).toBe(adminA.user.id);
  });
});

describe('agency boundaries', () => {
  it("never shows another agency's users, not even by guessing ids or searching", async () => {
    const hidden = await createViaApi(adminA.client, newUser('secreta.a'));
    const before = await t.superuser.query(
      'SELECT version, active, display_name FROM app_user WHERE id = $1',
      [hidden.id],
    );

    expectProblem(await adminB.client.get(`/api/users/${hidden.id}`), 404, 'not-found');
    expectProblem(
      await adminB.client.patch(`/api/users/${hidden.id}`, { displayName: 'Cambio' }, ifMatch(1)),
      404,
      'not-found',
    );
    expectProblem(await adminB.client.post(`/api/users/${hidden.id}/deactivate`), 404, 'not-found');
    expectProblem(await adminB.client.post(`/api/users/${hidden.id}/reactivate`), 404, 'not-found');

    for (const query of ['', '?q=secreta', `?agencyId=${agencyA}`, '?pageSize=200']) {
      const list = await adminB.client.get(`/api/users${query}`);
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(hidden.id);
      for (const user of list.body.items) expect(user.agencyId).toBe(agencyB);
    }
    const after = await t.superuser.query(
      'SELECT version, active, display_name FROM app_user WHERE id = $1',
      [hidden.id],
    );
    expect(after.rows).toEqual(before.rows);
    expect(
      (await t.auditEvents('user.read')).some(
        (e) => e.resource_ids.includes(hidden.id) && e.actor_user_id === adminB.user.id,
      ),
    ).toBe(false);
  });
});

describe('changing users', () => {
  it('requires If-Match: 428 without it, 412 when stale, and changes nothing in either case', async () => {
    const user = await createViaApi(adminA.client, newUser('version.uno'));
    const state = async () =>
      (await t.superuser.query('SELECT version, display_name FROM app_user WHERE id = $1', [user.id]))
        .rows[0];
    const before = await state();
    const stale = await expectVersionRequired(
      adminA.client,
      `/api/users/${user.id}`,
      { displayName: 'Nuevo' },
      7,
    );
    expect(stale.headers.get('etag')).toBe('"1"');
    expect(await state()).toEqual(before);

    const ok = await adminA.client.patch(
      `/api/users/${user.id}`,
      { displayName: 'Nombre Nuevo', locale: 'en' },
      ifMatch(1),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ displayName: 'Nombre Nuevo', locale: 'en', version: 2 });
    expect(ok.headers.get('etag')).toBe('"2"');
    const event = (await t.auditEvents('user.updated')).at(-1)!;
    expect(event.resource_ids).toEqual([user.id]);
    expect(event.details.changedFields).toEqual(['displayName', 'locale']);
    expect(JSON.stringify(event.details)).not.toContain('Nombre Nuevo');

    // The old version no longer applies.
    expectProblem(
      await adminA.client.patch(`/api/users/${user.id}`, { displayName: 'Otro' }, ifMatch(1)),
      412,
    );
  });

  it('refuses bad changes with field details and leaves the record as it was', async () => {
    const user = await createViaApi(adminA.client, newUser('cambio.malo'));
    const state = async () =>
      (await t.superuser.query('SELECT version, display_name, locale FROM app_user WHERE id = $1', [user.id]))
        .rows[0];
    const before = await state();
    const cases: BadInput[] = [
      [{ username: 'otro.nombre' }, 'body'],
      [{ displayName: ['x'] }, 'body.displayName'],
      [{ displayName: 'x'.repeat(201) }, 'body.displayName'],
      [{ displayName: '   ' }, 'body.displayName'],
      [{ locale: 'fr' }, 'body.locale'],
      [{ roles: [{ key: 'no_existe' }] }, 'body.roles.0.key'],
      [{ teamIds: ['00000000-0000-4000-8000-000000000000'] }, 'body.teamIds.0'],
    ];
    await expectEachRefused(t, USER_TABLES, cases, (body) =>
      adminA.client.patch(`/api/users/${user.id}`, body, ifMatch(1)),
    );
    expect(await state()).toEqual(before);
    expectValidation(await adminA.client.get('/api/users/not-a-uuid'), 'params.id');
  });

  it('changing roles ends the sessions of that user and is audited with the role keys', async () => {
    const { created, session } = await signedInCoordinator('coordina.uno');
    expect((await session.get('/api/users?pageSize=1')).status).toBe(200);

    const response = await adminA.client.patch(
      `/api/users/${created.id}`,
      { roles: [{ key: 'social_worker' }, { key: 'educator', programmeId: programmeA }] },
      ifMatch(1),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.roles).toEqual([
      { key: 'educator', programmeId: programmeA },
      { key: 'social_worker', programmeId: null },
    ]);
    expect(response.body.version).toBe(2);

    expectProblem(await session.get('/api/users?pageSize=1'), 401, 'unauthenticated');
    const ended = await t.superuser.query('SELECT ended_reason FROM user_session WHERE user_id = $1', [
      created.id,
    ]);
    expect(ended.rows.map((r) => r.ended_reason)).toEqual(['roles_changed']);
    const event = (await t.auditEvents('user.roles_changed')).at(-1)!;
    expect(event.resource_ids).toEqual([created.id]);
    expect(event.details).toMatchObject({
      before: ['programme_coordinator'],
      after: ['educator', 'social_worker'],
      sessionsEnded: 1,
    });
  });

  it('a change of name alone keeps the sessions', async () => {
    const { created, session } = await signedInCoordinator('nombre.solo');
    const response = await adminA.client.patch(
      `/api/users/${created.id}`,
      { displayName: 'Otro Nombre' },
      ifMatch(1),
    );
    expect(response.status).toBe(200);
    expect((await session.get('/api/users?pageSize=1')).status).toBe(200);
  });

  it('moves a user between teams and bumps the teams it touches', async () => {
    const teamA2 = await t.createTeam(agencyA, 'Equipo A2');
    const created = await createViaApi(adminA.client, newUser('cambia.equipo', { teamIds: [teamA] }));
    const versionOf = async (id: string) =>
      (await t.superuser.query('SELECT version FROM team WHERE id = $1', [id])).rows[0].version as number;
    const [a1, a2] = [await versionOf(teamA), await versionOf(teamA2)];
    const response = await adminA.client.patch(`/api/users/${created.id}`, { teamIds: [teamA2] }, ifMatch(1));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.teamIds).toEqual([teamA2]);
    expect([await versionOf(teamA), await versionOf(teamA2)]).toEqual([a1 + 1, a2 + 1]);
    const team = await adminA.client.get(`/api/teams/${teamA2}`);
    expect(team.body.members.map((m: { id: string }) => m.id)).toContain(created.id);
  });

  it('an administrator cannot change their own roles or teams', async () => {
    const me = adminA.user.id;
    const before = await t.superuser.query('SELECT version FROM app_user WHERE id = $1', [me]);
    const version = before.rows[0].version;
    const roles = await adminA.client.patch(
      `/api/users/${me}`,
      { roles: [{ key: 'system_admin' }, { key: 'lawyer' }] },
      ifMatch(version),
    );
    expectProblem(roles, 403, 'forbidden');
    expect(roles.body.detail).toMatch(/propios roles/);
    const teams = await adminA.client.patch(`/api/users/${me}`, { teamIds: [teamA] }, ifMatch(version));
    expectProblem(teams, 403, 'forbidden');
    const held = await t.superuser.query('SELECT count(*)::int AS n FROM user_role WHERE user_id = $1', [me]);
    expect(held.rows[0].n).toBe(1);
    expect((await t.superuser.query('SELECT version FROM app_user WHERE id = $1', [me])).rows).toEqual(
      before.rows,
    );
    const denial = (await t.auditEvents('authz.denied')).at(-1)!;
    expect(denial).toMatchObject({ actor_user_id: me, outcome: 'denied' });
    // Their own name is theirs to fix.
    const name = await adminA.client.patch(`/api/users/${me}`, { displayName: 'Admin A' }, ifMatch(version));
    expect(name.status).toBe(200);
  });
});

describe('deactivation', () => {
  it('deactivates without deleting, ends sessions and stale links, and reactivates', async () => {
    const { created, session } = await signedInCoordinator('se.va');
    expect((await session.get('/api/users?pageSize=1')).status).toBe(200);
    await t.superuser.query(
      `INSERT INTO api_token (user_id, name, token_hash, scopes, expires_at)
       VALUES ($1, 'integración', '\\x02', '{user:read}', now() + interval '1 day')`,
      [created.id],
    );

    const response = await adminA.client.post(`/api/users/${created.id}/deactivate`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id: created.id, active: false, version: 2 });
    expect(Date.parse(response.body.deactivatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(response.body.roles).toEqual([{ key: 'programme_coordinator', programmeId: null }]);

    expectProblem(await session.get('/api/users?pageSize=1'), 401, 'unauthenticated');
    const links = await t.superuser.query(
      'SELECT count(*)::int AS n FROM one_time_link WHERE user_id = $1 AND used_at IS NULL',
      [created.id],
    );
    expect(links.rows[0].n).toBe(0);
    expect(
      (await t.superuser.query('SELECT count(*)::int AS n FROM app_user WHERE id = $1', [created.id])).rows[0]
        .n,
    ).toBe(1);
    expect((await t.auditEvents('user.deactivated')).at(-1)).toMatchObject({
      resource_ids: [created.id],
      actor_user_id: adminA.user.id,
      details: { sessionsEnded: 1, tokensRevoked: 1 },
    });
    const tokens = await t.superuser.query('SELECT revoked_at FROM api_token WHERE user_id = $1', [
      created.id,
    ]);
    expect(tokens.rows[0].revoked_at).not.toBeNull();

    // Still listed (history stays), and found with active=false.
    const inactive = await adminA.client.get('/api/users?active=false&pageSize=200');
    expect(inactive.body.items.map((u: { id: string }) => u.id)).toContain(created.id);

    const again = await adminA.client.post(`/api/users/${created.id}/reactivate`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ active: true, deactivatedAt: null, version: 3 });
    expect((await t.auditEvents('user.reactivated')).at(-1)?.resource_ids).toEqual([created.id]);
  });

  it('checks If-Match on deactivation when one is sent', async () => {
    const created = await createViaApi(adminA.client, newUser('version.baja'));
    const stale = await adminA.client.request('POST', `/api/users/${created.id}/deactivate`, {
      body: {},
      headers: ifMatch(5),
    });
    expectProblem(stale, 412);
    const row = await t.superuser.query('SELECT active FROM app_user WHERE id = $1', [created.id]);
    expect(row.rows[0].active).toBe(true);
  });

  it('an administrator cannot deactivate themselves', async () => {
    const response = await adminA.client.post(`/api/users/${adminA.user.id}/deactivate`);
    expectProblem(response, 403, 'forbidden');
    expect(response.body.detail).toBe(
      'No puede desactivar su propia cuenta; otra persona administradora debe hacerlo.',
    );
    const row = await t.superuser.query('SELECT active FROM app_user WHERE id = $1', [adminA.user.id]);
    expect(row.rows[0].active).toBe(true);
    expect((await adminA.client.get('/api/users?pageSize=1')).status).toBe(200);
    expect((await t.auditEvents('authz.denied')).at(-1)?.actor_user_id).toBe(adminA.user.id);
  });
});

describe('the system administrator role', () => {
  it("holds no permission to children's data and no clearance", async () => {
    const roles = await adminA.client.get('/api/roles');
    const admin = roles.body.items.find((r: { key: string }) => r.key === 'system_admin');
    expect(admin.clearances).toEqual([]);
    expect(admin.requiresTwoFactor).toBe(true);
    const administrative = ['user', 'role', 'agency', 'programme', 'team', 'setting', 'audit'];
    for (const permission of admin.permissions as string[])
      expect(administrative, permission).toContain(permission.split(':')[0]);
    for (const forbidden of [
      'person:read',
      'case:read',
      'case_note:read',
      'assessment:read',
      'attachment:read',
    ])
      expect(admin.permissions).not.toContain(forbidden);

    // What an administrator's requests are actually authorized with: no clearance, no non-administrative grant.
    const actor = await loadActor(t.runtime.services.db, adminA.user.id, { kind: 'token', tokenId: 'x' });
    expect(actor?.clearances.size).toBe(0);
    expect(actor?.aggregatesOnly).toBe(false);
    for (const permission of actor!.grants.keys()) expect(administrative).toContain(permission.split(':')[0]);
    expect(actor!.grants.has('person:read')).toBe(false);
  });
});
