import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, type Insertable } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Executor } from './database.ts';

/**
 * Bulk loading with COPY … FROM STDIN (text format): many times faster than INSERTs for the demo data and
 * benchmarks. Rows are arrays in the order of the columns given; the statement runs with the privileges of
 * the client's role, like any INSERT.
 */

export type CopyValue = string | number | boolean | Date | Buffer | readonly string[] | object | null;

const SPECIAL = /[\\\t\n\r]/;

function escapeText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const arrayElement = (item: string) => `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** One value as COPY's text format writes it. */
export function copyField(value: CopyValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return escapeText(`{${(value as string[]).map(arrayElement).join(',')}}`);
  return escapeText(JSON.stringify(value));
}

export const copyLine = (row: readonly (CopyValue | undefined)[]) => `${row.map(copyField).join('\t')}\n`;

const CHUNK_CHARS = 256 * 1024;

export type ColumnOf<TB extends keyof Database> = keyof Insertable<Database[TB]> & string;

/** A row to load: its values by column; a column left out is loaded as NULL. */
export type CopyRow<TB extends keyof Database> = Partial<Record<ColumnOf<TB>, CopyValue>>;

/** Loads the rows into the table with one COPY statement; returns the number of rows. */
export async function copyInto<TB extends keyof Database>(
  client: pg.ClientBase,
  table: TB,
  columns: readonly ColumnOf<TB>[],
  rows: Iterable<CopyRow<TB>>,
): Promise<number> {
  const input = new PassThrough();
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const done = pipeline(input, client.query(copyFrom(statement)));
  done.catch(() => undefined); // observed below
  let chunk = '';
  let count = 0;
  const flush = async () => {
    if (!input.write(chunk)) await Promise.race([once(input, 'drain'), done]);
    chunk = '';
  };
  try {
    for (const row of rows) {
      chunk += copyLine(columns.map((column) => row[column]));
      count++;
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    if (chunk) await flush();
  } catch (error) {
    // Destroying the input aborts the COPY: nothing of it is written.
    input.destroy(error as Error);
    await done.catch(() => undefined);
    throw error;
  }
  input.end();
  await done;
  return count;
}

/**
 * A Kysely executor whose statements run on this one client (so in its open transaction, beside COPY
 * statements the client runs). The client stays the caller's: nothing here releases or ends it.
 */
export function executorOn(client: pg.ClientBase): Executor {
  const connection = { query: client.query.bind(client), release: () => undefined };
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: async () => connection, end: async () => undefined } as unknown as pg.Pool,
    }),
  });
}
