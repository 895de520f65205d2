import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReferenceData } from '../../../src/server/reference/seed.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { referenceSnapshot, signedInReferenceAdmin } from './support.ts';

let t: TestApp;
let admin: HttpClient;
let adminId: string;
let plainUser: HttpClient;

const DOMAIN_LANGUAGES = [
  'spa',
  'kek',
  'poh',
  'acr',
  'mam',
  'kjb',
  'jac',
  'cac',
  'knj',
  'agu',
  'ttc',
  'quc',
  'qum',
  'cak',
  'ixl',
  'tzj',
  'cab',
  'xin',
  'eng',
];

const snapshot = () => referenceSnapshot(t);

beforeAll(async () => {
  t = await startTestApp();
  const agency = await t.createAgency();
  ({ id: adminId, client: admin } = await signedInReferenceAdmin(t, agency));
  plainUser = await t.signedIn(await t.createUser({ agencyId: agency }));
});
afterAll(async () => t.close());

describe('reference data seeding', () => {
  it('seeds every place, language, pueblo and country at start-up', async () => {
    const kinds = await t.superuser.query(`SELECT kind, count(*)::int AS n FROM place GROUP BY kind`);
    expect(Object.fromEntries(kinds.rows.map((r) => [r.kind, r.n]))).toEqual({
      department: 22,
      municipality: 340,
      lake: 2,
    });
    const cobán = await t.superuser.query(`SELECT * FROM place WHERE code = '1601'`);
    expect(cobán.rows[0]).toMatchObject({
      kind: 'municipality',
      department_code: '16',
      pcode: 'GT1601',
      name_es: 'Cobán',
    });
    expect(cobán.rows[0].centroid_lat).toBeCloseTo(15.4, 0);
    const languages = (await t.superuser.query(`SELECT code FROM language`)).rows.map((r) => r.code);
    expect(languages).toEqual(expect.arrayContaining(DOMAIN_LANGUAGES));
    const chuj = await t.superuser.query(`SELECT * FROM language WHERE code IN ('cac', 'cak') ORDER BY code`);
    expect(chuj.rows.map((r) => [r.code, r.name_es, r.comunidad, r.pueblo_code])).toEqual([
      ['cac', 'Chuj', 'Chuj', 'maya'],
      ['cak', 'Kaqchikel', 'Kaqchikel', 'maya'],
    ]);
    expect(await t.count('pueblo')).toBe(6);
    expect((await t.superuser.query(`SELECT count(*)::int AS n FROM pueblo WHERE verify`)).rows[0].n).toBe(6);
    expect(await t.count('country')).toBeGreaterThanOrEqual(249);
    const gt = await t.superuser.query(`SELECT * FROM country WHERE code = 'GT'`);
    expect(gt.rows[0]).toMatchObject({ alpha3: 'GTM', numeric_code: '320', name_es: 'Guatemala' });
  });

  it('is idempotent: seeding again changes nothing', async () => {
    const before = await snapshot();
    await ensureReferenceData(t.runtime.services.db);
    await ensureReferenceData(t.runtime.services.db);
    expect(await snapshot()).toEqual(before);
  });

  it('restores shipped values of entries nobody edited and re-inserts missing ones', async () => {
    await t.superuser.query(`UPDATE place SET name_es = 'Nombre corrompido' WHERE code = '1301'`);
    await t.superuser.query(`DELETE FROM country WHERE code = 'HN'`);
    await ensureReferenceData(t.runtime.services.db);
    const huehue = await t.superuser.query(`SELECT name_es, version FROM place WHERE code = '1301'`);
    expect(huehue.rows[0]).toEqual({ name_es: 'Huehuetenango', version: 2 });
    expect((await t.superuser.query(`SELECT name_es FROM country WHERE code = 'HN'`)).rows).toEqual([
      { name_es: 'Honduras' },
    ]);
  });
});

