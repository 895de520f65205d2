import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_WORK_ENCRYPTED_COLUMNS } from '../../../src/server/services/case-work-columns.ts';
import { ENCRYPTED_COLUMNS } from '../../../src/server/platform/crypto/encrypted-columns.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, ifMatch, personWithCase } from '../cases/support.ts';
import { caseWorker, today } from './support.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('encrypted columns of case work', () => {
  it('are all registered for key rotation, each with the context its values were sealed with', async () => {
    const a = await agencyWithStaff(t, 'Refugio');
    const coordinator = await caseWorker(t, a.agencyId, { extra: ['case:approve', 'referral:respond'] });
    const c = coordinator.client;
    const { kase } = await personWithCase(c, { givenNames: 'Sonia' }, { programmeId: a.centre });
    expectStatus(
      await c.post(`/api/cases/${kase.id}/services`, {
        area: 'psychosocial',
        provider: { kind: 'staff', userId: coordinator.user.id },
        deliveredOn: today(),
        outcome: 'completed',
        notes: 'Sesión de contención',
      }),
      201,
    );
    const note = expectStatus(
      await c.post(`/api/cases/${kase.id}/notes`, { type: 'case_note', body: 'Uno' }),
      201,
    );
    expectStatus(await c.patch(`/api/cases/${kase.id}/notes/${note.id}`, { body: 'Dos' }, ifMatch(1)), 200);
    const referral = expectStatus(
      await c.post(`/api/cases/${kase.id}/referrals`, {
        kind: 'referral',
        toAgencyId: a.agencyId,
        toProgrammeId: a.returnees,
        reason: 'Seguimiento en su comunidad',
        consentOverride: { reason: 'Prueba de excepción' },
      }),
      201,
    );
    expectStatus(
      await c.post(`/api/referrals/${referral.id}/respond`, { decision: 'accept', reason: 'Recibida' }),
      200,
    );
    expectStatus(await c.post(`/api/referrals/${referral.id}/complete`, { notes: 'Hecho' }), 200);

    for (const column of CASE_WORK_ENCRYPTED_COLUMNS) expect(ENCRYPTED_COLUMNS).toContainEqual(column);
    for (const { table, column, key, context } of CASE_WORK_ENCRYPTED_COLUMNS) {
      const { rows } = await t.superuser.query(
        `SELECT ${key}::text AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`,
      );
      expect(rows.length, `${table}.${column}`).toBeGreaterThan(0);
      for (const row of rows)
        expect(
          () => t.runtime.services.envelope.decrypt(row.v, context(row.k)),
          `${table}.${column}`,
        ).not.toThrow();
    }
  });
});
