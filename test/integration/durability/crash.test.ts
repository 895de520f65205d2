import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src/server/identity/sessions.ts';
import { SESSION_COOKIE } from '../../../src/server/platform/auth/authenticate.ts';
import { verifyAuditChain } from '../../../src/server/platform/audit/verify.ts';
import { loadConfig } from '../../../src/server/platform/config.ts';
import { createDatabase, type Db } from '../../../src/server/platform/db/database.ts';
import { startServer, type RunningServer } from '../../support/server-process.ts';
import { amparo } from '../cli/run-cli.ts';

let dataDir: string;
const running = new Set<RunningServer>();

/** The real server, as `npm start` runs it, on its own embedded cluster in dataDir (kept across restarts). */
async function startOnDataDir(): Promise<RunningServer> {
  const server = await startServer({
    AMPARO_DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    MIGRATION_DATABASE_URL: undefined,
    AMPARO_MASTER_KEY: undefined,
  });
  running.add(server);
  return server;
}

function appDatabase(): Promise<Db> {
  return fs.readFile(path.join(dataDir, 'cluster.json'), 'utf8').then((text) => {
    const secrets = JSON.parse(text) as { port: number; appPassword: string };
    const url = `postgres://amparo_app:${encodeURIComponent(secrets.appPassword)}@127.0.0.1:${secrets.port}/amparo`;
    return createDatabase(url, 2).db;
  });
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-crash-'));
  await fs.chmod(dataDir, 0o711);
});
afterAll(async () => {
  for (const server of running) await server.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged write when the server and PostgreSQL are killed mid-stream', async () => {
    let server = await startOnDataDir();

    // A signed-in auditor: every search it makes commits an audit event before the response is sent.
    let db = await appDatabase();
    const agency = await db
      .insertInto('agency')
      .values({ name: 'Agencia', org_type: 'NGO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const role = await db
      .insertInto('role')
      .values({
        key: 'crash_auditor',
        name_es: 'a',
        name_en: 'a',
        purpose_es: 'a',
        purpose_en: 'a',
        scope: 'all',
        permissions: ['audit:read'],
        clearances: [],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto('app_user')
      .values({ agency_id: agency.id, username: 'auditor', display_name: 'Auditor' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('user_role')
      .values({ user_id: user.id, role_id: role.id, granted_by: null })
      .execute();
    const session = await createSession(db, loadConfig({}), user, { ip: '127.0.0.1' }, true);
    await db.destroy();

    const acknowledged: string[] = [];
    const stream = async () => {
      for (;;) {
        try {
          const response = await fetch(`${server.baseUrl}/api/audit-events?pageSize=1`, {
            headers: { cookie: `${SESSION_COOKIE}=${session.cookieValue}` },
          });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`status ${response.status}`);
          acknowledged.push(response.headers.get('x-request-id')!);
        } catch {
          return; // the server is gone: this stream ends
        }
      }
    };
    const streams = Array.from({ length: 8 }, stream);
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));

    const postmaster = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    // PostgreSQL runs in its own process group (postmaster and backends): kill it whole, with the server.
    process.kill(-postmaster, 'SIGKILL');
    await server.kill('SIGKILL');
    await Promise.all(streams);
    const acked = [...acknowledged];
    expect(acked.length).toBeGreaterThanOrEqual(300);
    // Reparented to init once the server died, it is gone as soon as it has been reaped.
    const gone = async () => {
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(postmaster, 0);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    expect(await gone()).toBe(true);

    server = await startOnDataDir();
    db = await appDatabase();
    try {
      const stored = await db
        .selectFrom('audit_event')
        .select('request_id')
        .where('action', '=', 'audit.searched')
        .where('request_id', 'in', acked)
        .execute();
      const present = new Set(stored.map((r) => r.request_id));
      expect(acked.filter((id) => !present.has(id))).toEqual([]);
      expect(present.size).toBe(acked.length);
      // The chain survived the crash intact, anchor included.
      expect(await verifyAuditChain(db, { dataDir })).toMatchObject({ ok: true });
      const { rows } = await sql<{ fsync: string; synchronous_commit: string }>`
        SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit`.execute(
        db,
      );
      expect(rows[0]).toEqual({ fsync: 'on', synchronous_commit: 'on' });
    } finally {
      await db.destroy();
    }
    // The command line works beside the running server (same cluster), but will not restore or rotate keys.
    const cli = { env: { AMPARO_DATA_DIR: dataDir } };
    const verified = await amparo(['audit', 'verify'], cli);
    expect([verified.code, verified.stdout]).toEqual([
      0,
      expect.stringContaining('Cadena de auditoría íntegra'),
    ]);
    const rotate = await amparo(['key', 'rotate'], cli);
    expect([rotate.code, rotate.stderr]).toEqual([
      1,
      expect.stringContaining(`(pid ${server.pid}) está en marcha`),
    ]);

    expect(await server.kill('SIGTERM')).toBe(0);
  }, 180_000);
});
