import fs from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import pino from 'pino';
import { serverConnections } from '../server/backup/catalog.ts';
import { createAnchorWriter } from '../server/platform/audit/anchor.ts';
import { writeAuditEvent, type AuditEntry } from '../server/platform/audit/audit-writer.ts';
import type { Config } from '../server/platform/config.ts';
import { createDatabase, type Db, type Executor } from '../server/platform/db/database.ts';
import { openDatabase, openRuntime, type Runtime } from '../server/platform/runtime.ts';
import { CliFailure } from './errors.ts';
import type { Output } from './io.ts';

export interface CliContext {
  config: Config;
  log: FastifyBaseLogger;
  io: Output;
}

/** Log lines become plain messages on stderr (the server's JSON lines are for log collectors). */
export function cliLogger(config: Config, io: Output): FastifyBaseLogger {
  return pino(
    { level: config.logLevel, base: undefined, timestamp: false },
    {
      write: (line: string) => {
        try {
          io.err(String((JSON.parse(line) as { msg?: unknown }).msg ?? line.trim()));
        } catch {
          io.err(line.trim());
        }
      },
    },
  ) as unknown as FastifyBaseLogger;
}

/**
 * The server's runtime (services, key ring, migrated database). With the embedded cluster, a running
 * server's cluster is used as it is; otherwise the cluster is started for the command and stopped after.
 */
export async function withRuntime<T>(ctx: CliContext, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(ctx.config, ctx.log, { attach: true });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export interface CliDatabase {
  ownerUrl: string;
  appUrl: string;
  /** As the application role. */
  db: Db;
  /** Moves the audit anchor of the data directory to the newest event. */
  flushAnchor: () => Promise<void>;
  /**
   * Fails when an Amparo server is using this database: it owns the embedded cluster, or (external
   * PostgreSQL) its pool has connections open. Restoring or rotating keys under it would leave it with
   * stale keys.
   */
  refuseWhileServing: (client: pg.ClientBase, action: string) => Promise<void>;
}

/** Only the database (no migrations, no seeding, no key ring): for commands that manage those themselves. */
export async function withDatabase<T>(
  ctx: CliContext,
  fn: (database: CliDatabase) => Promise<T>,
): Promise<T> {
  await fs.mkdir(ctx.config.dataDir, { recursive: true, mode: 0o711 });
  const location = await openDatabase(ctx.config, (m) => ctx.log.info(m), true);
  const { db } = createDatabase(location.appUrl, 2);
  const anchor = createAnchorWriter(ctx.config.dataDir, db, (error) =>
    ctx.log.error({ err: error }, `No se pudo escribir el ancla de auditoría: ${String(error)}`),
  );
  try {
    const refuseWhileServing = async (client: pg.ClientBase, action: string) => {
      const pid = location.cluster?.attachedTo;
      if (pid !== undefined || (await serverConnections(client)) > 0) {
        throw new CliFailure(
          `El servidor de Amparo${pid ? ` (pid ${pid})` : ''} está en marcha con esta base de datos: ` +
            `deténgalo antes de ${action}.`,
        );
      }
    };
    return await fn({
      ownerUrl: location.ownerUrl,
      appUrl: location.appUrl,
      db,
      flushAnchor: anchor.flush,
      refuseWhileServing,
    });
  } finally {
    await db.destroy();
    await location.cluster?.stop();
  }
}

/** Every change made through the CLI is recorded with no actor and `via: 'cli'`. */
export const auditCli = (db: Executor, entry: AuditEntry) =>
  writeAuditEvent(db, {}, { ...entry, details: { via: 'cli', ...entry.details } });
