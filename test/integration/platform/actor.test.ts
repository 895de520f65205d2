import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../../src/server/platform/auth/load-actor.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const asToken = { kind: 'token', tokenId: 'test' } as const;

describe('loadActor', () => {
  it('combines roles: each permission at its widest scope, clearances united, teams listed', async () => {
    const agency = await t.createAgency();
    const team = await t.createTeam(agency);
    const user = await t.createUser({
      agencyId: agency,
      roles: ['social_worker', 'lawyer'],
      teamIds: [team],
    });
    const actor = await loadActor(t.runtime.services.db, user.id, asToken);
    expect(actor?.teamIds).toEqual([team]);
    expect(actor?.roleKeys.sort()).toEqual(['lawyer', 'social_worker']);
    expect(actor?.grants.get('case:read')?.scope).toBe('programme'); // lawyer's programme beats social worker's team
    expect(actor?.grants.get('case:create')?.scope).toBe('team');
    expect(actor?.grants.has('user:read')).toBe(false);
    expect([...actor!.clearances].sort()).toEqual([
      'contact_location',
      'identity',
      'legal',
      'trafficking_experience',
    ]);
  });

  it('limits a token to its scopes and refuses deactivated users', async () => {
    const user = await t.createUser({ roles: ['system_admin'] });
    const actor = await loadActor(t.runtime.services.db, user.id, asToken, ['user:read']);
    expect([...actor!.grants.keys()]).toEqual(['user:read']);
    await t.superuser.query('UPDATE app_user SET active = false WHERE id = $1', [user.id]);
    expect(await loadActor(t.runtime.services.db, user.id, asToken)).toBeUndefined();
  });

  it('gives a user without roles no permission and no clearance', async () => {
    const actor = await loadActor(t.runtime.services.db, (await t.createUser({})).id, asToken);
    expect(actor?.grants.size).toBe(0);
    expect(actor?.clearances.size).toBe(0);
    expect(actor?.teamIds).toEqual([]);
  });
});
