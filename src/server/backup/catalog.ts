import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../platform/db/database.ts';

/** Connections of the CLI carry this name, so they can tell themselves apart from a running server's. */
export const CLI_APPLICATION_NAME = 'amparo-cli';

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: CLI_APPLICATION_NAME });
  await client.connect();
  return client;
}

/** Kysely over one already open client (and whatever transaction it is in). */
export function kyselyOn(client: pg.ClientBase): Kysely<Database> {
  const pool = {
    connect: async () => ({ query: client.query.bind(client), release: () => undefined }),
    end: async () => undefined,
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  columns: string[];
}

/** Every ordinary table of schema public with its stored (non-generated) columns, by name. */
export async function publicTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    GROUP BY c.relname
    ORDER BY c.relname`);
  return rows;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export async function publicSequences(client: pg.ClientBase): Promise<SequenceValue[]> {
  const { rows } = await client.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`);
  const values: SequenceValue[] = [];
  for (const { name } of rows) {
    const result = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM public.${quoteIdent(name)}`,
    );
    values.push({ name, lastValue: result.rows[0]!.last_value, isCalled: result.rows[0]!.is_called });
  }
  return values;
}

export async function appliedMigrations(client: pg.ClientBase): Promise<number[]> {
  const exists = await client.query<{ present: boolean }>(
    `SELECT to_regclass('public.schema_migration') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return [];
  const { rows } = await client.query<{ version: number }>(
    'SELECT version FROM schema_migration ORDER BY version',
  );
  return rows.map((r) => Number(r.version));
}

/**
 * True when the database holds nothing of value yet: no account and no audit event. Reference rows that
 * migrations insert, and the default roles and key material a first start seeds, do not count.
 */
export async function databaseIsEmpty(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ used: boolean }>(`
    SELECT EXISTS (SELECT 1 FROM app_user) OR EXISTS (SELECT 1 FROM audit_event)
      OR coalesce((SELECT max(seq) FROM audit_chain_head), 0) > 0 AS used`);
  return !rows[0]!.used;
}

/**
 * Other connections of a running Amparo server to this database (its pool is named "amparo"). Restoring
 * or rotating keys under a running server would leave it with stale keys and caches.
 */
export async function serverConnections(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'amparo' AND pid <> pg_backend_pid()`,
  );
  return rows[0]!.n;
}
