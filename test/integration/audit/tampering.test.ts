import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { laneEvents, readAnchor } from '../../../src/server/platform/audit/anchor.ts';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { canonicalText, verifyAuditChain } from '../../../src/server/platform/audit/verify.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
interface Event {
  seq: number;
  lane: number;
  lane_seq: number;
  [column: string]: unknown;
}
let original: Event[];
/** The lane with the most events, in lane order; the target is one in its middle. */
let lane: Event[];
let target: Event;

const verify = (options: { batchSize?: number } = {}) =>
  verifyAuditChain(t.runtime.services.db, { dataDir: t.dataDir, ...options });

/** Events still intact when the lane of `from` is good up to just before it. */
const intactBefore = (from: Event) =>
  original.length - original.filter((e) => e.lane === from.lane && e.lane_seq >= from.lane_seq).length;

/** Runs statements as the database superuser with the append-only triggers out of the way. */
async function tamper(...statements: string[]) {
  await t.superuser.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
  try {
    for (const statement of statements) await t.superuser.query(statement);
  } finally {
    await t.superuser.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
  }
}

async function flushAnchor() {
  t.runtime.services.anchorAudit();
  for (let i = 0; i < 50; i++) {
    const anchor = await readAnchor(t.dataDir);
    if (anchor && laneEvents(anchor.lanes) === original.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('anchor not written');
}

beforeAll(async () => {
  t = await startTestApp();
  const agencyId = await t.createAgency();
  const user = await t.createUser({ agencyId });
  const db = t.runtime.services.db;
  const entries = [
    { action: 'auth.login', details: { method: 'password' } },
    {
      action: 'person.read',
      resourceType: 'person',
      resourceIds: ['a1', 'b2'],
      details: { fields: ['name'] },
    },
    { action: 'person.updated', details: { name: "Q'eqchi' B'atz — niña 👧🏽", nested: { n: 1.5, x: null } } },
    { action: 'auth.login', outcome: 'failure' as const, details: {} },
    { action: 'case.note.written', resourceType: 'case', resourceIds: ['c-1'], details: { text: 'ñandú' } },
    { action: 'authz.denied', outcome: 'denied' as const, details: { route: 'GET /api/x' } },
    { action: 'audit.searched', resourceIds: [], details: { filters: { username: 'ana' } } },
    { action: 'user.created', resourceType: 'user', resourceIds: [user.id], details: { via: 'cli' } },
    { action: 'session.ended', details: { reason: 'logout' } },
    { action: 'setting.changed', details: { key: 'x' } },
    { action: 'person.read', resourceIds: ['a,b'], details: {} },
    { action: 'person.read', resourceIds: ['a', 'b'], details: {} },
  ];
  // Three transactions at a time, each holding its lane until all three wrote: the trail spans lanes.
  for (let i = 0; i < entries.length; i += 3) {
    let wrote = 0;
    let allWrote!: () => void;
    const together = new Promise<void>((resolve) => (allWrote = resolve));
    await Promise.all(
      entries.slice(i, i + 3).map((entry, j) =>
        db.transaction().execute(async (trx) => {
          await writeAuditEvent(
            trx,
            (i + j) % 3 === 0
              ? {}
              : {
                  actorUserId: user.id,
                  actorAgencyId: agencyId,
                  requestId: `req-${i + j}`,
                  ip: (i + j) % 2 ? '::1' : '10.1.2.3',
                },
            entry,
          );
          if (++wrote === 3) allWrote();
          await together;
        }),
      ),
    );
  }
  original = (await t.superuser.query('SELECT * FROM audit_event ORDER BY seq')).rows.map((e) => ({
    ...e,
    seq: Number(e.seq),
    lane_seq: Number(e.lane_seq),
  }));
  const lanes = new Map<number, Event[]>();
  for (const e of original) lanes.set(e.lane, [...(lanes.get(e.lane) ?? []), e]);
  lane = [...lanes.values()].sort((a, b) => b.length - a.length)[0]!;
  target = lane[1]!;
  await t.superuser.query(
    `CREATE SCHEMA pristine;
     CREATE TABLE pristine.audit_event AS SELECT * FROM audit_event;
     CREATE TABLE pristine.audit_chain_head AS SELECT * FROM audit_chain_head`,
  );
  await flushAnchor();
});
afterAll(async () => t.close());

// Each test starts from the untouched chain.
beforeEach(async () => {
  await tamper('DELETE FROM audit_event', 'INSERT INTO audit_event SELECT * FROM pristine.audit_event');
  await t.superuser.query(
    'DELETE FROM audit_chain_head; INSERT INTO audit_chain_head SELECT * FROM pristine.audit_chain_head',
  );
});

describe('audit chain verification', () => {
  it('spans several lanes, the one under test with events before and after the target', () => {
    expect(new Set(original.map((e) => e.lane)).size).toBeGreaterThanOrEqual(3);
    expect(lane.length).toBeGreaterThanOrEqual(4);
    expect(lane.map((e) => e.lane_seq)).toEqual(lane.map((_, i) => i + 1));
  });

  it('rebuilds exactly the canonical text the database hashes', async () => {
    const rows = await t.runtime.services.db.transaction().execute(async (trx) => {
      const { sql } = await import('kysely');
      return (
        await sql<any>`
          SELECT seq, lane, lane_seq,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
            actor_user_id::text AS actor_user_id, actor_agency_id::text AS actor_agency_id, action, outcome,
            resource_type, array_to_json(resource_ids)::text AS resource_ids, request_id, host(ip) AS ip,
            details::text AS details, prev_hash, hash, audit_event_canonical(audit_event) AS expected
          FROM audit_event ORDER BY seq`.execute(trx)
      ).rows;
    });
    expect(rows.length).toBe(original.length);
    for (const row of rows) expect(canonicalText(row)).toBe(row.expected);
  });

  it('accepts an untouched chain, in one batch or many', async () => {
    for (const batchSize of [5000, 3, 1]) {
      const result = await verify({ batchSize });
      expect(result).toMatchObject({ ok: true, events: original.length });
      expect(result.firstBad).toBeUndefined();
      expect(laneEvents(result.anchor!)).toBe(original.length);
      expect(result.heads).toEqual(result.anchor);
    }
  });

  // Each change, and the event it is reported at (the target unless said otherwise).
  const changes: Record<string, [string, (target: Event) => number]> = {
    seq: ['seq = seq + 1000', (e) => e.seq + 1000],
    lane: ['lane = lane + 16', (e) => e.seq],
    // The lane now jumps from the event before to the one after: that is where the gap shows.
    lane_seq: ['lane_seq = lane_seq + 1000', (e) => next(e).seq],
    occurred_at: ["occurred_at = occurred_at + interval '1 microsecond'", (e) => e.seq],
    actor_user_id: ['actor_user_id = gen_random_uuid()', (e) => e.seq],
    actor_agency_id: ['actor_agency_id = gen_random_uuid()', (e) => e.seq],
    action: ["action = 'case.note.read'", (e) => e.seq],
    outcome: ["outcome = CASE outcome WHEN 'denied' THEN 'success' ELSE 'denied' END", (e) => e.seq],
    resource_type: ["resource_type = 'child'", (e) => e.seq],
    resource_ids: ["resource_ids = array_append(resource_ids, 'c-2')", (e) => e.seq],
    request_id: ["request_id = 'req-other'", (e) => e.seq],
    ip: ["ip = '192.168.0.7'", (e) => e.seq],
    details: [`details = details || '{"text": "otra"}'`, (e) => e.seq],
    prev_hash: ["prev_hash = digest('x', 'sha256')", (e) => e.seq],
    hash: ["hash = digest('x', 'sha256')", (e) => e.seq],
  };
  /** The next event of the target's lane. */
  const next = (e: Event) => lane[lane.indexOf(e) + 1]!;

  it('covers every column of the table', async () => {
    expect(Object.keys(changes).sort()).toEqual(Object.keys(original[0]!).sort());
  });
  for (const [column, [change, reportedAt]] of Object.entries(changes)) {
    it(`detects a change of ${column}`, async () => {
      await tamper(`UPDATE audit_event SET ${change} WHERE seq = ${target.seq}`);
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.firstBad?.seq).toBe(reportedAt(target));
      expect(result.events).toBe(intactBefore(target));
    });
  }

  it('detects a deleted event in the middle of a lane', async () => {
    await tamper(`DELETE FROM audit_event WHERE seq = ${target.seq}`);
    const result = await verify();
    expect(result.firstBad).toMatchObject({ seq: next(target).seq, code: 'missing' });
    expect(result.firstBad?.reason).toContain(`Falta el evento ${target.lane_seq} del carril ${target.lane}`);
    expect(result.events).toBe(intactBefore(target));
  });

  it('detects two events of a lane swapped', async () => {
    const [a, b] = [target, next(target)];
    await tamper(
      `UPDATE audit_event SET seq = -1, lane_seq = -1 WHERE seq = ${a.seq}`,
      `UPDATE audit_event SET seq = ${a.seq}, lane_seq = ${a.lane_seq} WHERE seq = ${b.seq}`,
      `UPDATE audit_event SET seq = ${b.seq}, lane_seq = ${b.lane_seq} WHERE seq = -1`,
    );
    expect((await verify()).firstBad).toMatchObject({ seq: a.seq, code: 'broken_link' });
  });

  it('detects an event moved to another lane, even when it takes the free place there', async () => {
    const other = original.find((e) => e.lane !== target.lane && e.lane_seq === 1)!;
    const last = original.filter((e) => e.lane === other.lane).length;
    await tamper(
      `UPDATE audit_event SET lane = ${other.lane}, lane_seq = ${last + 1} WHERE seq = ${target.seq}`,
    );
    const result = await verify();
    expect(result.firstBad?.seq).toBe(target.seq);
    expect(['broken_link', 'hash_mismatch']).toContain(result.firstBad?.code);
  });

  it('detects an event rewritten with a recomputed hash (the next link of its lane breaks)', async () => {
    await tamper(
      `UPDATE audit_event SET action = 'x' WHERE seq = ${target.seq}`,
      `UPDATE audit_event e SET hash = digest(audit_event_canonical(e), 'sha256') WHERE seq = ${target.seq}`,
    );
    expect((await verify()).firstBad).toMatchObject({ seq: next(target).seq, code: 'broken_link' });
  });

  it('reports the problem with the lowest number when several lanes are damaged', async () => {
    const other = original.filter((e) => e.lane !== target.lane && e.seq < target.seq).at(-1)!;
    await tamper(
      `UPDATE audit_event SET action = 'x' WHERE seq = ${target.seq}`,
      `UPDATE audit_event SET action = 'y' WHERE seq = ${other.seq}`,
    );
    const result = await verify();
    expect(result.firstBad).toMatchObject({ seq: other.seq, code: 'hash_mismatch' });
    expect(result.events).toBe(intactBefore(target) + intactBefore(other) - original.length);
  });

  const cutTail = async (from: Event, headTo?: Event) => {
    await tamper(`DELETE FROM audit_event WHERE lane = ${from.lane} AND lane_seq >= ${from.lane_seq}`);
    if (headTo) {
      await t.superuser.query(
        `UPDATE audit_chain_head h SET seq = e.lane_seq, hash = e.hash FROM audit_event e
         WHERE e.seq = ${headTo.seq} AND h.lane = e.lane`,
      );
    }
  };

  it('detects the newest events of a lane deleted', async () => {
    await cutTail(target);
    const result = await verify();
    expect(result.firstBad).toMatchObject({ seq: lane[0]!.seq + 1, code: 'truncated' });
    expect(result.firstBad?.reason).toContain(
      `El carril ${target.lane} termina en su evento ${target.lane_seq - 1}, pero el ancla guardada fuera ` +
        `de la base registra el ${lane.length}`,
    );
  });

  it('detects the newest events of a lane deleted even when its head is set back to match', async () => {
    await cutTail(target, lane[0]);
    const result = await verify();
    expect(result.firstBad).toMatchObject({ seq: lane[0]!.seq + 1, code: 'truncated' });
    expect(result.firstBad?.reason).toMatch(new RegExp(`carril ${target.lane} .*ancla.* ${lane.length}:`));
    // Without the anchor the lane looks whole: only the copy outside the database tells.
    expect((await verifyAuditChain(t.runtime.services.db, { anchor: null })).ok).toBe(true);
  });

  it('detects a whole lane deleted, head row included', async () => {
    await cutTail(lane[0]!);
    await t.superuser.query(`DELETE FROM audit_chain_head WHERE lane = ${target.lane}`);
    expect((await verify()).firstBad).toMatchObject({ seq: 1, code: 'truncated' });
  });

  it('detects a lane tail rewritten consistently, through the anchor', async () => {
    // Alter an event and recompute every later link of its lane and its head, as a careful attacker would.
    const rehash = [];
    for (const e of lane.slice(lane.indexOf(target))) {
      rehash.push(
        `UPDATE audit_event e SET prev_hash = (SELECT hash FROM audit_event
           WHERE lane = ${e.lane} AND lane_seq = ${e.lane_seq - 1}) WHERE seq = ${e.seq}`,
        `UPDATE audit_event e SET hash = digest(audit_event_canonical(e), 'sha256') WHERE seq = ${e.seq}`,
      );
    }
    await tamper(
      `UPDATE audit_event SET details = details || '{"rewritten": true}' WHERE seq = ${target.seq}`,
      ...rehash,
    );
    await t.superuser.query(
      `UPDATE audit_chain_head h SET hash = e.hash FROM audit_event e WHERE e.seq = ${lane.at(-1)!.seq}
       AND h.lane = e.lane`,
    );
    expect((await verifyAuditChain(t.runtime.services.db, { anchor: null })).ok).toBe(true);
    expect((await verify()).firstBad).toMatchObject({ seq: lane.at(-1)!.seq, code: 'anchor_mismatch' });
  });

  it('detects events appended behind the head of their lane', async () => {
    await t.superuser.query(`UPDATE audit_chain_head SET seq = seq - 1 WHERE lane = ${target.lane}`);
    expect((await verify()).firstBad).toMatchObject({ seq: lane.at(-1)!.seq, code: 'head_mismatch' });
  });

  it('detects events whose lane has no head', async () => {
    await t.superuser.query(`DELETE FROM audit_chain_head WHERE lane = ${target.lane}`);
    expect((await verify()).firstBad).toMatchObject({ seq: lane[0]!.seq, code: 'head_mismatch' });
  });
});
