import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingSecretContext, secretContext } from '../../../src/server/identity/two-factor.ts';
import { Envelope } from '../../../src/server/platform/crypto/envelope.ts';
import { loadKeyRing, writeKeyFile } from '../../../src/server/platform/crypto/master-key.ts';
import { keyMaterialContext } from '../../../src/server/platform/key-material.ts';
import { createTestDatabase, fingerprint, type TestDatabase } from '../../support/databases.ts';
import { amparo, installation } from './run-cli.ts';

const TOTP = 'JBSWY3DPEHPK3PXP';
const databases: TestDatabase[] = [];
const dirs: string[] = [];
let source: TestDatabase;
let su: pg.Client;
let env: Record<string, string>;
let dataDir: string;
let userId: string;
let backupFile: string;

async function newInstallation(extra: Record<string, string> = {}) {
  const database = await createTestDatabase({ bare: true });
  databases.push(database);
  const inst = await installation(database, extra);
  dirs.push(inst.dataDir);
  return { database, ...inst };
}

async function client(database: TestDatabase) {
  const c = await database.superuser();
  try {
    return await c.query('SELECT name, sealed FROM key_material');
  } finally {
    await c.end();
  }
}

const keyIdOf = (envelope: Buffer) => envelope.subarray(2, 2 + envelope[1]!).toString('utf8');
const userSecret = async (client: pg.ClientBase) =>
  (await client.query('SELECT totp_secret, totp_pending_secret FROM app_user WHERE id = $1', [userId]))
    .rows[0];

