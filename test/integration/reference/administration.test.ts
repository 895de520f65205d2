import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReferenceData } from '../../../src/server/reference/seed.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { referenceSnapshot, signedInReferenceAdmin } from './support.ts';

/**
 * Reference lists are the same for every agency: an administrator confined to an agency (the shipped
 * system_admin role) browses them, but only setting:manage over every agency changes or adds to them.
 */

let t: TestApp;
let agencyAdmin: HttpClient;
let installationAdmin: HttpClient;
let installationAdminId: string;
let plainUser: HttpClient;

const snapshot = () => referenceSnapshot(t);

beforeAll(async () => {
  t = await startTestApp();
  const agency = await t.createAgency();
  agencyAdmin = await t.signedIn(await t.createUser({ agencyId: agency, roles: ['system_admin'] }));
  ({ id: installationAdminId, client: installationAdmin } = await signedInReferenceAdmin(t, agency));
  plainUser = await t.signedIn(await t.createUser({ agencyId: agency }));
});
afterAll(async () => t.close());

describe('an administrator confined to one agency', () => {
  it('may not change an entry: 403 with the refusal audited, nothing written', async () => {
    const before = await snapshot();
    const denials = (await t.auditEvents('authz.denied')).length;
    const response = await agencyAdmin.patch(
      '/api/reference/places/1601',
      { nameEs: 'Cobán, A.V.' },
      { 'if-match': '"1"' },
    );
    expect(response.status).toBe(403);
    expect(response.body.type).toBe('urn:amparo:problem:forbidden');
    const events = await t.auditEvents('authz.denied');
    expect(events).toHaveLength(denials + 1);
    expect(events.at(-1)).toMatchObject({
      outcome: 'denied',
      details: {
        route: 'PATCH /api/reference/:list/:code',
        permission: 'setting:manage',
        requiredScope: 'all',
      },
    });
    expect(await snapshot()).toEqual(before);
    expect(await t.auditEvents('reference.updated')).toHaveLength(0);
  });

  it('may not add an entry either', async () => {
    const before = await snapshot();
    for (const [path, body] of [
      ['/api/reference/places', { code: '1699', nameEs: 'Municipio nuevo' }],
      ['/api/reference/languages', { code: 'qab', nameEs: 'X', nameEn: 'X', family: 'mayan' }],
      ['/api/reference/pueblos', { code: 'nuevo', nameEs: 'X', nameEn: 'X' }],
    ] as const) {
      const response = await agencyAdmin.post(path, body);
      expect(response.status, path).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('browses each list by pages, searched by code or by name without accents, marked not editable', async () => {
    const page = await agencyAdmin.get('/api/reference/places/entries?page=2&pageSize=50');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 364, page: 2, pageSize: 50, editable: false });
    expect(page.body.items).toHaveLength(50);
    const first = await agencyAdmin.get('/api/reference/places/entries?pageSize=50');
    expect(first.body.items.map((p: { code: string }) => p.code)).not.toContain(page.body.items[0].code);

    const coban = await agencyAdmin.get('/api/reference/places/entries?q=coban');
    expect(coban.body.items.map((p: { code: string }) => p.code)).toEqual(['1601']);
    const byCode = await agencyAdmin.get('/api/reference/languages/entries?q=kek');
    expect(byCode.body.items.map((l: { code: string }) => l.code)).toEqual(['kek']);
    const english = await agencyAdmin.get('/api/reference/countries/entries?q=germany');
    expect(english.body.items.map((c: { code: string }) => c.code)).toEqual(['DE']);
    const pueblos = await agencyAdmin.get('/api/reference/pueblos/entries');
    expect(pueblos.body.total).toBe(6);
    // Wildcards are searched for literally.
    expect((await agencyAdmin.get('/api/reference/places/entries?q=%25')).body.total).toBe(0);
  });

  it('refuses an unknown list and bad paging with 400, and callers without setting:read with 403', async () => {
    expect((await agencyAdmin.get('/api/reference/rivers/entries')).status).toBe(400);
    const bad = await agencyAdmin.get('/api/reference/places/entries?pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.pageSize');
    expect((await plainUser.get('/api/reference/places/entries')).status).toBe(403);
  });
});

describe('the installation administrator', () => {
  it('is told the lists are editable, and changes an entry with If-Match', async () => {
    expect((await installationAdmin.get('/api/reference/pueblos/entries')).body.editable).toBe(true);
    const renamed = await installationAdmin.patch(
      '/api/reference/pueblos/ladino',
      { nameEn: 'Ladino (non-Indigenous)' },
      { 'if-match': '"1"' },
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ code: 'ladino', nameEn: 'Ladino (non-Indigenous)', version: 2 });
    const found = await installationAdmin.get('/api/reference/pueblos/entries?q=non-indig');
    expect(found.body.items.map((p: { code: string }) => p.code)).toEqual(['ladino']);
  });

  it('adds a municipality created after the shipped list; seeding keeps it', async () => {
    const created = await installationAdmin.post('/api/reference/places', {
      code: '1699',
      nameEs: 'San Nuevo Verapaz',
      centroid: { lat: 15.6, lon: -90.1 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toEqual({
      code: '1699',
      kind: 'municipality',
      departmentCode: '16',
      pcode: 'GT1699',
      nameEs: 'San Nuevo Verapaz',
      nameEn: 'San Nuevo Verapaz',
      areaKm2: null,
      centroid: { lat: 15.6, lon: -90.1 },
      active: true,
      version: 1,
      editedAt: expect.any(String),
    });
    const listed = await plainUser.get('/api/reference/places?kind=municipality&department=16');
    expect(listed.body.items.map((p: { code: string }) => p.code)).toContain('1699');
    const [event] = await t.auditEvents('reference.created');
    expect(event).toMatchObject({
      actor_user_id: installationAdminId,
      resource_type: 'place',
      resource_ids: ['1699'],
      details: { category: 'configuration', list: 'places', entry: { code: '1699' } },
    });
    await ensureReferenceData(t.runtime.services.db);
    const row = await t.superuser.query(`SELECT name_es, version FROM place WHERE code = '1699'`);
    expect(row.rows).toEqual([{ name_es: 'San Nuevo Verapaz', version: 1 }]);
  });

  it('adds a language and a pueblo at the end of their lists', async () => {
    const pueblo = await installationAdmin.post('/api/reference/pueblos', {
      code: 'mestizo',
      nameEs: 'Mestizo',
      nameEn: 'Mestizo',
    });
    expect(pueblo.status, JSON.stringify(pueblo.body)).toBe(201);
    expect(pueblo.body).toMatchObject({ code: 'mestizo', sortOrder: 7, verify: false });
    const language = await installationAdmin.post('/api/reference/languages', {
      code: 'lac',
      nameEs: 'Lacandón',
      nameEn: 'Lacandon',
      family: 'mayan',
      comunidad: null,
      pueblo: 'maya',
    });
    expect(language.status, JSON.stringify(language.body)).toBe(201);
    const languages = (await plainUser.get('/api/reference/languages')).body.items;
    expect(languages.at(-1)).toMatchObject({ code: 'lac', pueblo: 'maya', family: 'mayan' });
    expect(await t.auditEvents('reference.created')).toHaveLength(3);
  });

  it('refuses a bad, duplicate or dangling entry with a field error, writing nothing', async () => {
    const before = await snapshot();
    const audits = (await t.auditEvents()).length;
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['/api/reference/places', { code: '2301', nameEs: 'X' }, 400, 'body.code'],
      ['/api/reference/places', { code: '16011', nameEs: 'X' }, 400, 'body.code'],
      ['/api/reference/places', { code: '1601', nameEs: 'Otra Cobán' }, 409, 'body.code'],
      ['/api/reference/places', { code: '1698', nameEs: '' }, 400, 'body.nameEs'],
      ['/api/reference/places', { code: '1698', nameEs: 'X', kind: 'department' }, 400, 'body'],
      [
        '/api/reference/places',
        { code: '1698', nameEs: 'X', centroid: { lat: 40, lon: -90 } },
        400,
        'body.centroid.lat',
      ],
      [
        '/api/reference/languages',
        { code: 'kek', nameEs: 'X', nameEn: 'X', family: 'mayan' },
        409,
        'body.code',
      ],
      [
        '/api/reference/languages',
        { code: 'KEK1', nameEs: 'X', nameEn: 'X', family: 'mayan' },
        400,
        'body.code',
      ],
      [
        '/api/reference/languages',
        { code: 'qab', nameEs: 'X', nameEn: 'X', family: 'elvish' },
        400,
        'body.family',
      ],
      [
        '/api/reference/languages',
        { code: 'qab', nameEs: 'X', nameEn: 'X', family: 'mayan', pueblo: 'atlante' },
        400,
        'body.pueblo',
      ],
      ['/api/reference/pueblos', { code: 'maya', nameEs: 'Maya', nameEn: 'Maya' }, 409, 'body.code'],
      ['/api/reference/pueblos', { code: 'Maya 2', nameEs: 'X', nameEn: 'X' }, 400, 'body.code'],
      ['/api/reference/pueblos', { code: 'otro', nameEs: 'X' }, 400, 'body.nameEn'],
    ];
    for (const [path, body, status, field] of cases) {
      const response = await installationAdmin.post(path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(response.body.errors?.[0]?.field, `${path} ${JSON.stringify(body)}`).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
    expect((await t.auditEvents()).length).toBe(audits);
  });

  it('cannot add to the country list (ISO 3166 ships complete; entries are renamed or deactivated)', async () => {
    const response = await installationAdmin.post('/api/reference/countries', {
      code: 'XX',
      nameEs: 'X',
      nameEn: 'X',
    });
    expect(response.status).toBe(404);
  });
});
