import { createHash } from 'node:crypto';
import pg from 'pg';
import { TransactionPipeline } from './transaction-pipeline.ts';

/**
 * The distinct statements kept prepared on each connection. The application issues a few hundred distinct
 * statements; variants beyond the cap (long IN lists, ad-hoc reports) run unnamed as before, so the plans a
 * connection keeps stay bounded.
 */
const MAX_PREPARED = 600;
const MAX_TEXT_LENGTH = 8000;

const names = new Map<string, string>();

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= MAX_PREPARED || text.length > MAX_TEXT_LENGTH) return undefined;
  const name = `a_${createHash('sha1').update(text).digest('base64url')}`;
  names.set(text, name);
  return name;
}

/**
 * A pool whose clients run parameterised statements as named prepared statements (PostgreSQL parses and
 * plans each statement once per connection instead of on every request, which was about a third of the
 * database time of a short audited request) and send BEGIN and COMMIT along with neighbouring statements
 * (see TransactionPipeline). Other queries (cursors, COPY, callbacks) pass through unchanged, after
 * anything pending.
 */
export function preparingPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const pipelines = new WeakMap<pg.PoolClient, TransactionPipeline>();
  pool.on('release', (_error, client) => pipelines.get(client)?.reset());
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const send = (config: pg.QueryConfig) => query(config) as Promise<pg.QueryResult>;
    const pipeline = new TransactionPipeline(client, send, nameFor);
    pipelines.set(client, pipeline);
    (client as { query: unknown }).query = (first: unknown, values?: unknown, callback?: unknown) => {
      if (
        typeof first === 'string' &&
        callback === undefined &&
        (values === undefined || Array.isArray(values))
      ) {
        return pipeline.query(first, (values ?? []) as unknown[]);
      }
      void pipeline.flush()?.catch(() => undefined);
      return query(first, values, callback);
    };
  });
  return pool;
}
