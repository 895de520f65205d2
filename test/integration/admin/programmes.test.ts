import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadInput,
  expectEachRefused,
  expectNothingWritten,
  expectProblem,
  expectVersionRequired,
  ifMatch,
  installationAdmin,
  twoAgencies,
  type TwoAgencies,
} from './support.ts';

let { t, agencyA, agencyB, adminA, adminB } = {} as TwoAgencies;

beforeAll(async () => {
  ({ t, agencyA, agencyB, adminA, adminB } = await twoAgencies());
});
afterAll(async () => t.close());

describe('programmes', () => {
  it('creates, reads, lists and updates programmes of the own agency', async () => {
    const created = await adminA.client.post('/api/programmes', {
      name: 'Hogar Temporal Xelajú',
      kind: 'protection_centre',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      agencyId: agencyA,
      kind: 'protection_centre',
      name: 'Hogar Temporal Xelajú',
      active: true,
      version: 1,
    });
    const id = created.body.id;
    expect((await t.auditEvents('programme.created')).at(-1)?.resource_ids).toEqual([id]);

    const read = await adminA.client.get(`/api/programmes/${id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    expect((await t.auditEvents('programme.read')).at(-1)?.resource_ids).toEqual([id]);

    for (const kind of ['returnee_reintegration', 'community_prevention', 'legal_assistance'])
      expect((await adminA.client.post('/api/programmes', { name: `Programa ${kind}`, kind })).status).toBe(
        201,
      );
    const page = await adminA.client.get('/api/programmes?pageSize=3');
    expect(page.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page.body.items).toHaveLength(3);
    expect((await adminA.client.get('/api/programmes?pageSize=3&page=2')).body.items).toHaveLength(1);
    expect((await t.auditEvents('programme.list')).at(-1)?.resource_ids).toHaveLength(1);

    await expectVersionRequired(adminA.client, `/api/programmes/${id}`, { active: false }, 2);
    expect((await t.superuser.query('SELECT active FROM programme WHERE id = $1', [id])).rows[0].active).toBe(
      true,
    );
    const updated = await adminA.client.patch(
      `/api/programmes/${id}`,
      { name: 'Hogar Xelajú', active: false },
      ifMatch(1),
    );
    expect(updated.body).toMatchObject({ name: 'Hogar Xelajú', active: false, version: 2 });
    expect(updated.headers.get('etag')).toBe('"2"');
    expect((await t.auditEvents('programme.updated')).at(-1)?.details).toEqual({
      changedFields: ['name', 'active'],
    });
    const inactive = await adminA.client.get('/api/programmes?active=false');
    expect(inactive.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it('refuses bad input and duplicate names, writing nothing', async () => {
    const cases: BadInput[] = [
      [{ name: 'Extra', kind: 'protection_centre', budget: 1 }, 'body'],
      [{ name: true, kind: 'protection_centre' }, 'body.name'],
      [{ name: 'x'.repeat(201), kind: 'protection_centre' }, 'body.name'],
      [{ name: 'Clase rara', kind: 'casino' }, 'body.kind'],
      [{ name: 'Agencia mala', kind: 'protection_centre', agencyId: 'abc' }, 'body.agencyId'],
    ];
    await expectEachRefused(t, ['programme'], cases, (body) => adminA.client.post('/api/programmes', body));
    const duplicate = await expectNothingWritten(t, ['programme'], () =>
      adminA.client.post('/api/programmes', { name: 'HOGAR XELAJú', kind: 'legal_assistance' }),
    );
    expectProblem(duplicate, 409, 'conflict');
    // The same name in another agency is fine.
    expect(
      (await adminB.client.post('/api/programmes', { name: 'Hogar Xelajú', kind: 'protection_centre' }))
        .status,
    ).toBe(201);
  });

  it("keeps each agency's programmes to itself", async () => {
    const hidden = await t.createProgramme(agencyA, 'legal_assistance', 'Asesoría oculta');
    expectProblem(await adminB.client.get(`/api/programmes/${hidden}`), 404, 'not-found');
    expectProblem(await adminB.client.patch(`/api/programmes/${hidden}`, { name: 'X' }, ifMatch(1)), 404);
    for (const query of ['', `?agencyId=${agencyA}`, '?pageSize=200'])
      expect(JSON.stringify((await adminB.client.get(`/api/programmes${query}`)).body)).not.toContain(hidden);
    expect((await adminB.client.get(`/api/programmes?agencyId=${agencyA}`)).body.total).toBe(0);
    const before = await t.count('programme');
    expectProblem(
      await adminB.client.post('/api/programmes', {
        name: 'Intrusa',
        kind: 'capacity_building',
        agencyId: agencyA,
      }),
      403,
    );
    expect(await t.count('programme')).toBe(before);
  });

  it('an installation-wide administrator lists one agency or all, and creates in any', async () => {
    const global = await installationAdmin(t, agencyB);
    const created = await global.client.post('/api/programmes', {
      name: 'Monitoreo regional',
      kind: 'monitoring_evaluation',
      agencyId: agencyA,
    });
    expect(created.body.agencyId).toBe(agencyA);
    const onlyA = await global.client.get(`/api/programmes?agencyId=${agencyA}&pageSize=200`);
    for (const programme of onlyA.body.items) expect(programme.agencyId).toBe(agencyA);
    expect(onlyA.body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    const all = await global.client.get('/api/programmes?pageSize=200');
    expect(all.body.total).toBe(await t.count('programme'));
  });
});
