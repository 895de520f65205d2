import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { laneEvents, readAnchor } from '../../../src/server/platform/audit/anchor.ts';
import { writeAuditEvents } from '../../../src/server/platform/audit/audit-writer.ts';
import { verifyAuditChain } from '../../../src/server/platform/audit/verify.ts';
import { createDatabase, type Db } from '../../../src/server/platform/db/database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let writers: { db: Db; pool: pg.Pool };

interface Row {
  seq: number;
  lane: number;
  lane_seq: number;
  request_id: string | null;
}
const events = async (): Promise<Row[]> =>
  (await t.superuser.query('SELECT seq::int, lane, lane_seq::int, request_id FROM audit_event ORDER BY seq'))
    .rows;

const superuserUrl = () => inject('cluster').superuserUrl.replace(/\/[^/]+$/, `/${t.databaseName}`);
const appClient = () => new pg.Client({ connectionString: t.config.databaseUrl });

async function flushAnchor(events: number) {
  t.runtime.services.anchorAudit();
  for (let i = 0; i < 50; i++) {
    const anchor = await readAnchor(t.dataDir);
    if (anchor && laneEvents(anchor.lanes) === events) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('anchor not written');
}

/** A promise with its resolve function. */
function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

beforeAll(async () => {
  t = await startTestApp();
  writers = createDatabase(t.config.databaseUrl!, 16);
});
afterAll(async () => {
  await writers.db.destroy();
  await t.close();
});

describe('audit lanes', () => {
  it('keeps every lane a valid chain under 16 parallel writers, all lanes in use', async () => {
    const rounds = 15;
    // In the first round all 16 writers hold a lane at once, and one more writer must wait for one.
    let inside = 0;
    const allInside = signal();
    const release = signal();
    const done = Promise.all(
      Array.from({ length: 16 }, async (_, writer) => {
        for (let round = 0; round < rounds; round++) {
          // Some transactions write several events: they must stay together in one lane.
          const count = 1 + ((writer + round) % 3);
          await writers.db.transaction().execute(async (trx) => {
            await writeAuditEvents(
              trx,
              { requestId: `w${writer}-r${round}` },
              Array.from({ length: count }, (_, i) => ({
                action: 'lanes.test',
                details: { writer, round, i },
              })),
            );
            if (round === 0) {
              // Events wait for COMMIT unless another statement follows: this one makes them take the lane now.
              await sql`SELECT ${writer}::int`.execute(trx);
              if (++inside === 16) allInside.resolve();
              await release.promise;
            }
          });
        }
      }),
    );
    await allInside.promise;
    const late = appClient();
    await late.connect();
    const latePid = Number((await late.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const lateInsert = late.query(
      `INSERT INTO audit_event (action, outcome, request_id) VALUES ('lanes.test', 'success', 'late')`,
    );
    for (let i = 0; ; i++) {
      const { rows } = await t.superuser.query(
        'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
        [latePid],
      );
      if (rows[0]?.wait_event_type === 'Lock') break;
      if (i > 100) throw new Error('the 17th writer did not wait for a lane');
      await new Promise((r) => setTimeout(r, 50));
    }
    release.resolve();
    await lateInsert;
    await late.end();
    await done;

    const rows = await events();
    expect(rows.length).toBe(16 * rounds * 2 + 1);
    const lanes = new Map<number, Row[]>();
    for (const row of rows) lanes.set(row.lane, [...(lanes.get(row.lane) ?? []), row]);
    expect(lanes.size).toBe(16);
    // Having waited, the late writer took its connection's own lane.
    expect(rows.find((r) => r.request_id === 'late')!.lane).toBe(latePid % 16);
    for (const [, laneRows] of lanes) {
      // In written order, each lane counts 1, 2, 3…
      expect(laneRows.map((r) => r.lane_seq)).toEqual(laneRows.map((_, i) => i + 1));
    }
    const byRequest = new Map<string, Row[]>();
    for (const row of rows) byRequest.set(row.request_id!, [...(byRequest.get(row.request_id!) ?? []), row]);
    for (const [, group] of byRequest) {
      expect(new Set(group.map((r) => r.lane)).size).toBe(1);
      expect(group.map((r) => r.lane_seq)).toEqual(group.map((_, i) => group[0]!.lane_seq + i));
    }
    const heads = (await t.superuser.query('SELECT lane, seq::int FROM audit_chain_head ORDER BY lane')).rows;
    expect(heads.map((h) => h.lane)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    for (const head of heads) expect(head.seq).toBe(lanes.get(head.lane)?.length ?? 0);

    await flushAnchor(rows.length);
    const anchor = await readAnchor(t.dataDir);
    expect(Object.keys(anchor!.lanes)).toHaveLength(16);
    expect(await verifyAuditChain(writers.db, { dataDir: t.dataDir, batchSize: 7 })).toMatchObject({
      ok: true,
      events: rows.length,
    });
  });

  it('keeps a transaction in the lane of its first event, even when its own lane frees up meanwhile', async () => {
    let own = -1;
    const [a, b] = [new pg.Client({ connectionString: superuserUrl() }), appClient()];
    await Promise.all([a.connect(), b.connect()]);
    try {
      own = Number((await b.query('SELECT pg_backend_pid() AS pid')).rows[0].pid) % 16;
      // A holds B's lane…
      await a.query('BEGIN');
      await a.query('SELECT 1 FROM audit_chain_head WHERE lane = $1 FOR UPDATE', [own]);
      // …so B's first event goes to another lane, and its second stays there after A is gone.
      await b.query('BEGIN');
      await b.query(`INSERT INTO audit_event (action, outcome, request_id) VALUES ('x', 'success', 'moved')`);
      await a.query('COMMIT');
      await b.query(`INSERT INTO audit_event (action, outcome, request_id) VALUES ('x', 'success', 'moved')`);
      await b.query('COMMIT');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const rows = await events();
    const moved = rows.filter((r) => r.request_id === 'moved');
    expect(moved).toHaveLength(2);
    expect(moved[0]!.lane).not.toBe(own);
    expect(moved[1]!.lane).toBe(moved[0]!.lane);
    expect(moved[1]!.lane_seq).toBe(moved[0]!.lane_seq + 1);
    expect((await verifyAuditChain(writers.db, { dataDir: t.dataDir })).ok).toBe(true);
  });

  it('assigns number, lane, position and hashes itself; the application role cannot move a head', async () => {
    const client = appClient();
    await client.connect();
    try {
      const last = Number((await client.query('SELECT max(seq) AS n FROM audit_event')).rows[0].n);
      await client.query(
        `INSERT INTO audit_event (seq, lane, lane_seq, action, outcome, prev_hash, hash)
         VALUES (1, 99, 1, 'forged', 'success', '\\x00', '\\x00')`,
      );
      const forged = (
        await client.query(
          `SELECT seq::int, lane, lane_seq::int, hash FROM audit_event WHERE action = 'forged'`,
        )
      ).rows[0];
      expect(forged.seq).toBeGreaterThan(last);
      expect(forged.lane).toBeGreaterThanOrEqual(0);
      expect(forged.lane).toBeLessThan(16);
      expect(forged.lane_seq).toBeGreaterThan(1);
      expect(forged.hash).toHaveLength(32);
      for (const statement of [
        'UPDATE audit_chain_head SET seq = 0',
        'DELETE FROM audit_chain_head',
        `INSERT INTO audit_chain_head VALUES (16, 0, '\\x00')`,
        `SELECT nextval('audit_event_seq')`,
      ]) {
        await expect(client.query(statement), statement).rejects.toThrow(/permission denied/);
      }
    } finally {
      await client.end();
    }
    expect((await verifyAuditChain(writers.db, { dataDir: t.dataDir })).ok).toBe(true);
  });
});
