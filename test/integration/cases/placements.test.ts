import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, staff } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
});
afterAll(async () => t.close());

interface Placements {
  programmes: Array<{ id: string; name: string; kind: string; active: boolean }>;
  teams: Array<{ id: string; name: string; programmeId: string | null; active: boolean }>;
  myTeamIds: string[];
  staff: Array<{ id: string; displayName: string }>;
}

describe('case placements', () => {
  it('names the programmes and teams of the caseworker’s own agency, and only the caseworker as staff', async () => {
    const body = expectStatus(await a.worker.client.get('/api/cases/placements'), 200) as Placements;
    expect(body.programmes.map((p) => p.id).sort()).toEqual([a.centre, a.returnees].sort());
    expect(body.teams.map((p) => p.id).sort()).toEqual([a.centreTeam, a.returneeTeam].sort());
    expect(body.myTeamIds).toEqual([a.centreTeam]);
    expect(body.staff.map((s) => s.id)).toEqual([a.worker.user.id]);
    const text = JSON.stringify(body);
    for (const id of [b.centre, b.returnees, b.centreTeam, b.coordinator.user.id])
      expect(text).not.toContain(id);
  });

  it('lists the staff who can read cases to those who assign them, never another agency’s', async () => {
    const noCaseAccess = await staff(t, {
      agencyId: a.agencyId,
      scope: 'agency',
      permissions: ['user:read'],
    });
    const body = expectStatus(await a.coordinator.client.get('/api/cases/placements'), 200) as Placements;
    const ids = body.staff.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([a.worker.user.id, a.colleague.user.id, a.coordinator.user.id]),
    );
    expect(ids).not.toContain(noCaseAccess.user.id);
    expect(ids).not.toContain(b.worker.user.id);
  });

  it('refuses without case:read', async () => {
    const other = await staff(t, { agencyId: a.agencyId, scope: 'agency', permissions: ['user:read'] });
    expect((await other.client.get('/api/cases/placements')).status).toBe(403);
  });
});
