import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, SCOPES, SENSITIVITY_CLASSES } from '../../../src/core/access/catalogue.ts';
import { DEFAULT_ROLES } from '../../../src/core/access/default-roles.ts';
import {
  type BadInput,
  expectEachRefused,
  expectNothingWritten,
  expectProblem,
  expectValidation,
  expectVersionRequired,
  ifMatch,
  installationAdmin,
  type SignedIn,
  twoAgencies,
  type TwoAgencies,
} from './support.ts';

let { t, agencyA, adminA, adminB } = {} as TwoAgencies;
let globalAdmin: SignedIn;

beforeAll(async () => {
  ({ t, agencyA, adminA, adminB } = await twoAgencies('Agencia de roles A', 'Agencia de roles B'));
  globalAdmin = await installationAdmin(t, agencyA);
});
afterAll(async () => t.close());

const roleBody = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: { 'es-GT': 'Voluntariado', en: 'Volunteer' },
  purpose: { 'es-GT': 'Apoya actividades recreativas.', en: 'Supports recreational activities.' },
  scope: 'team',
  permissions: ['person:read', 'case:read'],
  clearances: ['identity'],
  ...extra,
});

const roleIdOf = async (key: string) =>
  (await t.superuser.query('SELECT id FROM role WHERE key = $1', [key])).rows[0].id as string;

describe('the catalogue and the shipped roles', () => {
  it('lists the vocabulary roles are made of', async () => {
    const response = await adminA.client.get('/api/roles/catalogue');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      permissions: ALL_PERMISSIONS,
      scopes: [...SCOPES],
      sensitivityClasses: [...SENSITIVITY_CLASSES],
    });
  });

  it('lists every shipped role as shared and built-in, and audits the list', async () => {
    const response = await adminA.client.get('/api/roles');
    expect(response.status).toBe(200);
    const keys = response.body.items.map((r: { key: string }) => r.key);
    for (const role of DEFAULT_ROLES) expect(keys).toContain(role.key);
    const coordinator = response.body.items.find((r: { key: string }) => r.key === 'programme_coordinator');
    expect(coordinator).toMatchObject({
      name: { 'es-GT': 'Coordinación de programa', en: 'Programme coordinator' },
      scope: 'programme',
      builtIn: true,
      agencyId: null,
      requiresTwoFactor: true,
      aggregatesOnly: false,
      version: 1,
    });
    expect(response.body.items.find((r: { key: string }) => r.key === 'donor_viewer').aggregatesOnly).toBe(
      true,
    );
    const event = (await t.auditEvents('role.list')).at(-1)!;
    expect(event.resource_ids).toEqual(response.body.items.map((r: { id: string }) => r.id));
  });

  it('returns one role with its ETag and audits the read', async () => {
    const id = await roleIdOf('lawyer');
    const response = await adminA.client.get(`/api/roles/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${response.body.version}"`);
    expect(response.body.key).toBe('lawyer');
    expect((await t.auditEvents('role.read')).at(-1)?.resource_ids).toEqual([id]);
  });
});

