import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../migrations',
);

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_LOCK = 7_246_001;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await fs.readFile(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

async function appliedVersions(client: pg.ClientBase): Promise<Map<number, string>> {
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass('public.schema_migration') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return new Map();
  const rows = await client.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migration',
  );
  return new Map(rows.rows.map((r) => [r.version, r.checksum]));
}

/**
 * Applies pending migrations, each in its own transaction, as the schema owner. Forward only: an applied
 * migration whose file changed is an error, never silently re-run.
 */
export async function migrate(
  ownerUrl: string,
  log: (m: string) => void = () => undefined,
): Promise<number[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await appliedVersions(client);
    for (const migration of await readMigrations()) {
      const previous = done.get(migration.version);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new Error(`La migración ${migration.version}_${migration.name} cambió después de aplicarse.`);
        }
        continue;
      }
      log(`Aplicando migración ${migration.version}_${migration.name}`);
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `La migración ${migration.version}_${migration.name} falló: ${(error as Error).message}`,
        );
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

/** Versions present as files but not applied in the database (readiness check). */
export async function pendingMigrations(client: pg.ClientBase): Promise<number[]> {
  const done = await appliedVersions(client);
  return (await readMigrations()).filter((m) => !done.has(m.version)).map((m) => m.version);
}