/** Fingerprints without the audit trail, which each side extends (the copy, the restore). */
async function dataFingerprint(database: TestDatabase, upToSeq: number) {
  const client = await database.superuser();
  try {
    const { audit_event: _a, audit_chain_head: _h, audit_event_seq: _s, ...rest } = await fingerprint(client);
    const trail = await client.query(
      `SELECT count(*) || ':' || md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS v FROM audit_event t WHERE seq <= $1`,
      [upToSeq],
    );
    return { ...rest, trail: trail.rows[0].v };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  ({ database: source, env, dataDir } = await newInstallation());
  su = await source.superuser();
  const created = await amparo(
    [
      'user',
      'create',
      '--username',
      'admin',
      '--role',
      'system_admin',
      '--agency',
      'Fundación Sololá',
      '--password-stdin',
    ],
    { env, input: 'una-clave-bastante-larga' },
  );
  expect(created.code, created.stderr).toBe(0);
  userId = (await su.query(`SELECT id FROM app_user WHERE username = 'admin'`)).rows[0].id;
  const envelope = new Envelope(await loadKeyRing(dataDir));
  await su.query('UPDATE app_user SET totp_secret = $1, totp_pending_secret = $2 WHERE id = $3', [
    envelope.encrypt(TOTP, secretContext(userId)),
    envelope.encrypt('PENDING', pendingSecretContext(userId)),
    userId,
  ]);
  backupFile = path.join(dataDir, 'copia.amparo');
});
afterAll(async () => {
  await su.end();
  for (const database of databases) await database.drop();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('amparo backup and restore', () => {
  let anchorSeq: number;
  let anchorEvents: number;

  it('writes an encrypted copy and records the export', async () => {
    const result = await amparo(['backup', backupFile], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Copia escrita en .*copia\.amparo .* tablas, \d+ filas, auditoría hasta el evento \d+ \(\d+ eventos\)/,
    );
    anchorSeq = Number(/hasta el evento (\d+)/.exec(result.stdout)![1]);
    anchorEvents = Number(/\((\d+) eventos\)/.exec(result.stdout)![1]);
    expect(anchorEvents).toBe((await su.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n - 1);
    expect((await fs.stat(backupFile)).mode & 0o777).toBe(0o600);
    const bytes = await fs.readFile(backupFile);
    for (const needle of ['admin', 'Sololá', 'Fundaci', 'system_admin', 'user.created']) {
      expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
    }
    const exported = (await su.query(`SELECT details FROM audit_event WHERE action = 'backup.created'`)).rows;
    expect(exported).toEqual([{ details: expect.objectContaining({ via: 'cli', file: 'copia.amparo' }) }]);
  });

  it('asks for --yes before replacing a database that holds data', async () => {
    const before = await fingerprint(su);
    const result = await amparo(['restore', backupFile], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(await fingerprint(su)).toEqual(before);
  });

  it('restores into a new installation that has the exported key ring', async () => {
    const exported = path.join(dataDir, 'anillo.json');
    const exportResult = await amparo(['key', 'export', exported], { env });
    expect(exportResult.code, exportResult.stderr).toBe(0);
    expect(exportResult.stderr).toContain('ATENCIÓN');
    expect((await fs.stat(exported)).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(exported, 'utf8')).toBe(
      await fs.readFile(path.join(dataDir, 'master.key'), 'utf8'),
    );
    const again = await amparo(['key', 'export', exported], { env });
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('ya existe')]);

    const target = await newInstallation();
    await fs.copyFile(exported, path.join(target.dataDir, 'master.key'));
    const restored = await amparo(['restore', backupFile], { env: target.env });
    expect(restored.code, restored.stderr + restored.stdout).toBe(0);
    expect(restored.stdout).toContain(`auditoría hasta el evento ${anchorSeq} (${anchorEvents} eventos)`);
    expect(restored.stdout).toContain(`Cadena de auditoría íntegra: ${anchorEvents + 1} eventos`);
    expect(await dataFingerprint(target.database, anchorSeq)).toEqual(
      await dataFingerprint(source, anchorSeq),
    );

    const verified = await amparo(['audit', 'verify'], { env: target.env });
    expect([verified.code, verified.stdout]).toEqual([
      0,
      expect.stringContaining(`el ancla (${anchorEvents + 1} eventos) coincide`),
    ]);
  });

  it('cannot be restored without its key: clear error, nothing changed', async () => {
    const target = await newInstallation();
    const noKey = await amparo(['restore', backupFile], { env: target.env });
    expect([noKey.code, noKey.stderr]).toEqual([1, expect.stringContaining('No hay clave maestra')]);
    await writeKeyFile(target.dataDir, { active: 'kotra', keys: { kotra: randomBytes(32) } });
    const otherKey = await amparo(['restore', backupFile], { env: target.env });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toMatch(/se cifró con la clave maestra «k[^»]+», que no está en el anillo/);
    const client = await target.database.superuser();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n).toBe(0);
      expect((await client.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe('amparo key', () => {
  it('prints the key ring when no file is given', async () => {
    const result = await amparo(['key', 'export'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(
      JSON.parse(await fs.readFile(path.join(dataDir, 'master.key'), 'utf8')),
    );
    expect(result.stderr).toContain('ATENCIÓN');
  });

  it('refuses to rotate under a running server', async () => {
    const server = new pg.Client({ connectionString: source.appUrl, application_name: 'amparo' });
    await server.connect();
    try {
      const result = await amparo(['key', 'rotate'], { env });
      expect([result.code, result.stderr]).toEqual([1, expect.stringContaining('deténgalo')]);
    } finally {
      await server.end();
    }
  });

  it('rotates: a new active key, every encrypted value re-wrapped, old copies still readable', async () => {
    const oldRing = await loadKeyRing(dataDir);
    const result = await amparo(['key', 'rotate'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /app_user\.totp_secret: 1, app_user\.totp_pending_secret: 1, key_material\.sealed: 1/,
    );
    const ring = await loadKeyRing(dataDir);
    expect(ring.active).not.toBe(oldRing.active);
    expect(Object.keys(ring.keys).sort()).toEqual([oldRing.active, ring.active].sort());

    const secrets = await userSecret(su);
    expect(keyIdOf(secrets.totp_secret)).toBe(ring.active);
    const onlyNew = new Envelope({ active: ring.active, keys: { [ring.active]: ring.keys[ring.active]! } });
    expect(onlyNew.decryptText(secrets.totp_secret, secretContext(userId))).toBe(TOTP);
    expect(onlyNew.decryptText(secrets.totp_pending_secret, pendingSecretContext(userId))).toBe('PENDING');
    const material = (await su.query('SELECT name, sealed FROM key_material')).rows;
    for (const row of material) {
      expect(keyIdOf(row.sealed)).toBe(ring.active);
      onlyNew.decrypt(row.sealed, keyMaterialContext(row.name));
    }
    expect((await su.query(`SELECT details FROM audit_event WHERE action = 'key.rotated'`)).rows).toEqual([
      { details: expect.objectContaining({ via: 'cli', keyId: ring.active, retired: [] }) },
    ]);

    // The copy made with the old key still restores, and the server's data is readable after it.
    const restored = await amparo(['restore', backupFile, '--yes'], { env });
    expect(restored.code, restored.stderr).toBe(0);
    expect(keyIdOf((await userSecret(su)).totp_secret)).toBe(oldRing.active);
    const verified = await amparo(['audit', 'verify'], { env });
    expect(verified.code, verified.stdout).toBe(0);
  });

  it('retires the old keys on request, after which their copies no longer restore', async () => {
    const result = await amparo(['key', 'rotate', '--retire-old'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Claves retiradas del anillo');
    const ring = await loadKeyRing(dataDir);
    expect(Object.keys(ring.keys)).toEqual([ring.active]);
    const onlyNew = new Envelope(ring);
    expect(onlyNew.decryptText((await userSecret(su)).totp_secret, secretContext(userId))).toBe(TOTP);
    const old = await amparo(['restore', backupFile, '--yes'], { env });
    expect([old.code, old.stderr]).toEqual([1, expect.stringContaining('no está en el anillo')]);
  });

  it('with AMPARO_MASTER_KEY, prints the new key to set instead of writing a file', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const inst = await newInstallation({ AMPARO_MASTER_KEY: oldKey });
    const created = await amparo(
      [
        'user',
        'create',
        '--username',
        'admin',
        '--role',
        'system_admin',
        '--agency',
        'ONG',
        '--password-stdin',
      ],
      { env: inst.env, input: 'una-clave-bastante-larga' },
    );
    expect(created.code, created.stderr).toBe(0);
    const rotated = await amparo(['key', 'rotate'], { env: inst.env });
    expect(rotated.code, rotated.stderr).toBe(0);
    const newKey = rotated.stdout.trim().split('\n').at(-1)!;
    expect(Buffer.from(newKey, 'base64')).toHaveLength(32);
    expect(newKey).not.toBe(oldKey);
    await expect(fs.access(path.join(inst.dataDir, 'master.key'))).rejects.toThrow();

    const sealed = (await client(inst.database)).rows;
    expect(sealed.length).toBeGreaterThan(0);
    const withKey = (key: string) =>
      new Envelope({ active: 'env', keys: { env: Buffer.from(key, 'base64') } });
    for (const row of sealed) {
      expect(() => withKey(oldKey).decrypt(row.sealed, keyMaterialContext(row.name))).toThrow();
      expect(withKey(newKey).decrypt(row.sealed, keyMaterialContext(row.name))).toHaveLength(32);
    }
  });
});
