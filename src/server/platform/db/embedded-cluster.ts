import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  isRoot,
  resolveBinaries,
  traversableBy,
  unprivilegedUser,
  type OsUser,
} from './postgres-binaries.ts';

export const DATABASE_NAME = 'amparo';
export const OWNER_ROLE = 'amparo_owner';
export const APP_ROLE = 'amparo_app';

interface ClusterSecrets {
  port: number;
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
}

export interface ClusterUrls {
  /** Role that owns the schema; used for migrations, backup and restore. */
  ownerUrl: string;
  /** Role the application runs as: no UPDATE, DELETE or TRUNCATE on the audit trail. */
  appUrl: string;
  superuserUrl: string;
}

export interface EmbeddedClusterOptions {
  /** Directory that holds the cluster's files (PGDATA). */
  clusterDir: string;
  /** Where the generated port and passwords are kept (mode 0600). */
  secretsFile: string;
  log?: (message: string) => void;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

const secret = () => randomBytes(24).toString('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the cluster of a data directory lives. Normally `<dataDir>/postgres`. When running as root and the
 * data directory sits under a directory the unprivileged PostgreSQL user cannot traverse (a 0700 home), the
 * cluster is kept under /var/lib/amparo instead, keyed by the data directory's path, and a note says where.
 */
export async function clusterDirFor(dataDir: string, user: OsUser | undefined): Promise<string> {
  const inside = path.join(dataDir, 'postgres');
  if (!user || (await traversableBy(dataDir, user))) return inside;
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const outside = path.join('/var/lib/amparo/clusters', key);
  await fs.writeFile(
    path.join(dataDir, 'POSTGRES_LOCATION.txt'),
    `El directorio ${dataDir} no es accesible para el usuario ${user.name} de PostgreSQL,\n` +
      `por eso el clúster de esta instalación está en:\n${outside}\n`,
  );
  return outside;
}

/**
 * A PostgreSQL cluster whose whole lifecycle this process owns: created on first use, started bound to
 * 127.0.0.1 on its own port, and stopped only when `stop()` is called (no exit hooks of its own).
 */
export class EmbeddedCluster {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private secrets?: ClusterSecrets;
  private readonly user = isRoot() ? unprivilegedUser() : undefined;
  private readonly log: (message: string) => void;
  /** Pid of the running Amparo process whose cluster this one attached to (see start). */
  attachedTo?: number;

  constructor(private readonly options: EmbeddedClusterOptions) {
    this.log = options.log ?? (() => undefined);
  }

  get urls(): ClusterUrls {
    if (!this.secrets) throw new Error('cluster not started');
    const { port, superuserPassword, ownerPassword, appPassword } = this.secrets;
    const host = this.socketDir ? encodeURIComponent(this.socketDir) : '127.0.0.1';
    const url = (user: string, password: string, db: string) =>
      `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${db}`;
    return {
      ownerUrl: url(OWNER_ROLE, ownerPassword, DATABASE_NAME),
      appUrl: url(APP_ROLE, appPassword, DATABASE_NAME),
      superuserUrl: url('postgres', superuserPassword, 'postgres'),
    };
  }

  /**
   * Starts the cluster and owns it. If another live Amparo process already owns it (the server, while a CLI
   * command runs), `attach: true` connects to that one instead and leaves its lifecycle alone; otherwise
   * starting is refused. A server left behind by a killed process is stopped and started again.
   */
  async start(options: { attach?: boolean } = {}): Promise<ClusterUrls> {
    const { clusterDir } = this.options;
    const binaries = await resolveBinaries(this.user);
    const fresh = !(await exists(path.join(clusterDir, 'PG_VERSION')));
    this.secrets = await this.loadOrCreateSecrets();
    if (fresh) await this.initialise(binaries.initdb);
    const owner = await this.liveOwner();
    if (owner !== undefined && (await this.postmasterPid()) !== undefined) {
      if (options.attach) {
        this.attachedTo = owner;
        return this.urls;
      }
      throw new Error(`La base de datos de este directorio ya la usa otro proceso de Amparo (pid ${owner}).`);
    }
    await this.stopOrphan();
    if (!(await portIsFree(this.secrets.port))) {
      this.secrets.port = await freePort();
      await this.saveSecrets(this.secrets);
    }
    await this.launch(binaries.postgres);
    await fs.writeFile(this.ownerFile, String(process.pid));
    if (fresh) await this.createRolesAndDatabase();
    return this.urls;
  }

  /**
   * Connections use a Unix socket in the cluster directory (reachable only by the PostgreSQL user and root):
   * each query then costs both processes fewer system calls than loopback TCP, which is most of a short
   * request's database time. TCP on 127.0.0.1 stays for tools; a path too long for a socket keeps TCP only.
   */
  private get socketDir(): string | undefined {
    const socketPath = path.join(this.options.clusterDir, `.s.PGSQL.${this.secrets?.port ?? 65535}`);
    return Buffer.byteLength(socketPath) < 100 ? this.options.clusterDir : undefined;
  }

  private get ownerFile() {
    return `${this.options.secretsFile}.owner`;
  }

  /** The pid of the live process that started the cluster, if any. */
  private async liveOwner(): Promise<number | undefined> {
    try {
      const pid = Number(await fs.readFile(this.ownerFile, 'utf8'));
      return pid && pid !== process.pid && processAlive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private async postmasterPid(): Promise<number | undefined> {
    try {
      const pid = Number(
        (await fs.readFile(path.join(this.options.clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      return pid && processAlive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Fast shutdown: active sessions are ended, then a checkpoint is written. */
  async stop(): Promise<void> {
    if (!this.child || !this.exited) return;
    this.child.kill('SIGINT');
    const forced = setTimeout(() => this.child?.kill('SIGQUIT'), 30_000);
    await this.exited;
    clearTimeout(forced);
    this.child = undefined;
    await fs.rm(this.ownerFile, { force: true });
  }

  private async loadOrCreateSecrets(): Promise<ClusterSecrets> {
    try {
      return JSON.parse(await fs.readFile(this.options.secretsFile, 'utf8')) as ClusterSecrets;
    } catch {
      const created = {
        port: await freePort(),
        superuserPassword: secret(),
        ownerPassword: secret(),
        appPassword: secret(),
      };
      await this.saveSecrets(created);
      return created;
    }
  }

  private async saveSecrets(secrets: ClusterSecrets) {
    await fs.mkdir(path.dirname(this.options.secretsFile), { recursive: true });
    await fs.writeFile(this.options.secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }

  private async initialise(initdb: string) {
    const { clusterDir } = this.options;
    this.log(`Creando el clúster de PostgreSQL en ${clusterDir}`);
    // Parents must stay traversable by the PostgreSQL user; the cluster itself is private to it.
    await fs.mkdir(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
    await fs.mkdir(clusterDir, { mode: 0o700 });
    const pwfile = path.join(os.tmpdir(), `amparo-pwfile-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.writeFile(pwfile, this.secrets!.superuserPassword, { mode: 0o600 });
    if (this.user) {
      await fs.chown(clusterDir, this.user.uid, this.user.gid);
      await fs.chown(pwfile, this.user.uid, this.user.gid);
    }
    try {
      await run(
        initdb,
        [
          '-D',
          clusterDir,
          '-U',
          'postgres',
          '--auth=scram-sha-256',
          `--pwfile=${pwfile}`,
          '-E',
          'UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--no-instructions',
        ],
        this.user,
      );
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  }

  /** A server left running by a process that was killed would block the start: stop it first. */
  private async stopOrphan() {
    const pid = await this.postmasterPid();
    if (pid === undefined) return;
    this.log(`Deteniendo un servidor PostgreSQL anterior (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && processAlive(pid); i++) await sleep(100);
  }

  private async launch(postgresBin: string) {
    const { clusterDir } = this.options;
    const args = [
      '-D',
      clusterDir,
      '-p',
      String(this.secrets!.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.socketDir ?? ''}`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
    ];
    const child = spawn(postgresBin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: this.user?.uid,
      gid: this.user?.gid,
      detached: true, // its own process group: a Ctrl-C in the terminal reaches us, and we stop it in order
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL no arrancó:\n${output}`);
      const client = new pg.Client({ connectionString: this.urls.superuserUrl });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline)
          throw new Error(`PostgreSQL no respondió a tiempo: ${String(error)}\n${output}`);
        await sleep(100);
      }
    }
  }

  private async createRolesAndDatabase() {
    const { ownerPassword, appPassword } = this.secrets!;
    const client = new pg.Client({ connectionString: this.urls.superuserUrl });
    await client.connect();
    try {
      const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
      await client.query(`CREATE ROLE ${OWNER_ROLE} LOGIN PASSWORD ${quote(ownerPassword)}`);
      await client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD ${quote(appPassword)}`);
      await client.query(
        `CREATE DATABASE ${DATABASE_NAME} OWNER ${OWNER_ROLE} ENCODING 'UTF8' TEMPLATE template0`,
      );
    } finally {
      await client.end();
    }
    const db = new pg.Client({
      connectionString: this.urls.superuserUrl.replace(/\/postgres$/, `/${DATABASE_NAME}`),
    });
    await db.connect();
    try {
      for (const ext of ['pgcrypto', 'pg_trgm', 'unaccent', 'fuzzystrmatch'])
        await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
      await db.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
      await db.query(`GRANT ALL ON SCHEMA public TO ${OWNER_ROLE}`);
      await db.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    } finally {
      await db.end();
    }
  }
}

async function exists(file: string) {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], user?: OsUser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: user?.uid,
      gid: user?.gid,
      cwd: '/',
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} falló (${code}):\n${output}`)),
    );
  });
}
