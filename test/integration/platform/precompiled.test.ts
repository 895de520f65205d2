import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompiled } from '../../../src/server/platform/db/precompiled.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('a statement compiled once and run with new values', () => {
  it('puts each value in its place, keeps the builder’s own constants, and answers like the built query', async () => {
    const first = await t.createAgency('Agencia Primera');
    const second = await t.createAgency('Agencia Segunda');
    const byIdAndName = precompiled(2, (db, id: string, name: string) =>
      db
        .selectFrom('agency')
        .select(['id', 'name'])
        .where('name', '=', name)
        .where('id', '=', id)
        .where('org_type', '<>', 'no-such-type'),
    );
    const db = t.runtime.services.db;
    expect(await byIdAndName(db, first, 'Agencia Primera')).toEqual([{ id: first, name: 'Agencia Primera' }]);
    expect(await byIdAndName(db, second, 'Agencia Segunda')).toEqual([
      { id: second, name: 'Agencia Segunda' },
    ]);
    expect(await byIdAndName(db, second, 'Agencia Primera')).toEqual([]);
  });

  it('refuses a builder that does not use a value as a plain parameter', async () => {
    const unused = precompiled(1, (db, _id: string) => db.selectFrom('agency').select(sql`1`.as('one')));
    await expect(unused(t.runtime.services.db, 'x')).rejects.toThrow(/plain parameter/);
  });
});
