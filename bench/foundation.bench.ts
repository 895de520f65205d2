/**
 * Foundation benchmark: an authenticated, audited read of a protected record and a login, under concurrent
 * load from a separate process against the real server on its embedded PostgreSQL, each compared with the
 * unauthenticated health route measured in the same run (the machine is shared: ratios, not absolutes).
 *
 *   npm run bench            (BENCH_SECONDS, BENCH_CONCURRENCY to change the load)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/server/platform/config.ts';
import { openRuntime } from '../src/server/platform/runtime.ts';
import { hashPassword } from '../src/server/identity/passwords.ts';
import { startServer } from '../test/support/server-process.ts';
import { cpuPerRequest, treeCpu } from './process-cpu.ts';

const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const loginConcurrency = 4;

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(spec: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  concurrency: number;
  seconds: number;
  expectStatus?: number;
}): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/load-worker.ts',
      JSON.stringify({ method: 'GET', headers: {}, expectStatus: 200, ...spec }),
    ],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as LoadResult;
}

const fmt = (r: LoadResult) =>
  `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2)} ms   p95 ${r.p95.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} ok, ${r.errors} errors)`;

const server = await startServer({ LOG_LEVEL: 'silent', DB_POOL_SIZE: '20' });
try {
  const runtime = await openRuntime(
    loadConfig({ AMPARO_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }),
    pino({ level: 'silent' }),
    { attach: true, migrate: false },
  );
  const { db } = runtime.services;
  const agency = await db
    .insertInto('agency')
    .values({ name: 'Agencia de referencia', org_type: 'NGO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role')
    .values({
      key: 'bench_reader',
      name_es: 'Lectura',
      name_en: 'Reader',
      purpose_es: 'medición',
      purpose_en: 'benchmark',
      scope: 'agency',
      permissions: ['user:read'],
      clearances: [],
    })
    .execute();
  const role = await db
    .selectFrom('role')
    .select('id')
    .where('key', '=', 'bench_reader')
    .executeTakeFirstOrThrow();
  const password = 'medicion-de-rendimiento-2026';
  const reader = await db
    .insertInto('app_user')
    .values({
      agency_id: agency.id,
      username: 'lectora',
      display_name: 'Lectora',
      password_hash: await hashPassword(password),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_role')
    .values({ user_id: reader.id, role_id: role.id, programme_id: null, granted_by: null })
    .execute();
  const target = await db
    .insertInto('app_user')
    .values({ agency_id: agency.id, username: 'registro', display_name: 'Registro leído' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const durability = await db
    .selectNoFrom((eb) => [
      eb.fn<string>('current_setting', [eb.val('fsync')]).as('fsync'),
      eb.fn<string>('current_setting', [eb.val('synchronous_commit')]).as('synchronous_commit'),
      eb.fn<string>('current_setting', [eb.val('server_version')]).as('version'),
    ])
    .executeTakeFirstOrThrow();

  const loginBody = JSON.stringify({ username: 'lectora', password });
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: loginBody,
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const auditBefore = Number(
    (
      await db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  console.log(
    `PostgreSQL ${durability.version}: fsync=${durability.fsync}, synchronous_commit=${durability.synchronous_commit}`,
  );
  console.log(
    `Load: ${seconds} s per scenario, ${concurrency} concurrent connections (login: ${loginConcurrency}), from a separate process\n`,
  );

  await load({ url: `${server.baseUrl}/api/health`, concurrency, seconds: 2 }); // warm-up
  const health = await load({ url: `${server.baseUrl}/api/health`, concurrency, seconds });
  console.log(`health (baseline)        ${fmt(health)}`);
  const cpuBefore = treeCpu(server.pid);
  const read = await load({
    url: `${server.baseUrl}/api/users/${target.id}`,
    headers: { cookie },
    concurrency,
    seconds,
  });
  const readCpu = cpuPerRequest(cpuBefore, treeCpu(server.pid), read.requests);
  console.log(`audited protected read   ${fmt(read)}`);
  console.log(
    `  CPU per read: server ${readCpu.serverMs.toFixed(2)} ms, PostgreSQL ${readCpu.databaseMs.toFixed(2)} ms`,
  );
  const logins = await load({
    url: `${server.baseUrl}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: loginBody,
    concurrency: loginConcurrency,
    seconds,
  });
  console.log(`login (argon2id)         ${fmt(logins)}`);

  const auditAfter = Number(
    (
      await db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const readRatio = read.p95 / health.p95;
  console.log(
    `\naudit events written during the run: ${auditAfter - auditBefore} (reads ${read.requests} + logins ${logins.requests})`,
  );
  console.log(`ratio audited read p95 / health p95: ${readRatio.toFixed(2)}  (target < 4)`);
  console.log(`ratio login p95 / health p95:        ${(logins.p95 / health.p95).toFixed(2)}`);
  console.log(`audited read throughput: ${read.rps.toFixed(0)} req/s (target ≥ 1000)`);
  console.log(JSON.stringify({ durability, concurrency, seconds, health, read, readCpu, logins, readRatio }));
  await runtime.close();
} finally {
  await server.stop();
}
