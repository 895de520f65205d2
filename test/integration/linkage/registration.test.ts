import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { expectStatus, ifMatch, staff, type Staff } from '../cases/support.ts';
import { linkageAgency, registerChild, type LinkageAgency } from './support.ts';

let t: TestApp;
let a: LinkageAgency;
let b: LinkageAgency;
let otherTeam: Staff;
const ids: Record<string, string> = {};

const IXCHEL = {
  givenNames: 'Ixchel',
  firstSurname: 'Cux',
  secondSurname: 'Tzoc',
  sex: 'female',
  dateOfBirth: { precision: 'exact', date: '2011-05-03' },
};

beforeAll(async () => {
  t = await startTestApp();
  a = await linkageAgency(t, 'Refugio Esperanza');
  b = await linkageAgency(t, 'Casa Hogar Norte');
  const otherTeamId = await t.createTeam(a.agencyId, 'Otro equipo', a.programme);
  otherTeam = await staff(t, { agencyId: a.agencyId, scope: 'team', teamIds: [otherTeamId] });
  ids.a = (await registerChild(a.worker, a, IXCHEL, { withCase: true })).id;
  ids.b = (await registerChild(b.worker, b, IXCHEL, { withCase: true })).id;
  ids.other = (
    await registerChild(a.worker, a, { givenNames: 'Rosa', firstSurname: 'Pop', secondSurname: 'Caal' })
  ).id;
  const admin = await staff(t, {
    agencyId: b.agencyId,
    scope: 'agency',
    permissions: ['setting:read', 'setting:manage'],
    clearances: [],
  });
  expectStatus(
    await admin.client.request('PUT', '/api/linkage/contact', {
      body: { contact: 'Coordinación de protección, 2233-4455' },
      headers: ifMatch(0),
    }),
    200,
  );
});
afterAll(async () => t.close());

type MatchBody = {
  candidates: Array<{
    person: { id: string; givenNames?: string };
    score: number;
    probability: number;
    reasons: string[];
    explanation: Array<{ field: string; level: string; weight: number }>;
  }>;
  elsewhere: Array<Record<string, unknown>>;
  modelVersion: number;
};

const match = async (who: Staff, body: Record<string, unknown>) =>
  expectStatus(await who.client.post('/api/persons/match', body), 200) as MatchBody;

