import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const db = () => t.runtime.services.db;
const origin = { requestId: 'pipeline-test' };
const eventsOf = async (action: string) =>
  (await t.superuser.query('SELECT action FROM audit_event WHERE action = $1', [action])).rowCount;

describe('transactions with BEGIN and COMMIT sent along with statements', () => {
  it('runs every statement of a transaction in that one transaction, in order', async () => {
    const trx = await db().startTransaction().execute();
    const first = await sql<{ id: string }>`SELECT txid_current()::text AS id WHERE ${1} = 1`.execute(trx);
    const unparameterised = await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(trx);
    await writeAuditEvent(trx, origin, { action: 'test.pipeline.order' });
    const seen = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_event WHERE action = ${'test.pipeline.order'}`.execute(trx);
    const last = await sql<{ id: string }>`SELECT txid_current()::text AS id WHERE ${2} = 2`.execute(trx);
    await trx.commit().execute();
    expect(unparameterised.rows[0]!.id).toBe(first.rows[0]!.id);
    expect(last.rows[0]!.id).toBe(first.rows[0]!.id);
    expect(seen.rows[0]!.n).toBe(1);
    expect(await eventsOf('test.pipeline.order')).toBe(1);
  });

  it('holds an audit event for COMMIT: invisible before, committed with the work', async () => {
    const trx = await db().startTransaction().execute();
    await sql`SELECT ${1}::int`.execute(trx);
    await writeAuditEvent(trx, origin, { action: 'test.pipeline.held' });
    expect(await eventsOf('test.pipeline.held')).toBe(0);
    await trx.commit().execute();
    expect(await eventsOf('test.pipeline.held')).toBe(1);
  });

  it('commits a transaction made only of its audit event', async () => {
    const trx = await db().startTransaction().execute();
    await writeAuditEvent(trx, origin, { action: 'test.pipeline.only' });
    await trx.commit().execute();
    expect(await eventsOf('test.pipeline.only')).toBe(1);
  });

  it('drops the held event on rollback, and a transaction that ran nothing ends cleanly', async () => {
    const trx = await db().startTransaction().execute();
    await writeAuditEvent(trx, origin, { action: 'test.pipeline.rolled-back' });
    await trx.rollback().execute();
    const empty = await db().startTransaction().execute();
    await empty.commit().execute();
    expect(await eventsOf('test.pipeline.rolled-back')).toBe(0);
  });

  it('fails COMMIT when the held statement fails, and nothing of the transaction stays', async () => {
    await t.superuser.query('CREATE TABLE IF NOT EXISTS pipeline_probe (v int)');
    await t.superuser.query('GRANT ALL ON pipeline_probe TO amparo_app');
    const trx = await db().startTransaction().execute();
    await sql`INSERT INTO pipeline_probe VALUES (${7})`.execute(trx);
    await writeAuditEvent(trx, origin, {
      action: 'test.pipeline.bad',
      outcome: 'not-an-outcome' as 'success',
    });
    await expect(trx.commit().execute()).rejects.toThrow();
    await trx.rollback().execute();
    expect((await t.superuser.query('SELECT * FROM pipeline_probe')).rowCount).toBe(0);
    expect(await eventsOf('test.pipeline.bad')).toBe(0);
  });

  it('rolls back after the first statement fails, and the connection serves the next transaction', async () => {
    const trx = await db().startTransaction().execute();
    await expect(sql`SELECT 1 / ${0}::int`.execute(trx)).rejects.toThrow(/division by zero/);
    await trx.rollback().execute();
    const next = await db().startTransaction().execute();
    const row = await sql<{ n: number }>`SELECT ${5}::int AS n`.execute(next);
    await next.commit().execute();
    expect(row.rows[0]!.n).toBe(5);
  });

  it('answers BEGIN with the first statement and COMMIT with the audit event: two round trips', async () => {
    let roundTrips = 0;
    const count = () => roundTrips++;
    const watch = (client: { connection: { on: (e: string, f: () => void) => void } }) =>
      client.connection.on('readyForQuery', count);
    t.runtime.services.pool.on('acquire', watch as never);
    try {
      const trx = await db().startTransaction().execute();
      await sql`SELECT ${1}::int`.execute(trx);
      await writeAuditEvent(trx, origin, { action: 'test.pipeline.round-trips' });
      await trx.commit().execute();
    } finally {
      t.runtime.services.pool.off('acquire', watch as never);
    }
    expect(roundTrips).toBe(2);
    expect(await eventsOf('test.pipeline.round-trips')).toBe(1);
  });

  it('forgets a transaction left pending when its connection goes back to the pool', async () => {
    const pool = t.runtime.services.pool;
    const client = await pool.connect();
    await client.query('begin', []);
    client.release();
    const again = await pool.connect();
    try {
      const txid = async () =>
        (await again.query<{ id: string }>('SELECT txid_current()::text AS id WHERE $1 = 1', [1])).rows[0]!
          .id;
      expect(again).toBe(client);
      expect(await txid()).not.toBe(await txid());
    } finally {
      again.release();
    }
  });

  it('writes an audit event outside a transaction at once', async () => {
    await writeAuditEvent(db(), origin, { action: 'test.pipeline.autocommit' });
    expect(await eventsOf('test.pipeline.autocommit')).toBe(1);
  });
});