describe('reference API', () => {
  it('refuses anonymous callers', async () => {
    for (const list of ['places', 'languages', 'pueblos', 'countries']) {
      const response = await t.client().get(`/api/reference/${list}`);
      expect(response.status, list).toBe(401);
    }
    const patch = await t
      .client()
      .patch('/api/reference/places/1601', { nameEs: 'X' }, { 'if-match': '"1"' });
    expect(patch.status).toBe(401);
  });

  it('serves every list to any signed-in user, without any permission, with a content validator', async () => {
    const places = await plainUser.get('/api/reference/places');
    expect(places.status).toBe(200);
    expect(places.body.items).toHaveLength(364);
    expect(places.body.items.find((p: any) => p.code === '0719')).toEqual({
      code: '0719',
      kind: 'municipality',
      departmentCode: '07',
      pcode: 'GT0719',
      nameEs: 'Santiago Atitlán',
      nameEn: 'Santiago Atitlán',
      areaKm2: expect.any(Number),
      centroid: { lat: expect.any(Number), lon: expect.any(Number) },
      active: true,
      version: 1,
      editedAt: null,
    });
    const etag = places.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await plainUser.get('/api/reference/places')).headers.get('etag')).toBe(etag);

    const huehue = await plainUser.get('/api/reference/places?kind=municipality&department=13');
    expect(huehue.body.items).toHaveLength(33);
    expect(huehue.headers.get('etag')).not.toBe(etag);

    const languages = await plainUser.get('/api/reference/languages');
    expect(languages.body.items[0]).toMatchObject({ code: 'spa', nameEs: 'Español', nameEn: 'Spanish' });
    expect(languages.body.items.find((l: any) => l.code === 'kek')).toMatchObject({
      nameEs: "Q'eqchi'",
      comunidad: "Q'eqchi'",
      pueblo: 'maya',
      family: 'mayan',
    });
    const pueblos = await plainUser.get('/api/reference/pueblos');
    expect(pueblos.body.items.map((p: any) => p.code)).toEqual([
      'maya',
      'garifuna',
      'xinka',
      'afrodescendiente',
      'ladino',
      'extranjero',
    ]);
    const countries = await plainUser.get('/api/reference/countries');
    expect(countries.body.items.find((c: any) => c.code === 'SV')).toMatchObject({
      alpha3: 'SLV',
      nameEs: 'El Salvador',
      nameEn: 'El Salvador',
    });
    // Reading reference lists is not an audited access to anyone's data.
    expect(await t.auditEvents('reference.read')).toHaveLength(0);
  });

  it('refuses an edit without setting:manage, and audits the refusal', async () => {
    const before = (await t.auditEvents('authz.denied')).length;
    const response = await plainUser.patch(
      '/api/reference/places/1601',
      { nameEs: 'Cobán, A.V.' },
      { 'if-match': '"1"' },
    );
    expect(response.status).toBe(403);
    expect(await t.auditEvents('authz.denied')).toHaveLength(before + 1);
    const row = await t.superuser.query(`SELECT name_es, version FROM place WHERE code = '1601'`);
    expect(row.rows[0]).toEqual({ name_es: 'Cobán', version: 1 });
  });

  it('requires If-Match, refuses a stale version and bad input, writing nothing', async () => {
    const url = '/api/reference/languages/kek';
    const missing = await admin.patch(url, { nameEs: 'Q’eqchi’' });
    expect(missing.status).toBe(428);
    const stale = await admin.patch(url, { nameEs: 'Q’eqchi’' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    for (const body of [{ nameEs: '' }, { code: 'xxx' }, { nameEs: 'x'.repeat(201) }, { active: 'no' }]) {
      const bad = await admin.patch(url, body, { 'if-match': '"1"' });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.errors.length).toBeGreaterThan(0);
    }
    for (const path of [
      '/api/reference/languages/zzz',
      '/api/reference/places/99',
      '/api/reference/places/x',
    ]) {
      const response = await admin.patch(path, { nameEs: 'X' }, { 'if-match': '*' });
      expect(response.status, path).toBe(404);
    }
    expect(
      (await admin.patch('/api/reference/rivers/kek', { nameEs: 'X' }, { 'if-match': '*' })).status,
    ).toBe(400);
    const row = await t.superuser.query(
      `SELECT name_es, version, edited_at FROM language WHERE code = 'kek'`,
    );
    expect(row.rows[0]).toEqual({ name_es: "Q'eqchi'", version: 1, edited_at: null });
    expect(await t.auditEvents('reference.updated')).toHaveLength(0);
  });

  it('renames and deactivates an entry, audited as a configuration change, kept by later seeding', async () => {
    const renamed = await admin.patch(
      '/api/reference/places/0100',
      { nameEs: 'Lago de Amatitlán', nameEn: 'Lake Amatitlán' },
      { 'if-match': '"1"' },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({
      code: '0100',
      kind: 'lake',
      nameEs: 'Lago de Amatitlán',
      nameEn: 'Lake Amatitlán',
      version: 2,
      editedAt: expect.any(String),
    });
    expect(renamed.headers.get('etag')).toBe('"2"');
    const deactivated = await admin.patch(
      '/api/reference/countries/XK',
      { active: false },
      { 'if-match': '"1"' },
    );
    expect(deactivated.body).toMatchObject({ code: 'XK', alpha3: 'XKK', active: false, version: 2 });

    const pueblo = await admin.patch(
      '/api/reference/pueblos/extranjero',
      { nameEs: 'Extranjera / Extranjero' },
      { 'if-match': '"1"' },
    );
    expect(pueblo.body).toEqual({
      code: 'extranjero',
      nameEs: 'Extranjera / Extranjero',
      nameEn: 'Foreign',
      verify: true,
      sortOrder: 6,
      active: true,
      version: 2,
      editedAt: expect.any(String),
    });
    const language = await admin.patch(
      '/api/reference/languages/qaa',
      { active: false },
      { 'if-match': '"1"' },
    );
    expect(language.body).toMatchObject({
      code: 'qaa',
      family: 'mayan',
      comunidad: 'Chalchiteka',
      active: false,
    });

    const events = (await t.auditEvents('reference.updated')).slice(0, 2);
    expect(events[0]).toMatchObject({
      actor_user_id: adminId,
      resource_type: 'place',
      resource_ids: ['0100'],
      details: {
        category: 'configuration',
        list: 'places',
        changes: {
          nameEs: { from: 'Lago De Amatitlan', to: 'Lago de Amatitlán' },
          nameEn: { from: 'Lago De Amatitlan', to: 'Lake Amatitlán' },
        },
      },
    });
    expect(events[1]).toMatchObject({
      resource_type: 'country',
      resource_ids: ['XK'],
      details: { changes: { active: { from: true, to: false } } },
    });

    const active = await plainUser.get('/api/reference/countries?active=true');
    expect(active.body.items.some((c: any) => c.code === 'XK')).toBe(false);
    expect(
      (await plainUser.get('/api/reference/countries')).body.items.some((c: any) => c.code === 'XK'),
    ).toBe(true);

    // A no-op change writes nothing and keeps the version.
    const same = await admin.patch('/api/reference/countries/XK', { active: false }, { 'if-match': '"2"' });
    expect(same.body.version).toBe(2);
    expect(await t.auditEvents('reference.updated')).toHaveLength(4);

    await ensureReferenceData(t.runtime.services.db);
    const lake = await t.superuser.query(`SELECT name_es, name_en, version FROM place WHERE code = '0100'`);
    expect(lake.rows[0]).toEqual({ name_es: 'Lago de Amatitlán', name_en: 'Lake Amatitlán', version: 2 });
    const kosovo = await t.superuser.query(`SELECT active, version FROM country WHERE code = 'XK'`);
    expect(kosovo.rows[0]).toEqual({ active: false, version: 2 });
  });
});
