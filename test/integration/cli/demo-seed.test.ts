import { describe, expect, it } from 'vitest';
import { CASE_NUMBER_PATTERN } from '../../../src/core/cases/case-input.ts';
import { riskNotesContext } from '../../../src/server/cases/present.ts';
import { DEMO_MARK } from '../../../src/server/demo/texts.ts';
import { refreshBlockKeys } from '../../../src/server/linkage/keys.ts';
import { noteBodyContext } from '../../../src/server/notes/routes.ts';
import { Envelope } from '../../../src/server/platform/crypto/envelope.ts';
import { loadKeyRing } from '../../../src/server/platform/crypto/master-key.ts';
import { createDatabase } from '../../../src/server/platform/db/database.ts';
import { serviceNotesContext } from '../../../src/server/services/routes.ts';
import { amparo, installationForFile } from './run-cli.ts';

const cli = installationForFile();

const PERSONS = 120;
const count = async (sql: string, params: unknown[] = []) =>
  (await cli.su.query(sql, params)).rows[0].n as number;
const events = async (action: string) =>
  (
    await cli.su.query(
      'SELECT actor_user_id, resource_ids, details FROM audit_event WHERE action = $1 ORDER BY seq',
      [action],
    )
  ).rows;

describe('amparo demo seed', () => {
  it('refuses bad options and an installation without agency, writing nothing', async () => {
    const bad = await amparo(['demo', 'seed', '--persons', '0'], { env: cli.env });
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringContaining('--persons debe ser un número entero'),
    ]);
    const both = await amparo(['demo', 'seed', '--users', '--agency', 'X'], { env: cli.env });
    expect(both.code).toBe(2);
    const none = await amparo(['demo', 'seed', '--persons', '5'], { env: cli.env });
    expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('Aún no existe ninguna agencia')]);
    expect(await count('SELECT count(*)::int AS n FROM person')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'demo.seeded'`)).toBe(0);
  });

  it('creates the demo agency, staff with one-time links (no passwords) and synthetic children with their cases', async () => {
    const result = await amparo(['demo', 'seed', '--users', '--persons', String(PERSONS), '--seed', '7'], {
      env: cli.env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Datos de demostración cargados en «Asociación de demostración (datos sintéticos)»: ${PERSONS} personas`,
    );
    expect(result.stderr).toContain(`Personas cargadas: ${PERSONS} de ${PERSONS} (100 %`);

    // One account per main role, each with an unused one-time link; never a password.
    const users = (
      await cli.su.query(`SELECT u.id, u.username, u.password_hash, r.key FROM app_user u
      JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.id = ur.role_id ORDER BY u.username`)
    ).rows;
    expect(users.map((u) => u.key)).toEqual(
      expect.arrayContaining([
        'system_admin',
        'programme_coordinator',
        'social_worker',
        'psychologist',
        'lawyer',
        'community_promoter',
      ]),
    );
    expect(users.every((u) => u.password_hash === null)).toBe(true);
    const links = result.stdout.match(/\/password-reset#[\w-]{20,}/g) ?? [];
    expect(links).toHaveLength(users.length);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM one_time_link WHERE purpose = 'password_reset' AND used_at IS NULL`,
      ),
    ).toBe(users.length);
    expect(result.stdout).not.toMatch(/contraseña: \S/i);

    // Persons: all synthetic, each with name tokens, a mother, consent and at least one case.
    expect(await count('SELECT count(*)::int AS n FROM person')).toBe(PERSONS);
    expect(await count('SELECT count(*)::int AS n FROM person WHERE NOT synthetic')).toBe(0);
    for (const table of ['person_name_token', 'person_block_key', 'consent', 'case_file']) {
      expect(
        await count(
          `SELECT count(*)::int AS n FROM person p WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.person_id = p.id)`,
        ),
        table,
      ).toBe(0);
    }
    expect(
      await count(`SELECT count(*)::int AS n FROM person p WHERE NOT EXISTS
        (SELECT 1 FROM person_relation r WHERE r.person_id = p.id AND r.relationship = 'mother')`),
    ).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM person_relation WHERE no_contact')).toBeGreaterThan(0);
    // The record-linkage blocking keys are those the application writes for the person and her parents.
    const keysOf = async (id: string) =>
      (await cli.su.query('SELECT key FROM person_block_key WHERE person_id = $1 ORDER BY key', [id])).rows;
    const { db } = createDatabase(cli.database.appUrl, 1);
    try {
      for (const { id } of (await cli.su.query('SELECT id FROM person ORDER BY id LIMIT 3')).rows) {
        const loaded = await keysOf(id);
        await refreshBlockKeys(db, id);
        expect(await keysOf(id)).toEqual(loaded);
      }
    } finally {
      await db.destroy();
    }

    // Cases across programmes, types, the cycle, risk levels; some judicial measures; numbered per year.
    const spread = (
      await cli.su
        .query(`SELECT count(DISTINCT programme_id)::int AS programmes, count(DISTINCT case_type)::int AS types,
        count(DISTINCT status)::int AS statuses, count(DISTINCT risk_level)::int AS risks,
        count(*) FILTER (WHERE protection_measure IS NOT NULL)::int AS measures,
        count(*) FILTER (WHERE owner_user_id IS NULL OR team_id IS NULL)::int AS unplaced,
        count(DISTINCT number)::int AS numbers, count(*)::int AS cases FROM case_file`)
    ).rows[0];
    expect(spread).toMatchObject({ programmes: 4, types: 4, unplaced: 0 });
    expect(spread.statuses).toBeGreaterThanOrEqual(5);
    expect(spread.risks).toBeGreaterThanOrEqual(3);
    expect(spread.measures).toBeGreaterThan(0);
    expect(spread.numbers).toBe(spread.cases);
    const numbers = (await cli.su.query('SELECT number FROM case_file')).rows.map((r) => r.number as string);
    expect(numbers.every((n) => CASE_NUMBER_PATTERN.test(n))).toBe(true);
    // The counters continue after the demo cases: the next case opened through the application gets a new number.
    const counters = (
      await cli.su.query(`SELECT c.year, c.last_value, (SELECT count(*)::int FROM case_file f
        WHERE f.number LIKE c.prefix || '-' || c.year || '-%') AS used FROM case_counter c`)
    ).rows;
    expect(counters.length).toBeGreaterThan(0);
    for (const c of counters) expect(c.last_value).toBe(c.used);

    // Notes, risk notes and service notes are encrypted by the server's envelope, bound to their rows.
    const envelope = new Envelope(await loadKeyRing(cli.dataDir));
    const notes = (await cli.su.query('SELECT id, body_sealed FROM case_note')).rows;
    expect(notes.length).toBeGreaterThan(PERSONS);
    for (const note of notes) {
      expect(note.body_sealed.includes(Buffer.from(DEMO_MARK))).toBe(false);
      expect(envelope.decryptText(note.body_sealed, noteBodyContext(note.id))).toMatch(
        /^\[Datos de demostración\] /,
      );
    }
    const [other] = notes;
    expect(() => envelope.decryptText(notes[1]!.body_sealed, noteBodyContext(other!.id))).toThrow();
    const risk = (
      await cli.su.query(
        'SELECT id, risk_notes_sealed FROM case_file WHERE risk_notes_sealed IS NOT NULL LIMIT 1',
      )
    ).rows[0];
    expect(envelope.decryptText(risk.risk_notes_sealed, riskNotesContext(risk.id))).toContain(DEMO_MARK);
    const service = (
      await cli.su.query('SELECT id, notes_sealed FROM case_service WHERE notes_sealed IS NOT NULL LIMIT 1')
    ).rows[0];
    expect(envelope.decryptText(service.notes_sealed, serviceNotesContext(service.id))).toContain(DEMO_MARK);

    // The seeding is audited, as every CLI change: no actor, via cli, with what was created.
    const [seeded, ...more] = await events('demo.seeded');
    expect(more).toHaveLength(0);
    expect(seeded).toMatchObject({
      actor_user_id: null,
      details: expect.objectContaining({
        via: 'cli',
        seed: 7,
        persons: PERSONS,
        cases: spread.cases,
        usersCreated: users.length,
      }),
    });
    expect((await events('user.created')).length).toBeGreaterThanOrEqual(users.length);
    expect(await events('agency.created')).toHaveLength(1);
    const verify = await amparo(['audit', 'verify'], { env: cli.env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('refuses a second run without --force, and adds more persons (no new accounts) with it', async () => {
    const again = await amparo(['demo', 'seed', '--users', '--persons', '10'], { env: cli.env });
    expect([again.code, again.stderr]).toEqual([
      1,
      expect.stringContaining(`ya tiene ${PERSONS} personas de demostración`),
    ]);
    expect(await count('SELECT count(*)::int AS n FROM person')).toBe(PERSONS);
    expect(await events('demo.seeded')).toHaveLength(1);

    const users = await count('SELECT count(*)::int AS n FROM app_user');
    const forced = await amparo(['demo', 'seed', '--users', '--persons', '10', '--force', '--seed', '7'], {
      env: cli.env,
    });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).not.toContain('/password-reset#');
    expect(await count('SELECT count(*)::int AS n FROM person WHERE synthetic')).toBe(PERSONS + 10);
    expect(await count('SELECT count(*)::int AS n FROM app_user')).toBe(users);
    const [, second] = await events('demo.seeded');
    expect(second.details).toMatchObject({ persons: 10, firstIndex: PERSONS });
  });
});
