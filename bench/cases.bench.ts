/**
 * Case core benchmark (issue 3, "Performance"): loads 100,000 and then 1,000,000 synthetic persons with their
 * cases, notes and services (the `amparo demo seed` generator and loader), starts the real server on its own
 * embedded PostgreSQL, and measures name search, the case list of a caseworker and of coordinators, opening a
 * case (and the person list of a caseworker) — each through HTTP and as the same statements issued directly
 * through the driver in one transaction, interleaved request by request so that both see the same machine.
 *
 * The direct statements are the application's own: each request is first run once in this process through
 * the application (the same routes, same database) with the driver's query calls recorded — the session
 * check, the handler's queries and the audit insert — and the recording is replayed. Each ratio (HTTP p95 /
 * direct p95) is printed with its 90% bootstrap interval.
 *
 *   npm run bench:cases                    both sizes, one after the other (a fresh database for each)
 *   BENCH_PERSONS=100000 npm run bench:cases
 *   BENCH_ITERATIONS=300                   requests per scenario (default 200 for searches and the person
 *                                          list, 1,500 for case lists and opening a case)
 *   BENCH_WARMUP=5000                      warm-up requests per scenario before measuring (at most 20 s)
 *   BENCH_KEEP=1                           keep the data directory (printed) for EXPLAIN ANALYZE
 *   BENCH_DATA_DIR=/path                   reuse a kept data directory: no generation, no load
 *   BENCH_EXPLAIN=1|all                    print EXPLAIN ANALYZE of the statements of each scenario's first
 *                                          request, or of every request (rolled back)
 *   BENCH_DETAIL=1                         print the spread of a scenario's times, each request's median, the
 *                                          server's CPU per request and the times by tenths of the run
 *   BENCH_ONLY=open                        only the scenarios whose name contains this text
 *   BENCH_CPU_PROFILE=/dir                 write the server's CPU profile there (node --cpu-prof) on exit
 *   BENCH_FLOOR=1                          also measure the floor of any request: /api/health without and with
 *                                          a session (its check is the only statement), and a user's sessions
 */
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { auditCli } from '../src/cli/context.ts';
import { seededRandom } from '../src/core/linkage/strings.ts';
import { createUserAccount } from '../src/server/admin/users/accounts.ts';
import { buildApp } from '../src/server/app.ts';
import { seedDemoPersons, syntheticPersons } from '../src/server/demo/seed.ts';
import { createDemoStructure } from '../src/server/demo/structure.ts';
import { createSession } from '../src/server/identity/sessions.ts';
import { SESSION_COOKIE } from '../src/server/platform/auth/authenticate.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import { executorOn } from '../src/server/platform/db/copy-in.ts';
import type { Db } from '../src/server/platform/db/database.ts';
import { openRuntime, type Runtime } from '../src/server/platform/runtime.ts';
import { startServer } from '../test/support/server-process.ts';
import { cpuPerRequest, treeCpu } from './process-cpu.ts';

const sizes = (process.env.BENCH_PERSONS ?? '100000,1000000').split(',').map((s) => Number(s.trim()));
const chosenIterations = process.env.BENCH_ITERATIONS;
if (chosenIterations !== undefined && !(Number(chosenIterations) >= 0)) throw new Error('BENCH_ITERATIONS');
/**
 * The short requests (a few milliseconds) run more often: their p95 over 200 requests rests on the ten
 * slowest, and their ratio moved by ±0.3 from run to run. Over 1,500 opening a case stayed within ±0.04 in
 * alternated runs; a list's ratio still follows the machine's load (docs/performance.md).
 */
const DEFAULT_ITERATIONS = { search: 200, persons: 200, list: 1500, open: 1500 } as const;
/**
 * Each scenario first runs until the server's code is warm: a freshly started server answered the same
 * request about 0.35 ms slower at p50, and 1.7 times as slowly at p95, over its first 2,000 requests of a kind,
 * while V8 was still compiling the paths (docs/performance.md, "Warm-up"). Long requests stop at the time
 * limit: their time is PostgreSQL's, warm after a few.
 */