describe('the duplicate check while registering', () => {
  it('finds the misspelt record with swapped surnames, and explains the score', async () => {
    const result = await match(a.worker, {
      givenNames: 'Ixchel',
      firstSurname: 'Tzoc',
      secondSurname: 'Kux',
      dateOfBirth: { precision: 'exact', date: '2011-05-03' },
    });
    expect(result.modelVersion).toBe(1);
    expect(result.candidates.map((c) => c.person.id)).toEqual([ids.a]);
    const [hit] = result.candidates;
    expect(hit!.person.givenNames).toBe('Ixchel');
    expect(hit!.probability).toBeGreaterThan(0.99);
    expect(hit!.reasons).toEqual(
      expect.arrayContaining(['given_name', 'surnames_swapped', 'date_of_birth_compatible']),
    );
    const weights = Object.fromEntries(hit!.explanation.map((e) => [e.field, e]));
    expect(weights.first_surname).toMatchObject({ level: 'swapped' });
    expect(weights.first_surname!.weight).toBeGreaterThan(0);
    expect(weights.birth_date).toMatchObject({ level: 'exact' });
    expect(weights.prior!.weight).toBeLessThan(0);
    const sum = hit!.explanation.reduce((s, e) => s + e.weight, 0);
    expect(sum).toBeCloseTo(hit!.score, 1);
    // A spelling the phonetic key unifies (Cux/Kux), without a second surname or a birth date.
    const kux = await match(a.worker, { givenNames: 'Ixchel', firstSurname: 'Kux' });
    expect(kux.candidates[0]!.person.id).toBe(ids.a);
    expect(kux.candidates[0]!.explanation.find((e) => e.field === 'first_surname')!.level).toBe('phonetic');
  });

  it('reports the same child in another agency only as a possible record there, with whom to contact', async () => {
    const result = await match(a.worker, {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tzoc',
    });
    expect(result.candidates.map((c) => c.person.id)).toEqual([ids.a]);
    expect(result.elsewhere).toEqual([
      { agency: 'Casa Hogar Norte', contact: 'Coordinación de protección, 2233-4455' },
    ]);
    const text = JSON.stringify(result);
    expect(text).not.toContain(ids.b);
    expect(text).not.toContain(b.agencyId);
  });

  it('gives a registrar who may not see the record only the notice, for their own agency too', async () => {
    const result = await match(otherTeam, {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tzoc',
    });
    expect(result.candidates).toEqual([]);
    expect(result.elsewhere).toEqual([
      { agency: 'Casa Hogar Norte', contact: 'Coordinación de protección, 2233-4455' },
      { agency: 'Refugio Esperanza', contact: null },
    ]);
    const text = JSON.stringify(result);
    for (const id of [ids.a, ids.b, a.agencyId, b.agencyId]) expect(text).not.toContain(id);
    const event = (await t.auditEvents('person.matched')).at(-1)!;
    expect(event.actor_user_id).toBe(otherTeam.user.id);
    expect(event.resource_ids).toEqual([]);
    expect(event.details).toMatchObject({ modelVersion: 1, elsewhere: 2 });
  });

  it('proposes nothing for a different child, and refuses a user who may not register', async () => {
    const none = await match(a.worker, {
      givenNames: 'Juana',
      firstSurname: 'Mendoza',
      dateOfBirth: { precision: 'year', year: 2015 },
    });
    expect(none).toMatchObject({ candidates: [], elsewhere: [] });
    const reader = await staff(t, { agencyId: a.agencyId, scope: 'agency', permissions: ['person:read'] });
    const refused = await reader.client.post('/api/persons/match', { givenNames: 'Ixchel' });
    expect(refused.status).toBe(403);
    const bad = await a.worker.client.post('/api/persons/match', { givenNames: '', extra: 1 });
    expect(bad.status).toBe(400);
    // Looking a child up by name is reading identity data.
    const uncleared = await staff(t, {
      agencyId: a.agencyId,
      scope: 'agency',
      permissions: ['person:read', 'person:create'],
      clearances: ['health', 'psychosocial', 'legal', 'contact_location', 'trafficking_experience'],
    });
    const blind = await uncleared.client.post('/api/persons/match', {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
    });
    expect(blind.status).toBe(403);
    expect(blind.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'body.givenNames', code: 'not_cleared' })]),
    );
    expect(await t.auditEvents('person.matched')).not.toContainEqual(
      expect.objectContaining({ actor_user_id: uncleared.user.id }),
    );
  });
});

describe('blocking keys', () => {
  const keysOf = async (id: string) =>
    (
      await t.superuser.query('SELECT key FROM person_block_key WHERE person_id = $1 ORDER BY key', [id])
    ).rows.map((r) => String(r.key));

  it('are written with the person and follow changes to the record and to the parents', async () => {
    const before = await keysOf(ids.other!);
    expect(before.length).toBeGreaterThan(0);
    const agency = await t.superuser.query(
      'SELECT DISTINCT agency_id FROM person_block_key WHERE person_id = $1',
      [ids.other],
    );
    expect(agency.rows).toEqual([{ agency_id: a.agencyId }]);
    const person = expectStatus(await a.worker.client.get(`/api/persons/${ids.other}`), 200);
    expectStatus(
      await a.worker.client.patch(
        `/api/persons/${ids.other}`,
        { dateOfBirth: { precision: 'exact', date: '2012-01-09' } },
        ifMatch(person.version),
      ),
      200,
    );
    const dated = await keysOf(ids.other!);
    expect(dated.length).toBeGreaterThan(before.length);
    expectStatus(
      await a.worker.client.post(`/api/persons/${ids.other}/relations`, {
        kind: 'family',
        name: 'Marta Caal Choc',
        relationship: 'mother',
      }),
      201,
    );
    // The mother's name with the birth year, and with the child's given name.
    const withMother = await keysOf(ids.other!);
    expect(withMother).toEqual(expect.arrayContaining(dated));
    expect(withMother.length).toBe(dated.length + 2);
  });
});