describe('custom roles', () => {
  it("creates a role owned by the actor's agency, visible to that agency only", async () => {
    const response = await adminA.client.post('/api/roles', roleBody('voluntariado_a'));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      key: 'voluntariado_a',
      agencyId: agencyA,
      builtIn: false,
      scope: 'team',
      permissions: ['case:read', 'person:read'],
      clearances: ['identity'],
      requiresTwoFactor: false,
      version: 1,
    });
    const id = response.body.id;
    expect((await t.auditEvents('role.created')).at(-1)).toMatchObject({
      resource_ids: [id],
      details: { key: 'voluntariado_a', configuration: true },
    });

    // Agency B neither sees it nor reaches it, nor can it grant it.
    const listB = await adminB.client.get('/api/roles');
    expect(JSON.stringify(listB.body)).not.toContain(id);
    expectProblem(await adminB.client.get(`/api/roles/${id}`), 404, 'not-found');
    expectProblem(await adminB.client.patch(`/api/roles/${id}`, { scope: 'own' }, ifMatch(1)), 404);
    const grant = await adminB.client.post('/api/users', {
      username: 'usa.rol.ajeno',
      displayName: 'Usa rol ajeno',
      roles: [{ key: 'voluntariado_a' }],
    });
    expectValidation(grant, 'body.roles.0.key');
    expect((await t.superuser.query('SELECT version FROM role WHERE id = $1', [id])).rows[0].version).toBe(1);

    // Agency A can grant it.
    const user = await adminA.client.post('/api/users', {
      username: 'usa.rol.propio',
      displayName: 'Usa rol propio',
      roles: [{ key: 'voluntariado_a' }],
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
  });

  it('refuses bad roles with field details and writes nothing', async () => {
    const cases: BadInput[] = [
      [roleBody('Mayusculas'), 'body.key'],
      [roleBody('x'), 'body.key'],
      [roleBody('campo_extra', { builtIn: true }), 'body'],
      [roleBody('permiso_raro', { permissions: ['case:destroy'] }), 'body.permissions.0'],
      [roleBody('clase_rara', { clearances: ['religion'] }), 'body.clearances.0'],
      [roleBody('alcance_raro', { scope: 'planet' }), 'body.scope'],
      [roleBody('tipo_malo', { requiresTwoFactor: 'yes' }), 'body.requiresTwoFactor'],
      [roleBody('nombre_largo', { name: { 'es-GT': 'x'.repeat(101), en: 'x' } }), 'body.name'],
      [roleBody('sin_ingles', { name: { 'es-GT': 'Solo' } }), 'body.name'],
      [
        roleBody('admin_sin_2fa', { permissions: ['user:create'], requiresTwoFactor: false }),
        'body.requiresTwoFactor',
      ],
    ];
    await expectEachRefused(t, ['role'], cases, (body) => adminA.client.post('/api/roles', body));
  });

  it('refuses a key already in use with 409', async () => {
    const response = await expectNothingWritten(t, ['role'], () =>
      adminA.client.post('/api/roles', roleBody('social_worker')),
    );
    expect(expectProblem(response, 409, 'conflict').map((e) => e.field)).toEqual(['body.key']);
  });

  it('lets only an installation-wide administrator define a role of global scope', async () => {
    const before = await t.count('role');
    expectProblem(
      await adminA.client.post('/api/roles', roleBody('alcance_total', { scope: 'all' })),
      403,
      'forbidden',
    );
    expect(await t.count('role')).toBe(before);
    const created = await globalAdmin.client.post('/api/roles', roleBody('alcance_total', { scope: 'all' }));
    expect(created.status).toBe(201);
    // …nor widen an agency role to it.
    const own = await adminA.client.post('/api/roles', roleBody('se_ensancha'));
    expectProblem(await adminA.client.patch(`/api/roles/${own.body.id}`, { scope: 'all' }, ifMatch(1)), 403);
    expect(
      (await t.superuser.query('SELECT scope FROM role WHERE id = $1', [own.body.id])).rows[0].scope,
    ).toBe('team');
  });
});

