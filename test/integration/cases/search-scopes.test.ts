import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, createCase, createPerson, expectStatus, type Staff } from './support.ts';

/**
 * How search decides visibility and spelling variants at scale (src/server/persons/search.ts): a programme
 * scope checks each person found, a team scope starts from its own persons, and trigram similarity is the
 * fallback when no name matches.
 */

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  const person = async (key: string, body: Record<string, unknown>, who: Staff = a.worker) =>
    (ids[key] = (await createPerson(who.client, body)).id);
  await person('centre', { givenNames: 'Rosa María', firstSurname: 'Tzoc', secondSurname: 'Ajú' });
  await person(
    'returnee',
    { givenNames: 'Rosa', firstSurname: 'Tzoc', secondSurname: 'Pérez' },
    a.otherTeamWorker,
  );
  await person('unplaced', { givenNames: 'Rosa Elena', firstSurname: 'Tzoc' }, a.coordinator);
  await person('jose', { givenNames: 'José', firstSurname: 'Pérez', secondSurname: 'López' });
  await createCase(a.worker.client, {
    personId: ids.centre,
    programmeId: a.centre,
    teamId: a.centreTeam,
    caseType: 'residential_trafficking_victim',
  });
  await createCase(a.otherTeamWorker.client, {
    personId: ids.returnee,
    programmeId: a.returnees,
    teamId: a.returneeTeam,
    caseType: 'returned_unaccompanied_child',
  });
  await createCase(a.worker.client, {
    personId: ids.jose,
    programmeId: a.centre,
    teamId: a.centreTeam,
    caseType: 'residential_trafficking_victim',
  });
});
afterAll(async () => t.close());

interface Found {
  items: Array<{ id: string; matchedBy: string[] }>;
  total: number;
}
const search = async (who: Staff, q: string, page = 1): Promise<Found> =>
  expectStatus(
    await who.client.get(`/api/persons/search?q=${encodeURIComponent(q)}&pageSize=1&page=${page}`),
    200,
  ) as Found;
const foundIds = async (who: Staff, q: string) => {
  const first = await search(who, q);
  const all = [...first.items];
  for (let page = 2; page <= first.total; page++) all.push(...(await search(who, q, page)).items);
  return all.map((p) => p.id).sort();
};

describe('person search by scope', () => {
  it('a programme coordinator finds the persons of the programme’s cases and those they registered without a case', async () => {
    expect(await foundIds(a.coordinator, 'rosa tzoc')).toEqual([ids.centre, ids.unplaced].sort());
    expect(await foundIds(a.returneeCoordinator, 'rosa tzoc')).toEqual([ids.returnee]);
  });

  it('a team member finds the persons of the team’s cases, and one they registered before opening a case', async () => {
    expect(await foundIds(a.worker, 'tzoc rosa')).toEqual([ids.centre]);
    expect(await foundIds(a.otherTeamWorker, 'tzoc')).toEqual([ids.returnee]);
    const fresh = (await createPerson(a.otherTeamWorker.client, { givenNames: 'Rosa', firstSurname: 'Tzoc' }))
      .id;
    expect(await foundIds(a.otherTeamWorker, 'tzoc')).toEqual([ids.returnee, fresh].sort());
    expect(await foundIds(a.worker, 'tzoc')).toEqual([ids.centre]);
  });

  it('counts every page, and a page past the end still carries the total', async () => {
    const first = await search(a.coordinator, 'rosa tzoc');
    expect(first.total).toBe(2);
    const past = await search(a.coordinator, 'rosa tzoc', 5);
    expect(past).toMatchObject({ items: [], total: 2 });
  });
});

describe('spelling variants', () => {
  it('looks for similar names only when no name matches every word', async () => {
    const typo = await search(a.worker, 'Jsoe Perez Lopez');
    expect(typo.total).toBe(1);
    expect(typo.items[0]).toMatchObject({ id: ids.jose, matchedBy: ['similar_name'] });
    const exact = await search(a.worker, 'jose perez lopez');
    expect(exact.items[0]).toMatchObject({ id: ids.jose, matchedBy: ['name'] });
    // Outside the scope, neither way finds anything.
    expect((await search(a.otherTeamWorker, 'Jsoe Perez Lopez')).total).toBe(0);
  });
});

describe('person list of a narrow scope', () => {
  it('lists and counts the team’s persons in one pass, and a page past the end still carries the total', async () => {
    const list = async (page: number) =>
      expectStatus(await a.worker.client.get(`/api/persons?pageSize=1&page=${page}`), 200) as Found;
    const first = await list(1);
    expect(first.total).toBe(2);
    const second = await list(2);
    expect([first.items[0]!.id, second.items[0]!.id].sort()).toEqual([ids.centre, ids.jose].sort());
    expect(await list(5)).toMatchObject({ items: [], total: 2 });
  });
});
