import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  name: string;
  appUrl: string;
  ownerUrl: string;
  superuserUrl: string;
  /** A superuser client on this database (the caller ends it). */
  superuser(): Promise<pg.Client>;
  drop(): Promise<void>;
}

const onDatabase = (url: string, name: string) => url.replace(/\/[^/]+$/, `/${name}`);

async function asSuperuser<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const { superuserUrl } = inject('cluster');
  const client = new pg.Client({
    connectionString: database ? onDatabase(superuserUrl, database) : superuserUrl,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the test cluster for one test: `bare` is empty (no schema, as a new installation finds
 * it: owned by the schema owner, usable by the application role), otherwise a copy of the migrated template.
 */
export async function createTestDatabase(
  options: { bare?: boolean; name?: string } = {},
): Promise<TestDatabase> {
  const urls = inject('cluster');
  const name = options.name ?? `t_${randomBytes(4).toString('hex')}`;
  await asSuperuser(async (admin) => {
    await admin.query(
      options.bare
        ? `CREATE DATABASE ${name} OWNER amparo_owner TEMPLATE template0 ENCODING 'UTF8'`
        : `CREATE DATABASE ${name} TEMPLATE amparo OWNER amparo_owner`,
    );
  });
  if (options.bare) {
    await asSuperuser(async (db) => {
      for (const ext of ['pgcrypto', 'pg_trgm', 'unaccent', 'fuzzystrmatch']) {
        await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
      }
      await db.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
      await db.query('GRANT ALL ON SCHEMA public TO amparo_owner');
      await db.query('GRANT USAGE ON SCHEMA public TO amparo_app');
    }, name);
  }
  return {
    name,
    appUrl: onDatabase(urls.appUrl, name),
    ownerUrl: onDatabase(urls.ownerUrl, name),
    superuserUrl: onDatabase(urls.superuserUrl, name),
    superuser: async () => {
      const client = new pg.Client({ connectionString: onDatabase(urls.superuserUrl, name) });
      await client.connect();
      return client;
    },
    drop: () =>
      asSuperuser((admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
      ),
  };
}

/** Drops a database (closing its connections) and creates it again, empty or from the migrated template. */
export async function recreateTestDatabase(
  name: string,
  options: { bare?: boolean } = {},
): Promise<TestDatabase> {
  await asSuperuser((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return createTestDatabase({ ...options, name });
}

/**
 * A fingerprint of every table of schema public (md5 of all its rows, in a stable order) and of every
 * sequence: equal fingerprints mean equal data.
 */
export async function fingerprint(client: pg.ClientBase): Promise<Record<string, string>> {
  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') ORDER BY c.relname`,
  );
  const result: Record<string, string> = {};
  for (const { name, kind } of relations.rows) {
    const { rows } = await client.query<{ value: string }>(
      kind === 'S'
        ? `SELECT last_value || ':' || is_called AS value FROM public."${name}"`
        : `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS value
           FROM public."${name}" t`,
    );
    result[name] = rows[0]!.value;
  }
  return result;
}
