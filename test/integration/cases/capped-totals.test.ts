import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase, type Staff } from './support.ts';

/**
 * Case and person lists count their total only up to LIST_TOTAL_CAP (docs/decisions/0013): beyond it the
 * total is the cap, flagged `totalCapped`; below it, and whenever a page is not full, it is exact. Here the
 * cap is 3.
 */

const CAP = 3;
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
  t = await startTestApp({ LIST_TOTAL_CAP: String(CAP) });
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  for (let i = 0; i < 5; i++) {
    const { kase } = await personWithCase(
      a.worker.client,
      { givenNames: `Niña ${i}`, firstSurname: 'Tzoc' },
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
  // Another agency's cases never count towards this agency's totals.
  for (let i = 0; i < 4; i++)
    await personWithCase(
      b.worker.client,
      { givenNames: `Otra ${i}`, firstSurname: 'Kux' },
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

/** Closes a case the quickest way the API allows: direct, as its data does not matter here. */
async function closeOne(caseId: string) {
  await t.superuser.query(
    `UPDATE case_file SET status = 'closure', closure_kind = 'goals_met', closed_at = now() WHERE id = $1`,
    [caseId],
  );
}
