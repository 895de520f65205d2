import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, createCase, createPerson, expectStatus, staff, type Staff } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
let registrar: Staff;
const ids: Record<string, string> = {};
let caseNumber: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  registrar = await staff(t, { agencyId: a.agencyId, scope: 'agency' });
  const people: Array<[string, Record<string, unknown>]> = [
    ['jose', { givenNames: 'José', firstSurname: 'Pérez', secondSurname: 'López' }],
    ['josefina', { givenNames: 'Josefina', firstSurname: 'Ramírez' }],
    ['ixchel', { givenNames: 'Ixchel', firstSurname: 'Cux' }],
    ['batz1', { givenNames: 'Rosa', firstSurname: "B'atz" }],
    ['batz2', { givenNames: 'Marta', firstSurname: 'B’atz' }],
    ['batz3', { givenNames: 'Elena', firstSurname: 'Bʼatz' }],
    ['nunez', { givenNames: 'Andrea', firstSurname: 'Núñez', otherNames: ['La Güera'] }],
  ];
  for (const [key, body] of people) ids[key] = (await createPerson(registrar.client, body)).id;
  const kase = await createCase(registrar.client, {
    personId: ids.ixchel,
    programmeId: a.centre,
    teamId: a.centreTeam,
    caseType: 'residential_trafficking_victim',
  });
  caseNumber = kase.number;
  // The same name in another agency must never be found from this one.
  ids.joseElsewhere = (
    await createPerson(b.coordinator.client, {
      givenNames: 'José',
      firstSurname: 'Pérez',
      secondSurname: 'López',
    })
  ).id;
});
afterAll(async () => t.close());

async function search(q: string, who: Staff = registrar) {
  const body = expectStatus(await who.client.get(`/api/persons/search?q=${encodeURIComponent(q)}`), 200);
  return body as { items: Array<{ id: string; matchedBy: string[] }>; total: number };
}

const found = async (q: string, who?: Staff) => (await search(q, who)).items.map((p) => p.id);
/** Found through the name tokens (normaliser and phonetic key), not merely by trigram similarity. */
const foundByName = async (q: string) =>
  (await search(q)).items.filter((p) => p.matchedBy.includes('name')).map((p) => p.id);

describe('person search', () => {
  it('finds "José Pérez López" by part of the name, in any order and with a spelling variant', async () => {
    for (const q of ['jose perez', 'Perez Lopez Jose', 'Jose Peres', 'JOSÉ PÉREZ LÓPEZ', 'lopez']) {
      const result = await search(q);
      expect(result.items[0]?.id, q).toBe(ids.jose);
      expect(result.items[0]!.matchedBy, q).toContain('name');
      expect(
        result.items.map((p) => p.id),
        q,
      ).not.toContain(ids.joseElsewhere);
    }
  });

  it('finds Mayan names by their phonetic key and whatever apostrophe wrote the glottal stop', async () => {
    expect(await foundByName('Ixchel Kux')).toContain(ids.ixchel);
    expect(await foundByName('Ishchel Cux')).toContain(ids.ixchel);
    const batz = await foundByName('Batz');
    expect(batz).toEqual(expect.arrayContaining([ids.batz1, ids.batz2, ids.batz3]));
    for (const q of ["B'atz", 'B’atz', 'Bʼatz', 'rosa batz'])
      expect(await foundByName(q), q).toContain(ids.batz1);
  });

  it('ignores ñ and accents and searches other names too', async () => {
    expect(await found('andrea nunez')).toContain(ids.nunez);
    expect(await found('guera')).toContain(ids.nunez);
  });

  it('matches the word being typed as a prefix, and only the last one', async () => {
    expect(await found('Josef')).toContain(ids.josefina);
    const jose = await search('jose ');
    expect(jose.items.filter((p) => p.matchedBy.includes('name')).map((p) => p.id)).toEqual([ids.jose]);
  });

  it('finds a person by case number, in any letter case, only within scope', async () => {
    for (const q of [caseNumber, caseNumber.toLowerCase()]) {
      const result = await search(q);
      expect(result.items.map((p) => p.id)).toEqual([ids.ixchel]);
      expect(result.items[0]!.matchedBy).toEqual(['case_number']);
    }
    expect(await found(caseNumber, b.coordinator)).toEqual([]);
    expect(await found(caseNumber, a.otherTeamWorker)).toEqual([]);
  });

  it('returns only what the searcher may see', async () => {
    // Team scope: only persons of the team's cases.
    expect(await found('Ixchel', a.worker)).toEqual([ids.ixchel]);
    expect(await found('jose perez', a.worker)).toEqual([]);
    expect(await found('Ixchel', a.otherTeamWorker)).toEqual([]);
    // Another agency sees its own José and nothing of this one.
    expect(await found('jose perez', b.coordinator)).toEqual([ids.joseElsewhere]);
  });

  it('writes one audit event with the query’s digest (never its text) and the ids returned; an empty query finds nothing', async () => {
    const result = await search('Perez Lopez Jose');
    const event = (await t.auditEvents('person.searched')).at(-1)!;
    expect(event.actor_user_id).toBe(registrar.user.id);
    // The query is a child's name (or a document number): the trail keeps only its keyed digest.
    expect(event.details).not.toHaveProperty('query');
    expect(JSON.stringify(event.details)).not.toMatch(/perez|lopez|jose/i);
    expect(event.details.queryDigest).toMatch(/^[\w-]{22}$/);
    await search('PÉREZ  López josé');
    const same = (await t.auditEvents('person.searched')).at(-1)!;
    expect(same.details.queryDigest).toBe(event.details.queryDigest);
    expect(event.resource_ids).toEqual(result.items.map((p) => p.id));
    expect((await search('')).items).toEqual([]);
    expect((await search('  ')).total).toBe(0);
  });
});

describe('registration matching', () => {
  it('offers likely existing records in the user’s own scope, scored, with the date of birth weighed', async () => {
    const child = await createPerson(registrar.client, {
      givenNames: 'Ana Lucía',
      firstSurname: 'Xol',
      secondSurname: 'Caal',
      dateOfBirth: { precision: 'exact', date: '2012-04-02' },
    });
    const swapped = expectStatus(
      await registrar.client.post('/api/persons/match', {
        givenNames: 'Ana',
        firstSurname: 'Caal',
        secondSurname: 'Shol',
        dateOfBirth: { precision: 'year', year: 2012 },
      }),
      200,
    );
    const hit = swapped.candidates.find((c: { person: { id: string } }) => c.person.id === child.id);
    expect(hit.reasons).toEqual(
      expect.arrayContaining(['given_name', 'surnames_swapped', 'date_of_birth_compatible']),
    );
    const conflicting = expectStatus(
      await registrar.client.post('/api/persons/match', {
        givenNames: 'Ana',
        firstSurname: 'Caal',
        secondSurname: 'Shol',
        dateOfBirth: { precision: 'exact', date: '2001-01-01' },
      }),
      200,
    );
    const lower = conflicting.candidates.find((c: { person: { id: string } }) => c.person.id === child.id);
    expect(lower === undefined || lower.score < hit.score).toBe(true);
    const elsewhere = expectStatus(
      await b.coordinator.client.post('/api/persons/match', { givenNames: 'Ana Lucía', firstSurname: 'Xol' }),
      200,
    );
    expect(elsewhere.candidates).toEqual([]);
    const event = (await t.auditEvents('person.matched')).at(-1)!;
    expect(event.actor_user_id).toBe(b.coordinator.user.id);
    expect(event.resource_ids).toEqual([]);
  });
});
