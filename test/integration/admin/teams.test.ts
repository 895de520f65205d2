import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../support/test-app.ts';
import {
  type BadInput,
  expectEachRefused,
  expectNothingWritten,
  expectProblem,
  expectValidation,
  expectVersionRequired,
  ifMatch,
  twoAgencies,
  type TwoAgencies,
} from './support.ts';

let { t, agencyA, agencyB, adminA, adminB } = {} as TwoAgencies;
let programmeA: string;
let workers: TestUser[];
let outsider: TestUser;

beforeAll(async () => {
  ({ t, agencyA, agencyB, adminA, adminB } = await twoAgencies());
  programmeA = await t.createProgramme(agencyA);
  workers = [];
  for (const username of ['ana.trabajo', 'beto.trabajo', 'caro.trabajo'])
    workers.push(await t.createUser({ agencyId: agencyA, roles: ['social_worker'], username }));
  outsider = await t.createUser({ agencyId: agencyB, roles: ['social_worker'], username: 'de.fuera' });
});
afterAll(async () => t.close());

const TEAM_TABLES = ['team', 'team_member'];

describe('teams', () => {
  it('creates a team with members and a programme, then changes its members', async () => {
    const created = await adminA.client.post('/api/teams', {
      name: 'Equipo psicosocial',
      programmeId: programmeA,
      memberIds: [workers[0]!.id, workers[1]!.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      agencyId: agencyA,
      programmeId: programmeA,
      name: 'Equipo psicosocial',
      active: true,
      version: 1,
    });
    expect(created.body.members).toEqual([
      { id: workers[0]!.id, username: 'ana.trabajo', displayName: 'Usuario ana.trabajo' },
      { id: workers[1]!.id, username: 'beto.trabajo', displayName: 'Usuario beto.trabajo' },
    ]);
    const id = created.body.id;
    expect((await t.auditEvents('team.created')).at(-1)).toMatchObject({
      resource_ids: [id],
      details: { memberIds: [workers[0]!.id, workers[1]!.id] },
    });

    const read = await adminA.client.get(`/api/teams/${id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await t.auditEvents('team.read')).at(-1)?.resource_ids).toEqual([id]);

    await expectVersionRequired(adminA.client, `/api/teams/${id}`, { memberIds: [] }, 4);
    expect(await t.count('team_member')).toBe(2);

    const updated = await adminA.client.patch(
      `/api/teams/${id}`,
      { name: 'Equipo psicosocial norte', memberIds: [workers[1]!.id, workers[2]!.id] },
      ifMatch(1),
    );
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.version).toBe(2);
    expect(updated.body.members.map((m: { id: string }) => m.id)).toEqual([workers[1]!.id, workers[2]!.id]);
    expect((await t.auditEvents('team.updated')).at(-1)?.details).toEqual({
      changedFields: ['name', 'memberIds'],
      membersAdded: [workers[2]!.id],
      membersRemoved: [workers[0]!.id],
    });
    // The users whose membership changed show it in their own records, under a new version.
    const user = await adminA.client.get(`/api/users/${workers[2]!.id}`);
    expect(user.body.teamIds).toEqual([id]);
    const versions = await t.superuser.query(
      'SELECT id, version FROM app_user WHERE id = ANY($1) ORDER BY username',
      [workers.map((w) => w.id)],
    );
    // ana: added then removed; beto: added, kept; caro: added
    expect(versions.rows.map((r) => r.version)).toEqual([3, 2, 2]);

    const list = await adminA.client.get('/api/teams');
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(list.body.items[0].members).toHaveLength(2);
    expect((await t.auditEvents('team.list')).at(-1)?.resource_ids).toEqual([id]);
  });

  it('refuses bad input, writing nothing', async () => {
    const cases: BadInput[] = [
      [{ name: 'Extra', colour: 'red' }, 'body'],
      [{ name: 12 }, 'body.name'],
      [{ name: 'x'.repeat(201) }, 'body.name'],
      [{ name: 'Miembros malos', memberIds: 'todos' }, 'body.memberIds'],
      [{ name: 'Miembro raro', memberIds: ['no-uuid'] }, 'body.memberIds.0'],
      [{ name: 'Miembro ajeno', memberIds: [outsider.id] }, 'body.memberIds.0'],
      [
        { name: 'Programa inexistente', programmeId: '00000000-0000-4000-8000-000000000000' },
        'body.programmeId',
      ],
      [{ name: 'Programa ajeno', programmeId: await t.createProgramme(agencyB) }, 'body.programmeId'],
    ];
    await expectEachRefused(t, TEAM_TABLES, cases, (body) => adminA.client.post('/api/teams', body));
    const duplicate = await expectNothingWritten(t, TEAM_TABLES, () =>
      adminA.client.post('/api/teams', { name: 'EQUIPO PSICOSOCIAL NORTE' }),
    );
    expectProblem(duplicate, 409, 'conflict');

    const team = await t.createTeam(agencyA, 'Equipo sin cambios');
    const response = await expectNothingWritten(t, TEAM_TABLES, () =>
      adminA.client.patch(`/api/teams/${team}`, { memberIds: [outsider.id] }, ifMatch(1)),
    );
    expectValidation(response, 'body.memberIds.0');
    expect((await t.superuser.query('SELECT version FROM team WHERE id = $1', [team])).rows[0].version).toBe(
      1,
    );
  });

  it("keeps each agency's teams to itself", async () => {
    const hidden = await t.createTeam(agencyA, 'Equipo reservado', programmeA);
    expectProblem(await adminB.client.get(`/api/teams/${hidden}`), 404, 'not-found');
    expectProblem(
      await adminB.client.patch(`/api/teams/${hidden}`, { memberIds: [outsider.id] }, ifMatch(1)),
      404,
    );
    for (const query of ['', `?agencyId=${agencyA}`])
      expect(JSON.stringify((await adminB.client.get(`/api/teams${query}`)).body)).not.toContain(hidden);
    expect(
      (await t.superuser.query('SELECT count(*)::int AS n FROM team_member WHERE team_id = $1', [hidden]))
        .rows[0].n,
    ).toBe(0);
  });

  it('an administrator cannot add or remove themselves', async () => {
    const before = await t.count('team');
    expectProblem(
      await adminA.client.post('/api/teams', { name: 'Con la admin', memberIds: [adminA.user.id] }),
      403,
      'forbidden',
    );
    expect(await t.count('team')).toBe(before);
    const team = await t.createTeam(agencyA, 'Equipo ajeno a la admin');
    expectProblem(
      await adminA.client.patch(`/api/teams/${team}`, { memberIds: [adminA.user.id] }, ifMatch(1)),
      403,
    );
    expect(
      (await t.superuser.query('SELECT count(*)::int AS n FROM team_member WHERE team_id = $1', [team]))
        .rows[0].n,
    ).toBe(0);
  });
});
