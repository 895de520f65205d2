import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import type { Permission, SensitivityClass, Scope } from '../../src/core/access/catalogue.ts';
import { Writable } from 'node:stream';
import { buildApp, loggerOptions } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/platform/config.ts';
import { openRuntime, type Runtime } from '../../src/server/platform/runtime.ts';
import { createSession } from '../../src/server/identity/sessions.ts';
import { hashPassword } from '../../src/server/identity/passwords.ts';
import { HttpClient } from './http-client.ts';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  agencyId: string;
}

export interface TestApp {
  baseUrl: string;
  app: FastifyInstance;
  runtime: Runtime;
  config: Config;
  /** Superuser connection to this test's own database, for assertions and tampering. */
  superuser: pg.Client;
  dataDir: string;
  databaseName: string;
  /** Everything the server logged (JSON lines), at the LOG_LEVEL given to startTestApp. */
  logLines: string[];
  client(): HttpClient;
  createAgency(name?: string): Promise<string>;
  createProgramme(agencyId: string, kind?: string, name?: string): Promise<string>;
  createTeam(agencyId: string, name?: string, programmeId?: string): Promise<string>;
  createRole(spec: {
    key?: string;
    scope: Scope;
    permissions: Permission[];
    clearances?: SensitivityClass[];
    requiresTwoFactor?: boolean;
  }): Promise<string>;
  createUser(spec: {
    agencyId?: string;
    roles?: string[];
    roleProgrammeId?: string;
    username?: string;
    password?: string;
    teamIds?: string[];
  }): Promise<TestUser>;
  /** An HTTP client already signed in as the user (session created directly, as after a successful login). */
  signedIn(user: TestUser): Promise<HttpClient>;
  /** Audit events (newest last), optionally only those of one action. */
  auditEvents(action?: string): Promise<
    Array<{
      seq: number;
      action: string;
      outcome: string;
      actor_user_id: string | null;
      resource_type: string | null;
      resource_ids: string[];
      details: Record<string, unknown>;
    }>
  >;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

const unique = () => randomBytes(4).toString('hex');

/**
 * Starts the real server on a database of its own (copied from the migrated template) and a data directory
 * of its own, listening on 127.0.0.1 on a free port.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const urls = inject('cluster');
  const databaseName = `t_${unique()}`;
  const admin = new pg.Client({ connectionString: urls.superuserUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName} TEMPLATE amparo OWNER amparo_owner`);
  await admin.end();
  const withDb = (url: string) => url.replace(/\/[^/]+$/, `/${databaseName}`);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-data-'));
  const config = loadConfig({
    AMPARO_DATA_DIR: dataDir,
    DATABASE_URL: withDb(urls.appUrl),
    MIGRATION_DATABASE_URL: withDb(urls.ownerUrl),
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    ...env,
  });
  // Logs are kept in memory at the configured level (silent unless LOG_LEVEL is given) for tests to read.
  const logLines: string[] = [];
  const log = pino(
    loggerOptions(config.logLevel) as pino.LoggerOptions,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const runtime = await openRuntime(config, log);
  const app = await buildApp(runtime.services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const superuser = new pg.Client({ connectionString: withDb(urls.superuserUrl) });
  await superuser.connect();
  const db = runtime.services.db;

  const createAgency = async (name = `Agencia ${unique()}`) =>
    (
      await db
        .insertInto('agency')
        .values({ name, org_type: 'NGO' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const roleIdByKey = async (key: string) =>
    (await db.selectFrom('role').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

  const testApp: TestApp = {
    baseUrl,
    app,
    runtime,
    config,
    superuser,
    dataDir,
    databaseName,
    logLines,
    client: () => new HttpClient(baseUrl),
    createAgency,
    createProgramme: async (agencyId, kind = 'protection_centre', name = `Programa ${unique()}`) =>
      (
        await db
          .insertInto('programme')
          .values({ agency_id: agencyId, kind, name })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    createTeam: async (agencyId, name = `Equipo ${unique()}`, programmeId) =>
      (
        await db
          .insertInto('team')
          .values({ agency_id: agencyId, name, programme_id: programmeId ?? null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    createRole: async ({
      key = `role_${unique()}`,
      scope,
      permissions,
      clearances = [],
      requiresTwoFactor = false,
    }) => {
      await db
        .insertInto('role')
        .values({
          key,
          name_es: key,
          name_en: key,
          purpose_es: 'prueba',
          purpose_en: 'test',
          scope,
          permissions,
          clearances,
          requires_two_factor: requiresTwoFactor,
        })
        .execute();
      return key;
    },
    createUser: async ({
      agencyId,
      roles = [],
      roleProgrammeId,
      username = `u${unique()}`,
      password = `Clave-de-prueba-${unique()}`,
      teamIds = [],
    }) => {
      const agency = agencyId ?? (await createAgency());
      const user = await db
        .insertInto('app_user')
        .values({
          agency_id: agency,
          username,
          display_name: `Usuario ${username}`,
          password_hash: await hashPassword(password),
          password_changed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const key of roles) {
        await db
          .insertInto('user_role')
          .values({
            user_id: user.id,
            role_id: await roleIdByKey(key),
            programme_id: roleProgrammeId ?? null,
            granted_by: null,
          })
          .execute();
      }
      for (const teamId of teamIds)
        await db.insertInto('team_member').values({ team_id: teamId, user_id: user.id }).execute();
      return { id: user.id, username, password, agencyId: agency };
    },
    signedIn: async (user) => {
      const session = await createSession(db, config, user, { ip: '127.0.0.1' }, true);
      const client = new HttpClient(baseUrl);
      client.adoptSession(session.cookieValue, session.csrfToken);
      return client;
    },
    auditEvents: async (action) => {
      const result = await superuser.query(
        `SELECT seq::int, action, outcome, actor_user_id, resource_type, resource_ids, details FROM audit_event
         ${action ? 'WHERE action = $1' : ''} ORDER BY seq`,
        action ? [action] : [],
      );
      return result.rows;
    },
    count: async (table) =>
      Number((await superuser.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n),
    close: async () => {
      await app.close();
      await runtime.close();
      await superuser.end();
      const cleanup = new pg.Client({ connectionString: urls.superuserUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await cleanup.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return testApp;
}
