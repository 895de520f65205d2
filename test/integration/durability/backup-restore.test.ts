import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBackup } from '../../../src/server/backup/backup.ts';
import { BackupError, type BackupHeader } from '../../../src/server/backup/format.ts';
import { DatabaseNotEmptyError, restoreBackup } from '../../../src/server/backup/restore.ts';
import { secretContext } from '../../../src/server/identity/two-factor.ts';
import { readAnchor } from '../../../src/server/platform/audit/anchor.ts';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { verifyAuditChain } from '../../../src/server/platform/audit/verify.ts';
import { Envelope } from '../../../src/server/platform/crypto/envelope.ts';
import { fingerprint } from '../../support/databases.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let dir: string;
let ownerUrl: string;
let superuserUrl: string;
const displayName = "Q'eqchi' B'atz\tcon tabulador,\nsalto de línea y \\barra 👧🏽";
const TOTP = 'JBSWY3DPEHPK3PXP';
const usernames: string[] = [];
let totpUserId: string;

async function su<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const snapshot = () => su(fingerprint);
const verify = (dataDir = t.dataDir) => verifyAuditChain(t.runtime.services.db, { dataDir });

/** Empties every table but the migration record as the database superuser, past the append-only guards. */
const wipe = () =>
  su(async (client) => {
    const tables = await client.query(
      `SELECT string_agg(format('public.%I', c.relname), ', ') AS list FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migration'`,
    );
    await client.query('SET session_replication_role = replica');
    await client.query(`TRUNCATE ${tables.rows[0].list}`);
    await client.query('ALTER SEQUENCE public.test_counter RESTART');
  });

async function createSequence(client: pg.ClientBase, calls: number) {
  await client.query('CREATE SEQUENCE public.test_counter');
  await client.query('ALTER SEQUENCE public.test_counter OWNER TO amparo_owner');
  for (let i = 0; i < calls; i++) await client.query(`SELECT nextval('public.test_counter')`);
}

beforeAll(async () => {
  t = await startTestApp();
  dir = await fs.mkdtemp(path.join(t.dataDir, 'backups-'));
  ownerUrl = t.runtime.ownerUrl;
  superuserUrl = inject('cluster').superuserUrl.replace(/\/[^/]+$/, `/${t.databaseName}`);
  const { db, envelope } = t.runtime.services;
  const agencyId = await t.createAgency('Asociación Ixchel');
  const programmeId = await t.createProgramme(agencyId);
  const teamId = await t.createTeam(agencyId, 'Equipo Xela', programmeId);
  for (let i = 0; i < 5; i++) {
    const user = await t.createUser({ agencyId, roles: ['social_worker'], teamIds: [teamId] });
    usernames.push(user.username);
    await t.signedIn(user); // a session row (bytea id, inet)
  }
  totpUserId = (await db.selectFrom('app_user').select('id').limit(1).executeTakeFirstOrThrow()).id;
  await db
    .updateTable('app_user')
    .set({ display_name: displayName, totp_secret: envelope.encrypt(TOTP, secretContext(totpUserId)) })
    .where('id', '=', totpUserId)
    .execute();
  for (let i = 0; i < 20; i++) {
    await writeAuditEvent(
      db,
      { actorUserId: totpUserId, actorAgencyId: agencyId, ip: '::1' },
      {
        action: 'person.read',
        resourceIds: [`p-${i}`],
        details: { i, text: displayName },
      },
    );
  }
  // Enough incompressible data for the copy to span several encrypted segments.
  await sql`INSERT INTO audit_event (action, outcome, details)
    SELECT 'bulk.test', 'success', jsonb_build_object('r', encode(gen_random_bytes(1024), 'hex'))
    FROM generate_series(1, 2500)`.execute(db);
  await su((client) => createSequence(client, 3));
  t.runtime.services.anchorAudit();
});
afterAll(async () => t.close());