describe('changing roles', () => {
  it('requires If-Match (428, 412) and changes nothing without a current one', async () => {
    const created = await adminA.client.post('/api/roles', roleBody('con_version'));
    const id = created.body.id;
    await expectVersionRequired(adminA.client, `/api/roles/${id}`, { scope: 'own' }, 3);
    const row = await t.superuser.query('SELECT scope, version FROM role WHERE id = $1', [id]);
    expect(row.rows[0]).toEqual({ scope: 'team', version: 1 });
    for (const [body, field] of [
      [{ key: 'nueva_clave' }, 'body'],
      [{ permissions: ['nope:nope'] }, 'body.permissions.0'],
      [{ aggregatesOnly: 1 }, 'body.aggregatesOnly'],
    ] as const) {
      const response = await expectNothingWritten(t, ['role'], () =>
        adminA.client.patch(`/api/roles/${id}`, body, ifMatch(1)),
      );
      expectValidation(response, field);
    }
    expect((await t.superuser.query('SELECT version FROM role WHERE id = $1', [id])).rows[0].version).toBe(1);
  });

  it("changing a role's permissions ends the sessions of everyone holding it, and is a configuration event", async () => {
    const created = await adminA.client.post(
      '/api/roles',
      roleBody('lectura_usuarios', { permissions: ['user:read'], scope: 'agency' }),
    );
    const roleId = created.body.id;
    const holders = [];
    for (const username of ['titular.uno', 'titular.dos']) {
      const user = await t.createUser({ agencyId: agencyA, roles: ['lectura_usuarios'], username });
      holders.push(await t.signedIn(user));
    }
    const bystander = await t.signedIn(
      await t.createUser({ agencyId: agencyA, roles: ['programme_coordinator'] }),
    );
    for (const client of holders) expect((await client.get('/api/users?pageSize=1')).status).toBe(200);

    // A new name only: holders keep their sessions.
    const renamed = await adminA.client.patch(
      `/api/roles/${roleId}`,
      { name: { 'es-GT': 'Consulta de usuarios', en: 'User lookup' } },
      ifMatch(1),
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.version).toBe(2);
    for (const client of holders) expect((await client.get('/api/users?pageSize=1')).status).toBe(200);

    const changed = await adminA.client.patch(
      `/api/roles/${roleId}`,
      { permissions: ['user:read', 'team:read'], clearances: [] },
      ifMatch(2),
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      permissions: ['team:read', 'user:read'],
      clearances: [],
      version: 3,
    });
    expect(changed.headers.get('etag')).toBe('"3"');
    for (const client of holders)
      expectProblem(await client.get('/api/users?pageSize=1'), 401, 'unauthenticated');
    expect((await bystander.get('/api/users?pageSize=1')).status).toBe(200);
    expect((await adminA.client.get('/api/roles')).status).toBe(200);

    const event = (await t.auditEvents('role.updated')).at(-1)!;
    expect(event).toMatchObject({
      actor_user_id: adminA.user.id,
      resource_ids: [roleId],
      details: { changedFields: ['permissions', 'clearances'], configuration: true, sessionsEnded: 2 },
    });
  });

  it('shared roles can only be changed by an installation-wide administrator', async () => {
    const id = await roleIdOf('educator');
    const before = await t.superuser.query('SELECT version, permissions FROM role WHERE id = $1', [id]);
    const refused = await adminA.client.patch(`/api/roles/${id}`, { clearances: [] }, ifMatch(1));
    expectProblem(refused, 403, 'forbidden');
    expect(
      (await t.superuser.query('SELECT version, permissions FROM role WHERE id = $1', [id])).rows,
    ).toEqual(before.rows);
    expect((await t.auditEvents('authz.denied')).at(-1)?.actor_user_id).toBe(adminA.user.id);

    const allowed = await globalAdmin.client.patch(
      `/api/roles/${id}`,
      { purpose: { 'es-GT': 'Educación y seguimiento escolar.', en: 'Education and school follow-up.' } },
      ifMatch(1),
    );
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    expect(allowed.body.purpose.en).toBe('Education and school follow-up.');
  });

  it('never lets the system administrator role go without two-factor login', async () => {
    const id = await roleIdOf('system_admin');
    const response = await expectNothingWritten(t, ['role'], () =>
      globalAdmin.client.patch(`/api/roles/${id}`, { requiresTwoFactor: false }, ifMatch(1)),
    );
    expectValidation(response, 'body.requiresTwoFactor');
    expect(
      (await t.superuser.query('SELECT requires_two_factor FROM role WHERE id = $1', [id])).rows[0]
        .requires_two_factor,
    ).toBe(true);
  });
});
