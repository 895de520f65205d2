import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/server/identity/passwords.ts';
import { amparo, installationForFile } from './run-cli.ts';

const cli = installationForFile();
const PASSWORD = "Tz'utujil-ajq'ij-2024!";

const events = async (action: string) =>
  (
    await cli.su.query(
      'SELECT seq::int, actor_user_id, details, resource_ids FROM audit_event WHERE action = $1 ORDER BY seq',
      [action],
    )
  ).rows;

describe('amparo: the real command', () => {
  it('exits 2 on wrong usage (the cases are in src/cli/run.test.ts)', async () => {
    const unknown = await amparo(['frobnicate'], { env: cli.env });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringContaining('Orden desconocida: frobnicate'),
    ]);
  });
});

describe('amparo migrate', () => {
  it('creates the schema of a new database and records it; a second run changes nothing', async () => {
    const first = await amparo(['migrate'], { env: cli.env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Migraciones aplicadas: 1, 2, 3/);
    const applied = (await cli.su.query('SELECT count(*)::int AS n FROM schema_migration')).rows[0].n;
    expect(applied).toBeGreaterThanOrEqual(3);
    expect(await events('schema.migrated')).toEqual([
      expect.objectContaining({ actor_user_id: null, details: expect.objectContaining({ via: 'cli' }) }),
    ]);
    const second = await amparo(['migrate'], { env: cli.env });
    expect([second.code, second.stdout]).toEqual([0, expect.stringContaining('al día')]);
    expect(await events('schema.migrated')).toHaveLength(1);
  });
});

describe('amparo user create', () => {
  const create = (args: string[], password = PASSWORD) =>
    amparo(['user', 'create', ...args, '--password-stdin'], { env: cli.env, input: `${password}\n` });

  it('refuses a weak password and writes nothing', async () => {
    const weak = await create(
      ['--username', 'admin', '--role', 'system_admin', '--agency', 'Asociación'],
      'corta',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('al menos 12 caracteres');
    expect((await cli.su.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n).toBe(0);
    expect((await cli.su.query('SELECT count(*)::int AS n FROM agency')).rows[0].n).toBe(0);
  });

  it('creates the first administrator and the first agency', async () => {
    const result = await create([
      '--username',
      'admin',
      '--role',
      'system_admin',
      '--agency',
      "Asociación Nim Ja'",
      '--display-name',
      'Administración',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Cuenta «admin» creada en la agencia «Asociación Nim Ja'»");
    expect(result.stdout).toContain('verificación en dos pasos');
    const user = (
      await cli.su.query(
        `SELECT u.id, u.display_name, u.password_hash, a.name, a.org_type, r.key FROM app_user u
         JOIN agency a ON a.id = u.agency_id JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.id = ur.role_id
         WHERE u.username = 'admin'`,
      )
    ).rows;
    expect(user).toHaveLength(1);
    expect(user[0]).toMatchObject({
      display_name: 'Administración',
      name: "Asociación Nim Ja'",
      org_type: 'NGO',
      key: 'system_admin',
    });
    expect(await verifyPassword(user[0].password_hash, PASSWORD)).toBe(true);
    expect(await events('agency.created')).toHaveLength(1);
    expect(await events('user.created')).toEqual([
      expect.objectContaining({
        actor_user_id: null,
        resource_ids: [user[0].id],
        details: expect.objectContaining({ via: 'cli' }),
      }),
    ]);
    expect(JSON.stringify(await events('user.created'))).not.toContain(PASSWORD);
  });

  it('uses the only agency when none is named, and refuses duplicates and unknown roles', async () => {
    const second = await create(
      ['--username', 'maria.tzoc', '--role', 'social_worker'],
      'otra-clave-segura-2024',
    );
    expect(second.code, second.stderr).toBe(0);
    const duplicate = await create(
      ['--username', 'maria.tzoc', '--role', 'social_worker'],
      'otra-clave-segura-2024',
    );
    expect([duplicate.code, duplicate.stderr]).toEqual([1, expect.stringContaining('ya está en uso')]);
    const badRole = await create(['--username', 'pedro', '--role', 'no_such_role'], 'otra-clave-segura-2024');
    expect([badRole.code, badRole.stderr]).toEqual([1, expect.stringContaining('Ese rol no existe')]);
    const badAgency = await create(
      ['--username', 'pedro', '--role', 'social_worker', '--agency', 'Otra'],
      'otra-clave-segura-2024',
    );
    expect(badAgency.code).toBe(1);
    expect(badAgency.stderr).toContain("No existe la agencia «Otra». Agencias: «Asociación Nim Ja'»");
    expect((await cli.su.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n).toBe(2);
    expect((await cli.su.query('SELECT count(*)::int AS n FROM agency')).rows[0].n).toBe(1);
  });
});

describe('amparo user reset-2fa', () => {
  it("clears a user's two-factor login and ends their sessions", async () => {
    const { id } = (await cli.su.query(`SELECT id FROM app_user WHERE username = 'admin'`)).rows[0];
    await cli.su.query(
      `UPDATE app_user SET totp_secret = '\\x01', totp_enabled_at = now(), recovery_code_hashes = '{a,b}' WHERE id = $1`,
      [id],
    );
    await cli.su.query(
      `INSERT INTO user_session (id, user_id, csrf_token, expires_at) VALUES ('\\x0102', $1, 'x', now() + interval '1 hour')`,
      [id],
    );
    const result = await amparo(['user', 'reset-2fa', '--username', 'admin'], { env: cli.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('se cerraron 1 sesiones');
    const user = (
      await cli.su.query(
        'SELECT totp_secret, totp_enabled_at, recovery_code_hashes FROM app_user WHERE id = $1',
        [id],
      )
    ).rows[0];
    expect(user).toEqual({ totp_secret: null, totp_enabled_at: null, recovery_code_hashes: [] });
    expect(
      (await cli.su.query('SELECT count(*)::int AS n FROM user_session WHERE ended_at IS NULL')).rows[0].n,
    ).toBe(0);
    expect(await events('user.two_factor_reset')).toEqual([
      expect.objectContaining({ resource_ids: [id], actor_user_id: null }),
    ]);

    const unknown = await amparo(['user', 'reset-2fa', '--username', 'nadie'], { env: cli.env });
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      expect.stringContaining('No existe la cuenta «nadie»'),
    ]);
  });
});

describe('amparo audit verify', () => {
  it('passes on the untouched trail and fails naming the first altered event', async () => {
    const ok = await amparo(['audit', 'verify'], { env: cli.env });
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    const total = (await cli.su.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n;
    expect(ok.stdout).toContain(
      `Cadena de auditoría íntegra: ${total} eventos; el ancla (${total} eventos) coincide.`,
    );

    const target = (
      await cli.su.query(
        'SELECT seq::int, lane, actor_user_id FROM audit_event ORDER BY seq OFFSET 1 LIMIT 1',
      )
    ).rows[0];
    await cli.su.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await cli.su.query(`UPDATE audit_event SET actor_user_id = gen_random_uuid() WHERE seq = ${target.seq}`);
    const tampered = await amparo(['audit', 'verify'], { env: cli.env });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`Primer evento con problemas: ${target.seq}.`);
    const { rows: fromThere } = await cli.su.query(
      'SELECT count(*)::int AS n FROM audit_event WHERE lane = $1 AND seq >= $2',
      [target.lane, target.seq],
    );
    expect(tampered.stdout).toContain(`primer problema de cada carril): ${total - fromThere[0].n}.`);

    // Cutting off the newest event of a lane (and setting its head back) is caught by the anchor.
    await cli.su.query('UPDATE audit_event SET actor_user_id = $1 WHERE seq = $2', [
      target.actor_user_id,
      target.seq,
    ]);
    const newest = (
      await cli.su.query(
        'DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event) RETURNING lane',
      )
    ).rows[0];
    await cli.su.query(
      `UPDATE audit_chain_head h SET seq = h.seq - 1,
         hash = coalesce((SELECT hash FROM audit_event e WHERE e.lane = h.lane AND e.lane_seq = h.seq - 1),
                         decode(repeat('00', 32), 'hex'))
       WHERE h.lane = $1`,
      [newest.lane],
    );
    await cli.su.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
    const left = (
      await cli.su.query('SELECT coalesce(max(seq), 0)::int AS seq FROM audit_event WHERE lane = $1', [
        newest.lane,
      ])
    ).rows[0].seq;
    const cut = await amparo(['audit', 'verify'], { env: cli.env });
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain(`Primer evento con problemas: ${left + 1}.`);
    expect(cut.stdout).toMatch(new RegExp(`carril ${newest.lane} .*ancla`));
  });
});