const WARMUP = { requests: Number(process.env.BENCH_WARMUP ?? 5000), seconds: 20 };
if (!(WARMUP.requests >= 0)) throw new Error('BENCH_WARMUP');
const iterationsOf = (kind: keyof typeof DEFAULT_ITERATIONS) =>
  chosenIterations === undefined ? DEFAULT_ITERATIONS[kind] : Number(chosenIterations);
const keep = Boolean(process.env.BENCH_KEEP);
const reuseDir = process.env.BENCH_DATA_DIR;
/** '1': the first request of each scenario; 'all': every request. */
const explain = process.env.BENCH_EXPLAIN;
/** Print the median time of each request of a scenario. */
const detail = Boolean(process.env.BENCH_DETAIL);
const only = process.env.BENCH_ONLY;
const cpuProfileDir = process.env.BENCH_CPU_PROFILE;
const SEED = 20_260_101;
/** A team holds about this many cases (about 8 caseworkers), at every size. */
const PERSONS_PER_TEAM_AND_PROGRAMME = 8000;
const CASEWORKERS_PER_TEAM = 8;

const TARGETS = { search: 150, list: 50, open: 50, persons: 50 } as const;
const RATIO_TARGET = 1.5;

/* Recording the driver's statements -------------------------------------------------------------------- */

interface Statement {
  text: string;
  values: unknown[];
  /** Run by the application as a named prepared statement. */
  prepared: boolean;
}

let recording: Statement[] | undefined;
const originalQuery = pg.Client.prototype.query;
// Installed before any pool connects, so that per-connection wrappers (prepared statements) call through it.
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [first, values] = args as [unknown, unknown];
    if (typeof first === 'string')
      recording.push({ text: first, values: (values as unknown[]) ?? [], prepared: false });
    else if (first && typeof first === 'object' && 'statements' in first) {
      // Reads sent together (platform/db/together.ts): recorded, and replayed, one by one.
      for (const s of (first as { statements: { text: string; values: unknown[]; name?: string }[] })
        .statements)
        recording.push({ text: s.text, values: s.values, prepared: Boolean(s.name) });
    } else if (first && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[]; name?: string };
      recording.push({ text: config.text, values: config.values ?? [], prepared: Boolean(config.name) });
    }
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\b/i;

/* Helpers ---------------------------------------------------------------------------------------------- */

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** The benchmark's ratio: HTTP p95 over direct p95, of times sorted. */
const p95Ratio = (http: number[], direct: number[]) => percentile(http, 95) / percentile(direct, 95);

