import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let { t, agencyA, agencyB, adminA, adminB } = {} as TwoAgencies;
let globalAdmin: SignedIn;

beforeAll(async () => {
  ({ t, agencyA, agencyB, adminA, adminB } = await twoAgencies('Refugio del Norte', 'Casa del Sur'));
  globalAdmin = await installationAdmin(t, agencyA);
});
afterAll(async () => t.close());

describe('agencies', () => {
  it('an installation-wide administrator creates agencies; an agency administrator may not', async () => {
    const refused = await adminA.client.post('/api/agencies', { name: 'Nueva', orgType: 'NGO' });
    expectProblem(refused, 403, 'forbidden');
    expect((await t.auditEvents('authz.denied')).at(-1)?.actor_user_id).toBe(adminA.user.id);
    expect(
      (await t.superuser.query(`SELECT count(*)::int AS n FROM agency WHERE name = 'Nueva'`)).rows[0].n,
    ).toBe(0);

    const response = await globalAdmin.client.post('/api/agencies', {
      name: "Asociación Q'eqchi' de Cobán",
      shortName: 'AQC',
      orgType: 'NGO',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      name: "Asociación Q'eqchi' de Cobán",
      shortName: 'AQC',
      orgType: 'NGO',
      active: true,
      version: 1,
    });
    expect(response.headers.get('etag')).toBe('"1"');
    expect((await t.auditEvents('agency.created')).at(-1)).toMatchObject({
      resource_ids: [response.body.id],
      details: { fields: ['name', 'shortName', 'orgType'] },
    });
  });

  it('refuses bad input and duplicate names, writing nothing', async () => {
    const cases: BadInput[] = [
      [{ name: 'Campo extra', orgType: 'NGO', country: 'GT' }, 'body'],
      [{ name: 42, orgType: 'NGO' }, 'body.name'],
      [{ name: 'x'.repeat(201), orgType: 'NGO' }, 'body.name'],
      [{ name: 'Tipo raro', orgType: 'Cartel' }, 'body.orgType'],
      [{ name: 'Sin tipo' }, 'body.orgType'],
      [{ name: 'Sigla larga', orgType: 'NGO', shortName: 'x'.repeat(51) }, 'body.shortName'],
    ];
    await expectEachRefused(t, ['agency'], cases, (body) => globalAdmin.client.post('/api/agencies', body));
    const duplicate = await expectNothingWritten(t, ['agency'], () =>
      globalAdmin.client.post('/api/agencies', { name: 'REFUGIO DEL NORTE', orgType: 'NGO' }),
    );
    expect(expectProblem(duplicate, 409, 'conflict').map((e) => e.field)).toEqual(['body.name']);
  });

  it('an agency administrator sees only their own agency; others are 404', async () => {
    const list = await adminB.client.get('/api/agencies');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([agencyB]);
    expect((await t.auditEvents('agency.list')).at(-1)?.resource_ids).toEqual([agencyB]);

    expectProblem(await adminB.client.get(`/api/agencies/${agencyA}`), 404, 'not-found');
    const before = await t.superuser.query('SELECT name, version FROM agency WHERE id = $1', [agencyA]);
    expectProblem(await adminB.client.patch(`/api/agencies/${agencyA}`, { name: 'Tomada' }, ifMatch(1)), 404);
    expect(
      (await t.superuser.query('SELECT name, version FROM agency WHERE id = $1', [agencyA])).rows,
    ).toEqual(before.rows);

    const own = await adminB.client.get(`/api/agencies/${agencyB}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('etag')).toBe('"1"');
    expect((await t.auditEvents('agency.read')).at(-1)?.resource_ids).toEqual([agencyB]);
  });

  it('pages through every agency for an installation-wide administrator', async () => {
    const total = await t.count('agency');
    const seen = new Set<string>();
    for (let page = 1; page <= Math.ceil(total / 2); page++) {
      const response = await globalAdmin.client.get(`/api/agencies?page=${page}&pageSize=2`);
      expect(response.body).toMatchObject({ total, page, pageSize: 2 });
      for (const agency of response.body.items) seen.add(agency.id);
    }
    expect(seen.size).toBe(total);
    expect(seen).toContain(agencyA);
    expect(seen).toContain(agencyB);
  });

  it('updates with If-Match, auditing the changed field names', async () => {
    await expectVersionRequired(adminB.client, `/api/agencies/${agencyB}`, { shortName: 'CDS' }, 9);
    expect(
      (await t.superuser.query('SELECT short_name, version FROM agency WHERE id = $1', [agencyB])).rows[0],
    ).toEqual({ short_name: null, version: 1 });
    expectValidation(
      await adminB.client.patch(`/api/agencies/${agencyB}`, { orgType: 'Cartel' }, ifMatch(1)),
      'body.orgType',
    );

    const response = await adminB.client.patch(
      `/api/agencies/${agencyB}`,
      { shortName: 'CDS', orgType: 'LegalService' },
      ifMatch(1),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ shortName: 'CDS', orgType: 'LegalService', version: 2 });
    expect((await t.auditEvents('agency.updated')).at(-1)).toMatchObject({
      resource_ids: [agencyB],
      details: { changedFields: ['shortName', 'orgType'] },
    });

    // Deactivating an agency is for the installation-wide administrator.
    expectProblem(await adminB.client.patch(`/api/agencies/${agencyB}`, { active: false }, ifMatch(2)), 403);
    const off = await globalAdmin.client.patch(`/api/agencies/${agencyB}`, { active: false }, ifMatch(2));
    expect(off.body).toMatchObject({ active: false, version: 3 });
  });
});
