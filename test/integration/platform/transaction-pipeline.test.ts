import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { pageWithCount, together } from '../../../src/server/platform/db/together.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const db = () => t.runtime.services.db;

/** Counts the round trips (ReadyForQuery answers) of the connections acquired until `stop`. */
function watchRoundTrips(): { count: () => number; stop: () => void } {
  let roundTrips = 0;
  const count = () => roundTrips++;
  const watched: { connection: { off: (e: string, f: () => void) => void } }[] = [];
  const watch = (
    client: (typeof watched)[number] & { connection: { on: (e: string, f: () => void) => void } },
  ) => {
    client.connection.on('readyForQuery', count);
    watched.push(client);
  };
  t.runtime.services.pool.on('acquire', watch as never);
  return {
    count: () => roundTrips,
    stop: () => {
      t.runtime.services.pool.off('acquire', watch as never);
      for (const client of watched) client.connection.off('readyForQuery', count);
    },
  };
}

async function countRoundTrips(work: () => Promise<void>): Promise<number> {
  const watcher = watchRoundTrips();
  try {
    await work();
  } finally {
    watcher.stop();
  }
  return watcher.count();
}

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
    const roundTrips = await countRoundTrips(async () => {
      const trx = await db().startTransaction().execute();
      await sql`SELECT ${1}::int`.execute(trx);
      await writeAuditEvent(trx, origin, { action: 'test.pipeline.round-trips' });
      await trx.commit().execute();
    });
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

describe('reads sent together', () => {
  const reads = (trx: Parameters<typeof together>[0], tag: string) =>
    together(trx, [
      trx.selectNoFrom((eb) => [eb.val(tag).as('tag'), sql<string>`txid_current()::text`.as('txid')]),
      undefined,
      trx
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', `test.together.${tag}`),
      trx.selectNoFrom(sql<number>`generate_series(1, 3)`.as('k')).where(sql`${tag}`, '<>', ''),
    ]);

  it('gives each statement its rows, in order, inside the transaction; one round trip once prepared', async () => {
    const watcher = watchRoundTrips();
    try {
      await db()
        .connection()
        .execute(async (connection) => {
          const trx = await connection.startTransaction().execute();
          const txid = (await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(trx)).rows[0]!
            .id;
          await writeAuditEvent(trx, origin, { action: 'test.together.a' });
          // Not yet prepared on this connection: one statement at a time (after the held event), this once.
          const beforeFirst = watcher.count();
          const first = await reads(trx, 'a');
          expect(watcher.count() - beforeFirst).toBe(4);
          await trx.commit().execute();
          expect(first).toEqual([[{ tag: 'a', txid }], [], [{ n: 1 }], [{ k: 1 }, { k: 2 }, { k: 3 }]]);

          const next = await connection.startTransaction().execute();
          const beforeSecond = watcher.count();
          const second = await reads(next, 'b');
          // BEGIN and the three statements, answered by one Sync.
          expect(watcher.count() - beforeSecond).toBe(1);
          await next.commit().execute();
          expect(second[0][0]!.tag).toBe('b');
          expect(second[0][0]!.txid).not.toBe(txid);
          expect(second.slice(1)).toEqual([[], [{ n: 0 }], [{ k: 1 }, { k: 2 }, { k: 3 }]]);

          // A held audit event goes first (with BEGIN), so the group's reads see it.
          const third = await connection.startTransaction().execute();
          await writeAuditEvent(third, origin, { action: 'test.together.c' });
          const beforeThird = watcher.count();
          const afterEvent = await reads(third, 'c');
          expect(watcher.count() - beforeThird).toBe(2);
          await third.commit().execute();
          expect(afterEvent[2]).toEqual([{ n: 1 }]);
          expect(await eventsOf('test.together.c')).toBe(1);
        });
    } finally {
      watcher.stop();
    }
  });

  it('fails the whole group on an error in one of them, and the connection serves the next transaction', async () => {
    const failing = (trx: Parameters<typeof together>[0]) =>
      together(trx, [
        trx.selectNoFrom(sql<number>`${1}::int`.as('one')),
        trx.selectNoFrom(sql<number>`1 / ${0}::int`.as('boom')),
      ]);
    await db()
      .connection()
      .execute(async (connection) => {
        for (let attempt = 0; attempt < 2; attempt++) {
          const trx = await connection.startTransaction().execute();
          await expect(failing(trx)).rejects.toThrow(/division by zero/);
          await trx.rollback().execute();
        }
        const after = await reads(connection, 'c');
        expect(after[0]).toEqual([{ tag: 'c', txid: expect.any(String) }]);
      });
  });

  it('runs outside a transaction too, and with nothing to run', async () => {
    const [rows] = await together(db(), [db().selectNoFrom(sql<number>`${7}::int`.as('seven'))]);
    expect(rows).toEqual([{ seven: 7 }]);
    expect(await together(db(), [undefined])).toEqual([[]]);
  });

  it('reads a page and the count of its whole selection together', async () => {
    const numbers = db().selectFrom(sql<{ k: number }>`(SELECT generate_series(1, 45) AS k)`.as('numbers'));
    const [rows, count] = await pageWithCount(
      db(),
      numbers.select('k').orderBy('k').limit(20).offset(40),
      numbers.select(sql<number>`count(*)::int`.as('n')),
    );
    expect(rows).toEqual([{ k: 41 }, { k: 42 }, { k: 43 }, { k: 44 }, { k: 45 }]);
    expect(count).toEqual({ n: 45 });
    await expect(
      pageWithCount(db(), numbers.select('k'), numbers.select('k').where('k', '>', 99)),
    ).rejects.toThrow(/no row/);
  });
});