const elapsedSince = (start: number) => `${((performance.now() - start) / 1000).toFixed(0)} s`;
const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function httpGet(agent: http.Agent, base: URL, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      { hostname: base.hostname, port: base.port, path, method: 'GET', headers: { cookie }, agent },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${path}: HTTP ${response.statusCode}`));
          else resolve(performance.now() - started);
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * How far the ratio of two p95s over one run can move by chance: the 5th and 95th percentiles of the ratio
 * over 1,000 resamplings (with replacement) of the run's pairs of HTTP and direct times. A ratio whose
 * interval straddles the target is not told apart from it by this run; between runs, the machine moves it
 * further.
 */
function ratioInterval(http: number[], direct: number[], random: () => number): [number, number] {
  const ratios: number[] = [];
  const n = http.length;
  const h = new Array<number>(n);
  const d = new Array<number>(n);
  for (let round = 0; round < 1000; round++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      h[i] = http[k]!;
      d[i] = direct[k]!;
    }
    h.sort((x, y) => x - y);
    d.sort((x, y) => x - y);
    ratios.push(p95Ratio(h, d));
  }
  ratios.sort((x, y) => x - y);
  return [percentile(ratios, 5), percentile(ratios, 95)];
}

/** The recorded statements of one request, run again in one transaction on one connection. */
async function replay(
  client: pg.Client,
  statements: Statement[],
  names: Map<string, string>,
): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  for (const s of statements) {
    if (s.prepared) {
      let name = names.get(s.text);
      if (!name) names.set(s.text, (name = `bench_${names.size}`));
      await client.query({ name, text: s.text, values: s.values });
    } else await client.query(s.text, s.values);
  }
  await client.query('COMMIT');
  return performance.now() - started;
}

/** The plans of one request's statements, as they run (in a transaction rolled back afterwards). */
async function explainStatements(client: pg.Client, statements: Statement[]) {
  await client.query('BEGIN');
  try {
    for (const s of statements) {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
      console.log(`\n    ${s.text}\n    ${JSON.stringify(s.values).slice(0, 300)}`);
      for (const row of plan.rows) console.log(`      ${row['QUERY PLAN']}`);
    }
  } finally {
    await client.query('ROLLBACK');
  }
}

/* World ------------------------------------------------------------------------------------------------ */

interface Actors {
  caseworker: { id: string; cookie: string };
  coordinatorProgramme: { id: string; cookie: string };
  coordinatorAgency: { id: string; cookie: string };
  programmeId: string;
}

/** The tables the demo loader writes. */
const LOADED_TABLES = [
  'person',
  'person_name_token',
  'person_block_key',
  'person_relation',
  'consent',
  'case_file',
  'case_note',
  'case_service',
];
/** Narrow tables no foreign key refers to: their primary keys are built after the load too. */
const KEYED_AFTER_LOAD = ['person_name_token', 'person_block_key'];

interface DroppedIndexes {
  indexes: string[];
  keys: Array<{ table: string; name: string; definition: string }>;
}

/**
 * A bulk load's usual practice: the secondary indexes of the loaded tables are dropped first and built
 * again afterwards from their own definitions (a sorted build instead of millions of single inserts), so the
 * measured database has exactly the schema of the migrations.
 */
async function dropIndexes(owner: pg.Client): Promise<DroppedIndexes> {
  const { rows: indexes } = await owner.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
     WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace AND NOT i.indisprimary AND NOT i.indisunique`,
    [LOADED_TABLES],
  );
  const { rows: keys } = await owner.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text = ANY($1)`,
    [KEYED_AFTER_LOAD],
  );
  for (const index of indexes) await owner.query(`DROP INDEX ${index.name}`);
  for (const key of keys) await owner.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
  return { indexes: indexes.map((i) => i.definition), keys };
}

async function rebuildIndexes(owner: pg.Client, dropped: DroppedIndexes) {
  await owner.query(`SET maintenance_work_mem = '1GB'`);
  for (const key of dropped.keys)
    await owner.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
  for (const definition of dropped.indexes) await owner.query(definition);
}

async function loadPersons(runtime: Runtime, persons: number) {
  const { services } = runtime;
  const client = await services.pool.connect();
  const db = executorOn(client);
  try {
    await client.query('BEGIN');
    const structure = await createDemoStructure(
      db,
      services.hasher,
      {
        teamsPerProgramme: Math.max(1, Math.round(persons / PERSONS_PER_TEAM_AND_PROGRAMME)),
        caseworkersPerTeam: CASEWORKERS_PER_TEAM,
        roleUsers: false,
        seed: SEED,
      },
      auditCli,
    );
    const returnees = structure.programmes.find((p) => p.kind === 'returnee_reintegration')!.id;
    for (const [username, programmeId] of [
      ['bench.coordinacion.programa', returnees],
      ['bench.coordinacion.agencia', null],
    ] as const) {
      await createUserAccount(db, {
        agencyId: structure.agencyId,
        username,
        displayName: username,
        roles: [{ key: 'programme_coordinator', programmeId }],
        grantedBy: null,
      });
    }
    await client.query('COMMIT');
    const owner = new pg.Client({ connectionString: runtime.ownerUrl });
    await owner.connect();
    try {
      const started = performance.now();
      let last = started;
      const indexes = await dropIndexes(owner);
      const counts = await seedDemoPersons(client, services.envelope, {
        agencyId: structure.agencyId,
        persons,
        seed: SEED,
        start: 0,
        batchSize: 2000,
        commitEachBatch: true,
        onProgress: (done) => {
          if (done < persons && performance.now() - last < 30_000) return;
          last = performance.now();
          console.log(
            `  loaded ${done.toLocaleString('en')} / ${persons.toLocaleString('en')} persons (${elapsedSince(started)})`,
          );
        },
      });
      const generateSeconds = (performance.now() - started) / 1000;
      const indexStarted = performance.now();
      await rebuildIndexes(owner, indexes);
      const indexSeconds = (performance.now() - indexStarted) / 1000;
      const vacuumStarted = performance.now();
      await owner.query(`VACUUM ANALYZE ${LOADED_TABLES.join(', ')}`);
      const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
      const loadSeconds = (performance.now() - started) / 1000;
      return { counts, generateSeconds, indexSeconds, vacuumSeconds, loadSeconds };
    } finally {
      await owner.end();
    }
  } finally {
    client.release();
  }
}

async function actorsOf(db: Db, runtime: Runtime): Promise<Actors> {
  const config = runtime.services.config;
  const returnees = await db
    .selectFrom('programme')
    .select('id')
    .where('kind', '=', 'returnee_reintegration')
    .executeTakeFirstOrThrow();
  // The first caseworker of the first returnee team (the busiest programme).
  const caseworker = await db
    .selectFrom('team_member')
    .innerJoin('team', 'team.id', 'team_member.team_id')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select('app_user.id')
    .where('team.programme_id', '=', returnees.id)
    .orderBy('team.created_at')
    .orderBy('team.name')
    .orderBy('app_user.username')
    .executeTakeFirstOrThrow();
  const userId = async (username: string) =>
    (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;
  const signed = async (id: string) => {
    const session = await createSession(db, config, { id }, { ip: '127.0.0.1' }, true);
    return { id, cookie: `${SESSION_COOKIE}=${session.cookieValue}` };
  };
  return {
    caseworker: await signed(caseworker.id),
    coordinatorProgramme: await signed(await userId('bench.coordinacion.programa')),
    coordinatorAgency: await signed(await userId('bench.coordinacion.agencia')),
    programmeId: returnees.id,
  };
}

/** Search texts as staff type them: a child of one's own caseload, in several forms, and common names. */
async function searchQueries(db: Db, caseworkerId: string): Promise<string[]> {
  const own = await db
    .selectFrom('case_file')
    .innerJoin('person', 'person.id', 'case_file.person_id')
    .select(['person.given_names', 'person.first_surname', 'person.second_surname'])
    .where('case_file.owner_user_id', '=', caseworkerId)
    .orderBy('case_file.id')
    .limit(8)
    .execute();
  const fold = (s: string | null) => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const queries: string[] = [];
  own.forEach((p, i) => {
    const given = p.given_names.split(' ')[0]!;
    const forms = [
      `${fold(given)} ${fold(p.first_surname)}`,
      `${p.first_surname ?? ''} ${p.second_surname ?? ''} ${given}`,
      `${given} ${(p.first_surname ?? '').slice(0, 4)}`,
      `${p.given_names} ${p.first_surname ?? ''} ${p.second_surname ?? ''}`,
    ];
    queries.push(forms[i % forms.length]!.trim());
  });
  return [
    ...queries,
    'jose perez',
    'maria lopez',
    'Juan Carlos García',
    'Ixchel Kux',
    'batz',
    'Cux Ajcalón',
    'ana',
    'Pérez López José',
  ];
}

interface Scenario {
  name: string;
  kind: keyof typeof TARGETS;
  cookie: string;
  paths: string[];
}

async function scenariosOf(db: Db, actors: Actors): Promise<Scenario[]> {
  const queries = await searchQueries(db, actors.caseworker.id);
  const search = queries.map((q) => `/api/persons/search?q=${encodeURIComponent(q)}&page=1&pageSize=20`);
  const cases = await db
    .selectFrom('case_file')
    .innerJoin('team_member', 'team_member.team_id', 'case_file.team_id')
    .select('case_file.id')
    .where('team_member.user_id', '=', actors.caseworker.id)
    .orderBy('case_file.number')
    .limit(40)
    .execute();
  // As the web app asks: 20 a page, open cases unless all are asked for.
  const lists = (extra: string[]) => [
    '/api/cases?open=true&page=1&pageSize=20',
    '/api/cases?open=true&page=2&pageSize=20',
    '/api/cases?page=1&pageSize=20',
    ...extra.map((filter) => `/api/cases?${filter}&page=1&pageSize=20`),
  ];
  const floor: Scenario[] = [
    { name: 'floor: health, anonymous', kind: 'open', cookie: '', paths: ['/api/health'] },
    {
      name: 'floor: health, signed in',
      kind: 'open',
      cookie: actors.caseworker.cookie,
      paths: ['/api/health'],
    },
    {
      name: 'floor: own sessions',
      kind: 'open',
      cookie: actors.caseworker.cookie,
      paths: ['/api/me/sessions'],
    },
  ];
  return [
    ...(process.env.BENCH_FLOOR ? floor : []),
    { name: 'search, caseworker', kind: 'search', cookie: actors.caseworker.cookie, paths: search },
    {
      name: 'search, coordinator (programme)',
      kind: 'search',
      cookie: actors.coordinatorProgramme.cookie,
      paths: search,
    },
    {
      name: 'case list, caseworker',
      kind: 'list',
      cookie: actors.caseworker.cookie,
      paths: lists([`open=true&ownerUserId=${actors.caseworker.id}`]),
    },
    {
      name: 'case list, coordinator (programme)',
      kind: 'list',
      cookie: actors.coordinatorProgramme.cookie,
      paths: lists(['status=implementation']),
    },
    {
      name: 'case list, coordinator (agency)',
      kind: 'list',
      cookie: actors.coordinatorAgency.cookie,
      paths: lists([`programmeId=${actors.programmeId}&open=true`]),
    },
    {
      name: 'open a case, caseworker',
      kind: 'open',
      cookie: actors.caseworker.cookie,
      paths: cases.map((c) => `/api/cases/${c.id}`),
    },
    {
      name: 'person list, caseworker',
      kind: 'persons',
      cookie: actors.caseworker.cookie,
      paths: ['/api/persons?page=1&pageSize=20', '/api/persons?page=2&pageSize=20'],
    },
  ];
}

interface Measured {
  scenario: string;
  kind: keyof typeof TARGETS;
  http: { p50: number; p95: number };
  direct: { p50: number; p95: number };
  statements: number;
  iterations: number;
  warmup: number;
  ratio: number;
  /** The ratio's 90% bootstrap interval (see ratioInterval). */
  ratioInterval: [number, number];
}

async function measure(
  runtime: Runtime,
  server: { baseUrl: string; pid: number },
  scenarios: Scenario[],
): Promise<Measured[]> {
  // The application in this process, only to record each request's statements (its anchor writer is idle).
  const app = await buildApp({ ...runtime.services, anchorAudit: () => undefined });
  const connection = runtime.services.pool.options.connectionString!;
  const direct = new pg.Client({ connectionString: connection });
  await direct.connect();
  const names = new Map<string, string>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(server.baseUrl);
  const results: Measured[] = [];
  try {
    for (const scenario of scenarios) {
      const recorded: Statement[][] = [];
      for (const path of scenario.paths) {
        recording = [];
        const response = await app.inject({ method: 'GET', url: path, headers: { cookie: scenario.cookie } });
        const statements = recording.filter((s) => !TRANSACTION_CONTROL.test(s.text));
        recording = undefined;
        if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
        recorded.push(statements);
      }
      if (explain) {
        for (const [k, statements] of recorded.entries()) {
          if (k > 0 && explain !== 'all') break;
          console.log(`\n  -- ${scenario.name}: ${scenario.paths[k]}`);
          await explainStatements(direct, statements);
        }
      }
      const iterations = iterationsOf(scenario.kind);
      if (iterations === 0) continue;
      const pair = async (i: number) => {
        const k = i % scenario.paths.length;
        // Alternate which goes first, so neither always finds the caches warmed by the other.
        const httpFirst = i % 2 === 0;
        const first = httpFirst
          ? await httpGet(agent, base, scenario.paths[k]!, scenario.cookie)
          : await replay(direct, recorded[k]!, names);
        const second = httpFirst
          ? await replay(direct, recorded[k]!, names)
          : await httpGet(agent, base, scenario.paths[k]!, scenario.cookie);
        return { k, http: httpFirst ? first : second, direct: httpFirst ? second : first };
      };
      const warmupStarted = performance.now();
      let warmup = 0;
      while (warmup < WARMUP.requests && performance.now() - warmupStarted < WARMUP.seconds * 1000)
        await pair(warmup++);
      const httpTimes: number[] = [];
      const directTimes: number[] = [];
      const byPath = scenario.paths.map(() => [] as number[]);
      // The server is idle while the direct statements run: its own CPU time is the requests'.
      const cpuBefore = treeCpu(server.pid);
      for (let i = warmup; i < warmup + iterations; i++) {
        const { k, http: httpTime, direct: directTime } = await pair(i);
        byPath[k]!.push(httpTime);
        httpTimes.push(httpTime);
        directTimes.push(directTime);
      }
      const { serverMs } = cpuPerRequest(cpuBefore, treeCpu(server.pid), iterations);
      const inOrder = { http: [...httpTimes], direct: [...directTimes] };
      httpTimes.sort((x, y) => x - y);
      directTimes.sort((x, y) => x - y);
      const result: Measured = {
        scenario: scenario.name,
        kind: scenario.kind,
        http: { p50: percentile(httpTimes, 50), p95: percentile(httpTimes, 95) },
        direct: { p50: percentile(directTimes, 50), p95: percentile(directTimes, 95) },
        statements: Math.round(recorded.reduce((n, r) => n + r.length, 0) / recorded.length),
        iterations,
        warmup,
        ratio: p95Ratio(httpTimes, directTimes),
        ratioInterval: ratioInterval(inOrder.http, inOrder.direct, seededRandom(SEED)),
      };
      results.push(result);
      if (detail) {
        const spread = (sorted: number[]) =>
          [10, 25, 50, 75, 90, 95, 99].map((p) => `p${p} ${fmtMs(percentile(sorted, p))}`).join('  ');
        console.log(`      HTTP    ${spread(httpTimes)}\n      direct  ${spread(directTimes)}`);
        console.log(
          `      server CPU ${serverMs.toFixed(2)} ms per request; after ${warmup} warm-up, by tenths of the run:`,
        );
        const tenth = Math.max(1, Math.ceil(iterations / 10));
        for (let start = 0; start < iterations; start += tenth) {
          const part = (times: number[]) => times.slice(start, start + tenth).sort((x, y) => x - y);
          const [h, d] = [part(inOrder.http), part(inOrder.direct)];
          console.log(
            `        ${String(start).padStart(6)}–  HTTP p50 ${fmtMs(percentile(h, 50))}  p95 ${fmtMs(percentile(h, 95))}` +
              `   direct p50 ${fmtMs(percentile(d, 50))}  p95 ${fmtMs(percentile(d, 95))}   ratio ${p95Ratio(h, d).toFixed(2)}`,
          );
        }
        for (const [k, times] of byPath.entries()) {
          const median = percentile(
            times.sort((x, y) => x - y),
            50,
          );
          console.log(`      ${fmtMs(median).padStart(7)} ms  ${decodeURIComponent(scenario.paths[k]!)}`);
        }
      }
      const target = TARGETS[scenario.kind];
      console.log(
        `  ${scenario.name.padEnd(36)} HTTP p50 ${fmtMs(result.http.p50).padStart(6)}  p95 ${fmtMs(result.http.p95).padStart(6)} ms` +
          `   direct p50 ${fmtMs(result.direct.p50).padStart(6)}  p95 ${fmtMs(result.direct.p95).padStart(6)} ms` +
          `   ratio ${result.ratio.toFixed(2)} (${result.ratioInterval.map((r) => r.toFixed(2)).join('–')})   (${result.statements} statements, ${result.iterations} requests; target p95 ≤ ${target} ms` +
          `${result.http.p95 <= target ? ' met' : ' MISSED'}, ratio ≤ ${RATIO_TARGET}${result.ratio <= RATIO_TARGET ? ' met' : ' MISSED'})`,
      );
    }
  } finally {
    agent.destroy();
    await direct.end();
    await app.close();
  }
  return results;
}

/* Run -------------------------------------------------------------------------------------------------- */

async function runSize(persons: number) {
  console.log(`\n== ${persons.toLocaleString('en')} persons ==`);
  const server = await startServer(
    {
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '20',
      ...(reuseDir && { AMPARO_DATA_DIR: reuseDir }),
    },
    cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [],
  );
  let runtime: Runtime | undefined;
  try {
    runtime = await openRuntime(
      loadConfig({ AMPARO_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }),
      pino({ level: 'silent' }),
      {
        attach: true,
        migrate: false,
      },
    );
    const { db } = runtime.services;
    const agency = await db.selectFrom('agency').select('id').orderBy('created_at').executeTakeFirst();
    let load;
    if (agency && (await syntheticPersons(db, agency.id)) > 0) {
      console.log(`  reusing ${await syntheticPersons(db, agency.id)} persons in ${server.dataDir}`);
    } else {
      load = await loadPersons(runtime, persons);
      console.log(
        `  generated and loaded in ${load.loadSeconds.toFixed(0)} s (${Math.round(persons / load.loadSeconds)} persons/s: ` +
          `generation and COPY ${load.generateSeconds.toFixed(0)} s, indexes ${load.indexSeconds.toFixed(0)} s, ` +
          `VACUUM ANALYZE ${load.vacuumSeconds.toFixed(0)} s): ${JSON.stringify(load.counts)}`,
      );
    }
    const settings = await db
      .selectNoFrom((eb) => [
        eb.fn<string>('current_setting', [eb.val('server_version')]).as('version'),
        eb.fn<string>('current_setting', [eb.val('shared_buffers')]).as('shared_buffers'),
        eb
          .fn<string>('pg_size_pretty', [eb.fn('pg_database_size', [eb.fn('current_database', [])])])
          .as('size'),
      ])
      .executeTakeFirstOrThrow();
    console.log(
      `  PostgreSQL ${settings.version}, shared_buffers ${settings.shared_buffers}, database ${settings.size}`,
    );
    const actors = await actorsOf(db, runtime);
    const scenarios = (await scenariosOf(db, actors)).filter((s) => !only || s.name.includes(only));
    console.log(
      `  load average before measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const results = await measure(runtime, server, scenarios);
    console.log(
      `  load average after measuring:  ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(JSON.stringify({ persons, load, settings, results, loadavg: os.loadavg() }));
  } finally {
    await runtime?.close();
    await server.stop({ keepDataDir: keep });
    if (keep || reuseDir) console.log(`  data directory kept: ${server.dataDir}`);
  }
}

console.log(
  `Case core benchmark: ${sizes.map((s) => s.toLocaleString('en')).join(' then ')} persons; ` +
    `${chosenIterations ?? '200 (searches, person list) or 1,500 (case lists, opening a case)'} requests per ` +
    `scenario after a warm-up of ${WARMUP.requests.toLocaleString('en')} or ${WARMUP.seconds} s, one at a time; ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
for (const size of sizes) await runSize(size);