describe('backup and restore', () => {
  let file: string;
  let before: Record<string, string>;
  let anchor: BackupHeader['anchor'];

  it('writes a copy that holds no readable data', async () => {
    before = await snapshot();
    file = path.join(dir, 'copia.amparo');
    const summary = await createBackup({ ownerUrl, envelope: t.runtime.services.envelope, file });
    anchor = summary.header.anchor;
    expect(anchor.events).toBe(Number(before.audit_event!.split(':')[0]));
    expect(anchor.lastSeq).toBe(
      (await su((c) => c.query('SELECT max(seq)::int AS n FROM audit_event'))).rows[0].n,
    );
    expect(Object.keys(anchor.lanes)).toHaveLength(16);
    expect(summary.bytes).toBeGreaterThan(2 * 1024 * 1024); // several 1 MiB segments
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    const bytes = await fs.readFile(file);
    for (const needle of [...usernames, 'Ixchel', "Q'eqchi'", 'person.read', 'bulk.test', 'app_user']) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
    const keyFile = await fs.readFile(path.join(t.dataDir, 'master.key'), 'utf8');
    for (const key of Object.values(JSON.parse(keyFile).keys as Record<string, string>)) {
      expect(bytes.includes(Buffer.from(key))).toBe(false);
      expect(bytes.includes(Buffer.from(key, 'base64'))).toBe(false);
    }
    expect(() => gunzipSync(bytes)).toThrow();
  });

  it('restores the identical data into a wiped database', async () => {
    await wipe();
    const wiped = await snapshot();
    for (const table of ['app_user', 'audit_event', 'audit_chain_head', 'key_material', 'role']) {
      expect(wiped[table]).toMatch(/^0:/);
    }

    const summary = await restoreBackup({
      ownerUrl,
      envelope: t.runtime.services.envelope,
      file,
      dataDir: t.dataDir,
      replace: false,
    });
    expect(summary.header.anchor).toEqual(anchor);
    const after = await snapshot();
    // The restore is itself one more event, numbered after every event of the copy.
    const {
      audit_event: auditBefore,
      audit_chain_head: headBefore,
      audit_event_seq: _s,
      ...restBefore
    } = before;
    const { audit_event: auditAfter, audit_chain_head: headAfter, audit_event_seq: _t, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
    expect(after.test_counter).toBe('3:true');
    expect(headAfter).not.toBe(headBefore);
    const restoredTrail = await su(async (client) => {
      const rows = await client.query(
        `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS value
         FROM audit_event t WHERE seq <= $1`,
        [anchor.lastSeq],
      );
      const extra = await client.query('SELECT seq::int, action, details FROM audit_event WHERE seq > $1', [
        anchor.lastSeq,
      ]);
      return { value: rows.rows[0].value, extra: extra.rows };
    });
    expect(restoredTrail.value).toBe(auditBefore);
    expect(auditAfter).not.toBe(auditBefore);
    expect(restoredTrail.extra).toEqual([
      expect.objectContaining({
        seq: expect.any(Number),
        action: 'backup.restored',
        details: expect.objectContaining({ via: 'cli' }),
      }),
    ]);

    // The anchor starts from the backup's heads; the restore's own event may already have moved one lane.
    const lanesAfter = (await readAnchor(t.dataDir))!.lanes;
    for (const [lane, head] of Object.entries(anchor.lanes)) {
      if (lanesAfter[lane]!.seq === head.seq) expect(lanesAfter[lane]).toEqual(head);
      else expect(lanesAfter[lane]!.seq).toBe(head.seq + 1);
    }
    expect(await verify()).toMatchObject({ ok: true, events: anchor.events + 1 });
    const user = await t.runtime.services.db
      .selectFrom('app_user')
      .select(['display_name', 'totp_secret'])
      .where('id', '=', totpUserId)
      .executeTakeFirstOrThrow();
    expect(user.display_name).toBe(displayName);
    expect(t.runtime.services.envelope.decryptText(user.totp_secret!, secretContext(totpUserId))).toBe(TOTP);
    // The guards of the audit trail are back on.
    await expect(su((c) => c.query('UPDATE audit_event SET action = action WHERE seq = 1'))).rejects.toThrow(
      /append-only/,
    );
    await expect(su((c) => c.query('TRUNCATE audit_event'))).rejects.toThrow(/append-only/);
    await writeAuditEvent(t.runtime.services.db, {}, { action: 'after.restore' });
    expect(await verify()).toMatchObject({ ok: true, events: anchor.events + 2 });
    const trail = await t.auditEvents();
    expect(trail.slice(-2).map((e) => e.action)).toEqual(['backup.restored', 'after.restore']);
  });

  it('refuses a database that holds data unless told to replace it, and then replaces it', async () => {
    await writeAuditEvent(t.runtime.services.db, {}, { action: 'newer.than.copy' });
    const newerSeq = (await t.auditEvents('newer.than.copy'))[0]!.seq;
    const current = await snapshot();
    await expect(
      restoreBackup({
        ownerUrl,
        envelope: t.runtime.services.envelope,
        file,
        dataDir: t.dataDir,
        replace: false,
      }),
    ).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    expect(await snapshot()).toEqual(current);

    await restoreBackup({
      ownerUrl,
      envelope: t.runtime.services.envelope,
      file,
      dataDir: t.dataDir,
      replace: true,
    });
    const after = await snapshot();
    expect(after.app_user).toBe(before.app_user);
    expect(await t.auditEvents('newer.than.copy')).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true, events: anchor.events + 1 });
    // Numbers taken since the copy are not handed out again.
    const newest = await t.auditEvents();
    expect(newest.at(-1)).toMatchObject({ action: 'backup.restored' });
    expect(newest.at(-1)!.seq).toBeGreaterThan(newerSeq);
  });

  it('cannot be restored with another key, nor when altered or cut short: clear error, nothing changed', async () => {
    const current = await snapshot();
    const keyId = t.runtime.services.envelope.activeKeyId;
    const attempt = (envelope: Envelope, from = file) =>
      restoreBackup({ ownerUrl, envelope, file: from, dataDir: t.dataDir, replace: true });

    const sameIdOtherKey = new Envelope({ active: keyId, keys: { [keyId]: randomBytes(32) } });
    await expect(attempt(sameIdOtherKey)).rejects.toThrow(/no se puede descifrar/);
    const otherRing = new Envelope({ active: 'otra', keys: { otra: randomBytes(32) } });
    await expect(attempt(otherRing)).rejects.toThrow(
      new RegExp(`clave maestra «${keyId}».*no está en el anillo`),
    );

    const bytes = await fs.readFile(file);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 1;
    const cut = bytes.subarray(0, bytes.length - 1024 * 1024 - 16); // ends exactly on a segment boundary
    const headerEdited = Buffer.from(bytes.toString('latin1').replace(/"seq":\d/, '"seq":9'), 'latin1');
    for (const [name, content] of Object.entries({ flipped, cut, headerEdited, empty: Buffer.alloc(0) })) {
      const altered = path.join(dir, `${name}.amparo`);
      await fs.writeFile(altered, content);
      await expect(attempt(t.runtime.services.envelope, altered), name).rejects.toBeInstanceOf(BackupError);
    }
    expect(await snapshot()).toEqual(current);
  });

  it('takes a consistent snapshot while the server keeps writing', async () => {
    const { db, envelope } = t.runtime.services;
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) await writeAuditEvent(db, {}, { action: 'concurrent.write', details: { n: n++ } });
      return n;
    })();
    const concurrent = path.join(dir, 'concurrent.amparo');
    await new Promise((r) => setTimeout(r, 50));
    const summary = await createBackup({ ownerUrl, envelope, file: concurrent });
    writing = false;
    expect(await writer).toBeGreaterThan(0);

    await restoreBackup({ ownerUrl, envelope, file: concurrent, dataDir: t.dataDir, replace: true });
    const heads = await su((c) => c.query('SELECT sum(seq)::int AS n FROM audit_chain_head'));
    expect(heads.rows[0].n).toBe(summary.header.anchor.events + 1);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
