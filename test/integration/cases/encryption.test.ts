import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ENCRYPTED_COLUMNS } from '../../../src/server/cases/encrypted-columns.ts';
import { ENCRYPTED_COLUMNS } from '../../../src/server/platform/crypto/encrypted-columns.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase } from './support.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('encrypted columns of persons and cases', () => {
  it('are all registered for key rotation, each with the context its values were sealed with', async () => {
    const a = await agencyWithStaff(t, 'Refugio');
    const { person, kase } = await personWithCase(
      a.worker.client,
      { givenNames: 'Sonia' },
      { programmeId: a.centre, riskNotes: 'Amenazas por teléfono' },
    );
    expectStatus(
      await a.worker.client.post(`/api/persons/${person.id}/relations`, {
        kind: 'contact',
        name: 'Maestra Tomasa',
        relationship: 'teacher',
        phone: '+502 7777 1111',
        address: 'Escuela de la aldea',
        notes: 'Llamar por la tarde',
      }),
      201,
    );
    expectStatus(
      await a.worker.client.post(`/api/persons/${person.id}/identity-documents`, {
        type: 'passport',
        number: 'G12345678',
      }),
      201,
    );
    expectStatus(
      await a.worker.client.patch(
        `/api/cases/${kase.id}`,
        { riskNotes: 'Ya no hay amenazas' },
        { 'if-match': '"1"' },
      ),
      200,
    );
    for (const column of CASE_ENCRYPTED_COLUMNS) expect(ENCRYPTED_COLUMNS).toContainEqual(column);
    for (const { table, column, key, context } of CASE_ENCRYPTED_COLUMNS) {
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
