import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAnchor } from '../../../src/server/platform/audit/anchor.ts';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { canonicalText, verifyAuditChain } from '../../../src/server/platform/audit/verify.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let original: { events: any[]; head: any };
const TARGET = 5;

const verify = (options: { batchSize?: number } = {}) =>
  verifyAuditChain(t.runtime.services.db, { dataDir: t.dataDir, ...options });

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
  const head = Number((await t.superuser.query('SELECT seq FROM audit_chain_head')).rows[0].seq);
  for (let i = 0; i < 50; i++) {
    if ((await readAnchor(t.dataDir))?.seq === head) return head;
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
  ];
  for (const [i, entry] of entries.entries()) {
    await writeAuditEvent(
      db,
      i % 3 === 0
        ? {}
        : {
            actorUserId: user.id,
            actorAgencyId: agencyId,
            requestId: `req-${i}`,
            ip: i % 2 ? '::1' : '10.1.2.3',
          },
      entry,
    );
  }
  original = {
    events: (await t.superuser.query('SELECT * FROM audit_event ORDER BY seq')).rows,
    head: (await t.superuser.query('SELECT * FROM audit_chain_head')).rows[0],
  };
  await t.superuser.query(
    'CREATE SCHEMA pristine; CREATE TABLE pristine.audit_event AS SELECT * FROM audit_event',
  );
  await flushAnchor();
});
afterAll(async () => t.close());

// Each test starts from the untouched chain.
beforeEach(async () => {
  await tamper('DELETE FROM audit_event', 'INSERT INTO audit_event SELECT * FROM pristine.audit_event');
  await t.superuser.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [
    original.head.seq,
    original.head.hash,
  ]);
});

describe('audit chain verification', () => {
  it('rebuilds exactly the canonical text the database hashes', async () => {
    const rows = await t.runtime.services.db.transaction().execute(async (trx) => {
      const { sql } = await import('kysely');
      return (
        await sql<any>`
          SELECT seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
            actor_user_id::text AS actor_user_id, actor_agency_id::text AS actor_agency_id, action, outcome,
            resource_type, array_to_json(resource_ids)::text AS resource_ids, request_id, host(ip) AS ip,
            details::text AS details, prev_hash, hash, audit_event_canonical(audit_event) AS expected
          FROM audit_event ORDER BY seq`.execute(trx)
      ).rows;
    });
    expect(rows.length).toBe(original.events.length);
    for (const row of rows) expect(canonicalText(row)).toBe(row.expected);
  });

  it('accepts an untouched chain, in one batch or many', async () => {
    for (const batchSize of [5000, 3, 1]) {
      const result = await verify({ batchSize });
      expect(result).toMatchObject({ ok: true, events: original.events.length });
      expect(result.firstBad).toBeUndefined();
      expect(result.anchor?.seq).toBe(original.events.length);
    }
  });

  const changes: Record<string, string> = {
    seq: 'seq = 1000',
    occurred_at: "occurred_at = occurred_at + interval '1 microsecond'",
    actor_user_id: 'actor_user_id = gen_random_uuid()',
    actor_agency_id: 'actor_agency_id = gen_random_uuid()',
    action: "action = 'case.note.read'",
    outcome: "outcome = 'denied'",
    resource_type: "resource_type = 'child'",
    resource_ids: "resource_ids = array_append(resource_ids, 'c-2')",
    request_id: "request_id = 'req-other'",
    ip: "ip = '192.168.0.7'",
    details: `details = details || '{"text": "otra"}'`,
    prev_hash: "prev_hash = digest('x', 'sha256')",
    hash: "hash = digest('x', 'sha256')",
  };
  it('covers every column of the table', async () => {
    expect(Object.keys(changes).sort()).toEqual(Object.keys(original.events[0]).sort());
  });
  for (const [column, change] of Object.entries(changes)) {
    it(`detects a change of ${column}`, async () => {
      await tamper(`UPDATE audit_event SET ${change} WHERE seq = ${TARGET}`);
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.firstBad?.seq).toBe(TARGET);
      expect(result.events).toBe(TARGET - 1);
    });
  }

  it('detects a deleted event in the middle', async () => {
    await tamper(`DELETE FROM audit_event WHERE seq = ${TARGET}`);
    expect((await verify()).firstBad).toMatchObject({ seq: TARGET, code: 'missing' });
  });

  it('detects two events swapped', async () => {
    await tamper(
      `UPDATE audit_event SET seq = -1 WHERE seq = ${TARGET}`,
      `UPDATE audit_event SET seq = ${TARGET} WHERE seq = ${TARGET - 1}`,
      `UPDATE audit_event SET seq = ${TARGET - 1} WHERE seq = -1`,
    );
    expect((await verify()).firstBad).toMatchObject({ seq: TARGET - 1, code: 'broken_link' });
  });

  it('detects an event rewritten with a recomputed hash (the next link breaks)', async () => {
    await tamper(
      `UPDATE audit_event SET action = 'x' WHERE seq = ${TARGET}`,
      `UPDATE audit_event e SET hash = digest(audit_event_canonical(e), 'sha256') WHERE seq = ${TARGET}`,
    );
    expect((await verify()).firstBad).toMatchObject({ seq: TARGET + 1, code: 'broken_link' });
  });

  it('detects the newest events deleted', async () => {
    const last = original.events.length;
    await tamper(`DELETE FROM audit_event WHERE seq > ${last - 3}`);
    expect((await verify()).firstBad).toMatchObject({ seq: last - 2, code: 'truncated' });
  });

  it('detects the newest events deleted even when the head table is set back to match', async () => {
    const last = original.events.length;
    await tamper(`DELETE FROM audit_event WHERE seq > ${last - 3}`);
    await t.superuser.query(
      `UPDATE audit_chain_head SET seq = e.seq, hash = e.hash FROM audit_event e WHERE e.seq = ${last - 3}`,
    );
    const result = await verify();
    expect(result.firstBad).toMatchObject({ seq: last - 2, code: 'truncated' });
    expect(result.firstBad?.reason).toMatch(/ancla/);
  });

  it('detects a whole tail rewritten consistently, through the anchor', async () => {
    // Alter an event and recompute every later link and the head, as a careful attacker would.
    const last = original.events.length;
    const rehash = [];
    for (let seq = TARGET; seq <= last; seq++) {
      rehash.push(
        `UPDATE audit_event e SET prev_hash = (SELECT hash FROM audit_event WHERE seq = ${seq - 1}) WHERE seq = ${seq}`,
        `UPDATE audit_event e SET hash = digest(audit_event_canonical(e), 'sha256') WHERE seq = ${seq}`,
      );
    }
    await tamper(`UPDATE audit_event SET details = '{}' WHERE seq = ${TARGET}`, ...rehash);
    await t.superuser.query(
      `UPDATE audit_chain_head SET hash = e.hash FROM audit_event e WHERE e.seq = ${last}`,
    );
    expect((await verifyAuditChain(t.runtime.services.db, { anchor: null })).ok).toBe(true);
    expect((await verify()).firstBad).toMatchObject({ seq: last, code: 'anchor_mismatch' });
  });

  it('detects events appended behind the head table', async () => {
    await t.superuser.query(`UPDATE audit_chain_head SET seq = seq - 1`);
    expect((await verify()).firstBad).toMatchObject({ seq: original.events.length, code: 'head_mismatch' });
  });
});
