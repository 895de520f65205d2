import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  counts,
  createCase,
  createPerson,
  expectStatus,
  ifMatch,
  PERSON_TABLES,
  personWithCase,
} from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
});
afterAll(async () => t.close());

const fullPerson = {
  givenNames: 'María José',
  firstSurname: 'Tziquin',
  secondSurname: 'Xol',
  otherNames: ['Majo'],
  sex: 'female',
  gender: 'Feminine',
  dateOfBirth: { precision: 'age_range', ageMin: 13, ageMax: 15, asOf: '2026-01-10' },
  citizenships: ['GTM'],
  pueblo: 'maya',
  linguisticCommunity: "Q'eqchi'",
  languages: { primary: 'kek', others: ['spa'], interpreterNeeded: true },
  origin: { departmentCode: '16', municipalityCode: '1601', community: 'Aldea Chimax' },
  educationLevel: 'PrimaryEducation',
  disabilities: ['hearing'],
};

describe('person registry', () => {
  it('registers a person with every field, returns it with its ETag, and audits create and read', async () => {
    const created = expectStatus(await a.worker.client.post('/api/persons', fullPerson), 201);
    expect(created).toMatchObject({
      ...fullPerson,
      version: 1,
      restricted: false,
      noContact: [],
      redacted: [],
    });
    const read = await a.worker.client.get(`/api/persons/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toMatchObject(fullPerson);
    expect((await t.auditEvents('person.created')).at(-1)!.resource_ids).toEqual([created.id]);
    expect((await t.auditEvents('person.read')).at(-1)!.resource_ids).toEqual([created.id]);
    const tokens = await t.superuser.query(`SELECT token FROM person_name_token WHERE person_id = $1`, [
      created.id,
    ]);
    expect(tokens.rows.map((r) => r.token)).toEqual(expect.arrayContaining(['n:tziquin', 'n:majo', 'n:xol']));
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ firstSurname: 'Pérez' }, 'body.givenNames'],
      [{ givenNames: 'Ana', favouriteColour: 'azul' }, 'body'],
      [{ givenNames: 'Ana', dateOfBirth: { precision: 'exact', date: '2099-01-01' } }, 'body.dateOfBirth'],
      [
        { givenNames: 'Ana', dateOfBirth: { precision: 'age_range', ageMin: 15, ageMax: 12 } },
        'body.dateOfBirth',
      ],
      [
        { givenNames: 'Ana', origin: { departmentCode: '16', municipalityCode: '0901', community: null } },
        'body.origin',
      ],
      [{ givenNames: 'Ana', citizenships: ['gt'] }, 'body.citizenships'],
      [{ givenNames: 'Ana', gender: 'female' }, 'body.gender'],
      // Well-formed codes that the reference lists do not hold:
      [
        { givenNames: 'Ana', languages: { primary: 'zzz', others: [], interpreterNeeded: false } },
        'body.languages',
      ],
      [{ givenNames: 'Ana', citizenships: ['XXX'] }, 'body.citizenships'],
      [{ givenNames: 'Ana', pueblo: 'atlantes' }, 'body.pueblo'],
      [
        { givenNames: 'Ana', origin: { departmentCode: '99', municipalityCode: null, community: null } },
        'body.origin',
      ],
    ];
    for (const [body, field] of cases) {
      const before = await counts(t, PERSON_TABLES);
      const response = await a.worker.client.post('/api/persons', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.type).toBe('urn:amparo:problem:validation');
      expect(
        response.body.errors.some((e: { field: string }) => e.field.startsWith(field)),
        JSON.stringify(response.body.errors),
      ).toBe(true);
      expect(await counts(t, PERSON_TABLES)).toEqual(before);
    }
  });

  it('updates only with the current version: 428 without If-Match, 412 when stale, nothing changed', async () => {
    const { person } = await personWithCase(
      a.worker.client,
      { givenNames: 'Rosa', firstSurname: 'Caal' },
      { programmeId: a.centre },
    );
    const url = `/api/persons/${person.id}`;
    const before = await counts(t, PERSON_TABLES);
    const missing = await a.worker.client.patch(url, { secondSurname: 'Pop' });
    expect(missing.status).toBe(428);
    const updated = expectStatus(await a.worker.client.patch(url, { secondSurname: 'Pop' }, ifMatch(1)), 200);
    expect(updated).toMatchObject({ secondSurname: 'Pop', version: 2 });
    const afterFirst = await counts(t, PERSON_TABLES);
    const stale = await a.colleague.client.patch(url, { secondSurname: 'Choc' }, ifMatch(1));
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect(stale.body.currentVersion).toBe(2);
    expect(await counts(t, PERSON_TABLES)).toEqual(afterFirst);
    const current = (await a.worker.client.get(url)).body;
    expect(current).toMatchObject({ secondSurname: 'Pop', version: 2 });
    expect(afterFirst.change_history).toBe(before.change_history! + 1);
    // Saving the same values again changes nothing and keeps the version.
    const same = expectStatus(await a.worker.client.patch(url, { secondSurname: 'Pop' }, ifMatch(2)), 200);
    expect(same.version).toBe(2);
  });

  it('records a field-level history with the values, and lists who accessed the record', async () => {
    const { person } = await personWithCase(
      a.worker.client,
      { givenNames: 'Lucía', firstSurname: 'Ical' },
      { programmeId: a.centre },
    );
    await a.worker.client.patch(
      `/api/persons/${person.id}`,
      { firstSurname: 'Ical Tut', disabilities: ['seeing'] },
      ifMatch(1),
    );
    const history = expectStatus(await a.worker.client.get(`/api/persons/${person.id}/history`), 200);
    const change = history.items.find(
      (e: { field: string; version: number }) => e.field === 'firstSurname' && e.version === 2,
    );
    expect(change).toMatchObject({ from: 'Ical', to: 'Ical Tut', redacted: [], recordType: 'person' });
    expect(change.actor.id).toBe(a.worker.user.id);
    expect(
      history.items.some(
        (e: { field: string; version: number }) => e.field === 'givenNames' && e.version === 1,
      ),
    ).toBe(true);
    // Values are encrypted at rest.
    const raw = await t.superuser.query(
      `SELECT encode(new_value, 'escape') AS v FROM change_history WHERE root_id = $1`,
      [person.id],
    );
    expect(raw.rows.every((r) => !String(r.v).includes('Ical'))).toBe(true);
    await a.colleague.client.get(`/api/persons/${person.id}`);
    const log = expectStatus(await a.worker.client.get(`/api/persons/${person.id}/access-log`), 200);
    const readers = log.items
      .filter((e: { action: string }) => e.action === 'person.read')
      .map((e: { actor: { id: string } }) => e.actor.id);
    expect(readers).toContain(a.colleague.user.id);
  });
});

describe('family members and contacts', () => {
  it('keeps contact details encrypted and requires a reason and source for a no-contact flag', async () => {
    const person = await createPerson(a.worker.client, { givenNames: 'Ixchel', firstSurname: 'Cux' });
    const before = await counts(t, PERSON_TABLES);
    const noSource = await a.worker.client.post(`/api/persons/${person.id}/relations`, {
      kind: 'family',
      name: 'Pedro Cux',
      relationship: 'father',
      noContact: true,
      noContactReason: 'Orden del juzgado',
    });
    expect(noSource.status).toBe(400);
    expect(await counts(t, PERSON_TABLES)).toEqual(before);
    const mother = expectStatus(
      await a.worker.client.post(`/api/persons/${person.id}/relations`, {
        kind: 'family',
        name: 'Juana Tiul',
        relationship: 'mother',
        isGuardian: true,
        phone: '+502 5555 1234',
        address: 'Cobán, barrio San Marcos',
      }),
      201,
    );
    expect(mother).toMatchObject({ phone: '+502 5555 1234', isGuardian: true, noContact: false });
    const raw = await t.superuser.query(
      `SELECT encode(phone_sealed, 'escape') AS p, encode(address_sealed, 'escape') AS a FROM person_relation WHERE id = $1`,
      [mother.id],
    );
    expect(raw.rows[0].p).not.toContain('5555');
    expect(raw.rows[0].a).not.toContain('Cobán');
    // Turning the flag on later also needs the reason and source (checked on the merged record).
    const flagOnly = await a.worker.client.patch(
      `/api/persons/${person.id}/relations/${mother.id}`,
      { noContact: true },
      ifMatch(1),
    );
    expect(flagOnly.status).toBe(400);
  });

  it('shows the no-contact flag with every person payload: record, list, search, match, case, my work', async () => {
    const person = await createPerson(a.worker.client, {
      givenNames: 'Sandra',
      firstSurname: 'Bol',
      secondSurname: 'Chen',
    });
    expectStatus(
      await a.worker.client.post(`/api/persons/${person.id}/relations`, {
        kind: 'family',
        name: 'Mario Bol',
        relationship: 'father',
        noContact: true,
        noContactReason: 'Posible tratante; medida de protección vigente',
        noContactSource: 'court_order',
      }),
      201,
    );
    const kase = await createCase(a.worker.client, {
      personId: person.id,
      programmeId: a.centre,
      caseType: 'residential_trafficking_victim',
    });
    const expected = [
      {
        name: 'Mario Bol',
        relationship: 'father',
        reason: 'Posible tratante; medida de protección vigente',
        source: 'court_order',
        redacted: [],
      },
    ];
    const c = a.worker.client;
    expect((await c.get(`/api/persons/${person.id}`)).body.noContact).toMatchObject(expected);
    const list = (await c.get('/api/persons?pageSize=200')).body.items;
    expect(list.find((p: { id: string }) => p.id === person.id).noContact).toMatchObject(expected);
    const search = (await c.get('/api/persons/search?q=Sandra%20Bol')).body.items;
    expect(search.find((p: { id: string }) => p.id === person.id).noContact).toMatchObject(expected);
    const match = (await c.post('/api/persons/match', { givenNames: 'Sandra', firstSurname: 'Bol' })).body
      .candidates;
    expect(
      match.find((m: { person: { id: string } }) => m.person.id === person.id).person.noContact,
    ).toMatchObject(expected);
    expect((await c.get(`/api/cases/${kase.id}`)).body.person.noContact).toMatchObject(expected);
    const cases = (await c.get('/api/cases?pageSize=200')).body.items;
    expect(cases.find((k: { id: string }) => k.id === kase.id).person.noContact).toMatchObject(expected);
    const myWork = (await c.get('/api/my-work')).body.openCases;
    expect(myWork.find((k: { id: string }) => k.id === kase.id).person.noContact).toMatchObject(expected);
  });
});

describe('identity documents', () => {
  it('stores the number only encrypted, validates a CUI, and finds the person by the exact number', async () => {
    const person = await createPerson(a.worker.client, { givenNames: 'Ana', firstSurname: 'Chub' });
    const bad = await a.worker.client.post(`/api/persons/${person.id}/identity-documents`, {
      type: 'cui_dpi',
      number: '1234',
    });
    expect(bad.status).toBe(400);
    expect(await t.count('person_identity_document')).toBe(0);
    const document = expectStatus(
      await a.worker.client.post(`/api/persons/${person.id}/identity-documents`, {
        type: 'cui_dpi',
        number: '2456 78901 1601',
        issuingCountry: 'GTM',
      }),
      201,
    );
    expect(document).toMatchObject({ type: 'cui_dpi', number: '2456 78901 1601', issuingCountry: 'GTM' });
    const raw = await t.superuser.query(
      `SELECT encode(number_sealed, 'escape') AS n, encode(number_index, 'hex') AS i FROM person_identity_document`,
    );
    expect(raw.rows[0].n).not.toContain('78901');
    expect(raw.rows[0].i).not.toContain('2456');
    const found = (await a.worker.client.get('/api/persons/search?q=2456-78901-1601')).body;
    expect(found.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    expect(found.items[0].matchedBy).toEqual(['identity_document']);
    const partial = (await a.worker.client.get('/api/persons/search?q=2456-78901')).body;
    expect(partial.items.map((p: { id: string }) => p.id)).not.toContain(person.id);
    const listed = (await a.worker.client.get(`/api/persons/${person.id}/identity-documents`)).body.items;
    expect(listed).toHaveLength(1);
    const stale = await a.worker.client.patch(
      `/api/persons/${person.id}/identity-documents/${document.id}`,
      { number: '2456789011602' },
      ifMatch(0),
    );
    expect(stale.status).toBe(412);
    const fixed = await a.worker.client.patch(
      `/api/persons/${person.id}/identity-documents/${document.id}`,
      { number: '2456789011602' },
      ifMatch(1),
    );
    expect(fixed.body).toMatchObject({ number: '2456789011602', version: 2 });
    expect((await a.worker.client.get('/api/persons/search?q=2456789011602')).body.items).toHaveLength(1);
    expect((await a.worker.client.get('/api/persons/search?q=2456 78901 1601')).body.items).toHaveLength(0);
  });
});
