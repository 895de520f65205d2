import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase, type Staff } from './support.ts';

/**
 * Case and person lists count their total only up to LIST_TOTAL_CAP, person search of a wide scope up to
 * SEARCH_TOTAL_CAP (docs/decisions/0013): beyond it the total is the cap, flagged `totalCapped`; below it,
 * and whenever a list's page is not full, it is exact. Here both caps are 3.
 */

const CAP = 3;
const NAMES: Array<[string, string | undefined]> = [
  ['Ana Lucía Marisol', 'Xol'],
  ['Ana', undefined],
  ['Ana Lucía', 'Xol'],
  ['Ana', 'Xol'],
  ['Ana María', undefined],
];
let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
const centreCases: string[] = [];
let returneeCase: string;

interface ListPage {
  items: Array<{ id: string }>;
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

const get = async (who: Staff, url: string) => expectStatus(await who.client.get(url), 200) as ListPage;

beforeAll(async () => {
  t = await startTestApp({ LIST_TOTAL_CAP: String(CAP), SEARCH_TOTAL_CAP: String(CAP) });
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  // Names of different lengths: "Ana Tzoc", "Ana Tzoc Xol", "Ana Lucía Tzoc Xol", …
  for (let i = 0; i < 5; i++) {
    const { kase } = await personWithCase(
      a.worker.client,
      {
        givenNames: NAMES[i]![0],
        firstSurname: 'Tzoc',
        ...(NAMES[i]![1] && { secondSurname: NAMES[i]![1] }),
      },
      { programmeId: a.centre, teamId: a.centreTeam },
    );
    centreCases.push(kase.id);
  }
  returneeCase = (
    await personWithCase(
      a.otherTeamWorker.client,
      { givenNames: 'Rosa', firstSurname: 'Ajú' },
      { programmeId: a.returnees, teamId: a.returneeTeam, caseType: 'returned_unaccompanied_child' },
    )
  ).kase.id;
  // Another agency's cases and persons never count towards this agency's totals.
  for (let i = 0; i < 4; i++)
    await personWithCase(
      b.worker.client,
      { givenNames: i === 0 ? 'Ana' : `Otra ${i}`, firstSurname: i === 0 ? 'Tzoc' : 'Kux' },
      { programmeId: b.centre, teamId: b.centreTeam },
    );
});
afterAll(async () => t.close());

describe('case list totals', () => {
  it('beyond the cap reports the cap as a lower bound, flagged', async () => {
    const first = await get(a.coordinator, '/api/cases?pageSize=2');
    expect(first).toMatchObject({ total: CAP, totalCapped: true, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    // A full page beyond the cap: still more than the cap, and the next page can be asked for.
    const second = await get(a.coordinator, '/api/cases?pageSize=2&page=2');
    expect(second).toMatchObject({ total: CAP, totalCapped: true });
    expect(second.items).toHaveLength(2);
    // The last page, not full, tells the exact total.
    const last = await get(a.coordinator, '/api/cases?pageSize=2&page=3');
    expect(last).toMatchObject({ total: 5, totalCapped: false });
    expect([...first.items, ...second.items, ...last.items].map((c) => c.id).sort()).toEqual(
      [...centreCases].sort(),
    );
    // Past the end, the count still stops at the cap.
    expect(await get(a.coordinator, '/api/cases?pageSize=2&page=9')).toMatchObject({
      items: [],
      total: CAP,
      totalCapped: true,
    });
  });

  it('is exact up to the cap, and counts only the cases in scope', async () => {
    const all = await get(a.coordinator, '/api/cases?pageSize=20');
    expect(all).toMatchObject({ total: 5, totalCapped: false });
    // One a page: the page is full, so the total is counted, and it is exact below the cap.
    const returnee = await get(a.returneeCoordinator, '/api/cases?pageSize=1');
    expect(returnee).toMatchObject({ total: 1, totalCapped: false });
    expect(returnee.items.map((c) => c.id)).toEqual([returneeCase]);
    const other = await get(b.coordinator, '/api/cases?pageSize=2');
    expect(other).toMatchObject({ total: CAP, totalCapped: true });
    const otherAll = await get(b.coordinator, '/api/cases?pageSize=20');
    expect(otherAll).toMatchObject({ total: 4, totalCapped: false });
    expect(otherAll.items.map((c) => c.id)).not.toContain(returneeCase);
    expect(await get(a.otherTeamWorker, '/api/cases?pageSize=1')).toMatchObject({
      total: 1,
      totalCapped: false,
    });
    // A filter with exactly the cap's number of cases is not flagged.
    await closeOne(centreCases[0]!);
    await closeOne(centreCases[1]!);
    expect(await get(a.coordinator, '/api/cases?pageSize=1&open=true')).toMatchObject({
      total: CAP,
      totalCapped: false,
    });
    expect(await get(a.coordinator, '/api/cases?pageSize=1&open=false')).toMatchObject({
      total: 2,
      totalCapped: false,
    });
  });

  it('the audit event of the list records the total as reported', async () => {
    await get(a.coordinator, '/api/cases?pageSize=2');
    const events = await t.auditEvents('case.list');
    expect(events.at(-1)!.details).toMatchObject({ total: CAP, totalCapped: true });
  });
});

describe('person list totals', () => {
  it('a programme scope counts its persons up to the cap', async () => {
    const first = await get(a.coordinator, '/api/persons?pageSize=2');
    expect(first).toMatchObject({ total: CAP, totalCapped: true });
    expect(await get(a.coordinator, '/api/persons?pageSize=20')).toMatchObject({
      total: 5,
      totalCapped: false,
    });
    expect(await get(a.returneeCoordinator, '/api/persons?pageSize=1')).toMatchObject({
      total: 1,
      totalCapped: false,
    });
  });

  it('a team scope counts its persons exactly in the same pass', async () => {
    expect(await get(a.worker, '/api/persons?pageSize=2')).toMatchObject({ total: 5, totalCapped: false });
    expect(await get(a.otherTeamWorker, '/api/persons?pageSize=2')).toMatchObject({
      total: 1,
      totalCapped: false,
    });
  });
});

interface SearchPage extends ListPage {
  items: Array<{ id: string; givenNames: string; firstSurname: string; matchedBy: string[] }>;
}

const search = async (who: Staff, q: string, page = 1, pageSize = 2) =>
  (await get(
    who,
    `/api/persons/search?q=${encodeURIComponent(q)}&page=${page}&pageSize=${pageSize}`,
  )) as SearchPage;

describe('person search totals', () => {
  it('beyond the cap flags the total, puts the shortest names first, and still reaches every person by paging', async () => {
    const first = await search(a.coordinator, 'ana tzoc');
    expect(first).toMatchObject({ total: CAP, totalCapped: true });
    const pages = [
      first,
      await search(a.coordinator, 'ana tzoc', 2),
      await search(a.coordinator, 'ana tzoc', 3),
    ];
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const found = pages.flatMap((p) => p.items);
    expect(found.map((p) => p.givenNames)).toEqual([
      'Ana',
      'Ana',
      'Ana María',
      'Ana Lucía',
      'Ana Lucía Marisol',
    ]);
    expect(found.every((p) => p.firstSurname === 'Tzoc' && p.matchedBy.join() === 'name')).toBe(true);
    expect(new Set(found.map((p) => p.id)).size).toBe(5);
    const events = await t.auditEvents('person.searched');
    expect(events.at(-3)!.details).toMatchObject({ total: CAP, totalCapped: true });
  });

  it('up to the cap the total is exact and the persons ranked by similarity', async () => {
    const xol = await search(a.coordinator, 'ana tzoc xol', 1, 20);
    expect(xol).toMatchObject({ total: 3, totalCapped: false });
    expect(xol.items.map((p) => p.givenNames)).toEqual(['Ana', 'Ana Lucía', 'Ana Lucía Marisol']);
    // The other agency's Ana Tzoc is found by her own agency only, and alone.
    expect(await search(b.coordinator, 'ana tzoc')).toMatchObject({ total: 1, totalCapped: false });
    expect((await search(a.returneeCoordinator, 'ana tzoc')).items).toEqual([]);
  });

  it('a team scope counts exactly: it reaches only its own few persons', async () => {
    expect(await search(a.worker, 'ana tzoc')).toMatchObject({ total: 5, totalCapped: false });
    expect(await search(a.otherTeamWorker, 'ana tzoc')).toMatchObject({ total: 0, totalCapped: false });
  });
});

/** Closes a case the quickest way the API allows: direct, as its data does not matter here. */
async function closeOne(caseId: string) {
  await t.superuser.query(
    `UPDATE case_file SET status = 'closure', closure_kind = 'goals_met', closed_at = now() WHERE id = $1`,
    [caseId],
  );
}
