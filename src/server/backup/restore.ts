import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeAnchor } from '../platform/audit/anchor.ts';
import { writeAuditEvent } from '../platform/audit/audit-writer.ts';
import type { Envelope } from '../platform/crypto/envelope.ts';
import {
  appliedMigrations,
  connect,
  databaseIsEmpty,
  kyselyOn,
  publicSequences,
  publicTables,
  quoteIdent,
  type TableInfo,
} from './catalog.ts';
import { BackupError, FRAME, json, type BackupHeader } from './format.ts';
import { inspectBackup, readBackup, type BackupManifest } from './read.ts';

export class DatabaseNotEmptyError extends BackupError {
  constructor() {
    super('La base de datos no está vacía: restaurar reemplaza todos sus datos.');
  }
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: number;
  rows: number;
}

/** Numbers the events of the audit trail (migration 0001). */
const AUDIT_SEQUENCE = 'audit_event_seq';

const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The copy must describe exactly this database's schema: same migrations, tables, columns, sequences. */
async function checkSchema(client: pg.ClientBase, manifest: BackupManifest) {
  const { header } = manifest;
  const migrations = await appliedMigrations(client);
  if (!sameList(migrations, header.migrations)) {
    throw new BackupError(
      `La copia es de la versión de esquema ${header.migrationVersion} (migraciones ${header.migrations.join(', ')}); ` +
        `esta base de datos está en la ${migrations.at(-1) ?? 0} (${migrations.join(', ') || 'ninguna'}). ` +
        'Restaure con la versión de Amparo que hizo la copia.',
    );
  }
  const tables = new Map((await publicTables(client)).map((t) => [t.name, t.columns]));
  const differences = manifest.tables
    .filter((t) => !sameList(tables.get(t.name) ?? [], t.columns))
    .map((t) => t.name);
  for (const name of tables.keys()) if (!manifest.tables.some((t) => t.name === name)) differences.push(name);
  const sequences = (await publicSequences(client)).map((s) => s.name);
  if (
    differences.length > 0 ||
    !sameList(
      sequences,
      manifest.sequences.map((s) => s.name),
    )
  ) {
    throw new BackupError(
      `Las tablas de la copia no coinciden con las de esta base de datos (${differences.join(', ') || 'secuencias'}).`,
    );
  }
}

/** Triggers that are on now (audit chain, append-only guards…): turned off while loading, then on again. */
async function enabledUserTriggers(client: pg.ClientBase) {
  const { rows } = await client.query<{ table: string; name: string }>(`
    SELECT c.relname AS table, t.tgname AS name FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D'`);
  return rows;
}

/** Foreign keys checked row by row; made deferrable for the load, so table order does not matter. */
async function immediateForeignKeys(client: pg.ClientBase) {
  const { rows } = await client.query<{ table: string; name: string }>(`
    SELECT c.relname AS table, k.conname AS name FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND k.contype = 'f' AND NOT k.condeferrable`);
  return rows;
}

/** A COPY FROM the caller feeds chunk by chunk, with backpressure; end() waits for PostgreSQL. */
function startCopy(client: pg.ClientBase, table: TableInfo) {
  const columns = table.columns.map(quoteIdent).join(', ');
  const input = new PassThrough();
  const done = pipeline(
    input,
    client.query(copyFrom(`COPY public.${quoteIdent(table.name)} (${columns}) FROM STDIN`)),
  );
  done.catch(() => undefined); // observed through write() and end()
  return {
    async write(chunk: Buffer) {
      if (!input.write(chunk)) await Promise.race([once(input, 'drain'), done]);
    },
    async end() {
      input.end();
      await done;
    },
  };
}

/**
 * Replaces every row of the database with the copy's. The whole file is authenticated first; then, in one
 * transaction as the schema owner: the triggers that guard the audit trail are turned off, every table is
 * emptied and loaded, sequences are set, the triggers are turned on again and the restore itself is
 * recorded in the audit trail. Anything failing leaves the database as it was. Finally the audit anchor
 * of the data directory is set to the copy's newest links.
 */
export async function restoreBackup(options: {
  ownerUrl: string;
  envelope: Envelope;
  file: string;
  dataDir: string;
  /** Replace a database that holds data (the CLI's --yes). */
  replace: boolean;
  onProgress?: (message: string) => void;
}): Promise<RestoreSummary> {
  const say = options.onProgress ?? (() => undefined);
  const client = await connect(options.ownerUrl);
  try {
    if (!options.replace && !(await databaseIsEmpty(client))) throw new DatabaseNotEmptyError();
    say('Comprobando la copia (autenticidad e integridad)…');
    const manifest = await inspectBackup(options.file, options.envelope);
    await checkSchema(client, manifest);

    await client.query('BEGIN');
    try {
      const triggers = await enabledUserTriggers(client);
      const foreignKeys = await immediateForeignKeys(client);
      for (const t of triggers) {
        await client.query(`ALTER TABLE public.${quoteIdent(t.table)} DISABLE TRIGGER ${quoteIdent(t.name)}`);
      }
      for (const k of foreignKeys) {
        await client.query(
          `ALTER TABLE public.${quoteIdent(k.table)} ALTER CONSTRAINT ${quoteIdent(k.name)} DEFERRABLE INITIALLY DEFERRED`,
        );
      }
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      await client.query(`TRUNCATE ${manifest.tables.map((t) => `public.${quoteIdent(t.name)}`).join(', ')}`);

      say('Cargando los datos…');
      let rows = 0;
      let copy: ReturnType<typeof startCopy> | undefined;
      await readBackup(options.file, options.envelope, async (f) => {
        if (f.type === FRAME.table) {
          copy = startCopy(client, json<TableInfo>(f));
        } else if (f.type === FRAME.data) {
          await copy!.write(f.payload);
        } else if (f.type === FRAME.tableEnd) {
          await copy!.end();
          rows += json<{ rows: number }>(f).rows;
          copy = undefined;
        }
      });

      await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      for (const k of foreignKeys) {
        await client.query(
          `ALTER TABLE public.${quoteIdent(k.table)} ALTER CONSTRAINT ${quoteIdent(k.name)} NOT DEFERRABLE`,
        );
      }
      for (const t of triggers) {
        await client.query(`ALTER TABLE public.${quoteIdent(t.table)} ENABLE TRIGGER ${quoteIdent(t.name)}`);
      }
      // The restore is recorded with the next number of the trail: move its sequence past the copy's first,
      // forward only, so that a failure cannot leave it handing out numbers already taken.
      const auditSequence = manifest.sequences.find((s) => s.name === AUDIT_SEQUENCE);
      await client.query(
        `SELECT setval('public.${AUDIT_SEQUENCE}', greatest($1::bigint, last_value,
           (SELECT coalesce(max(seq), 1) FROM public.audit_event))) FROM public.${AUDIT_SEQUENCE}`,
        [auditSequence?.lastValue ?? '1'],
      );
      await writeAuditEvent(
        kyselyOn(client),
        {},
        {
          action: 'backup.restored',
          details: {
            via: 'cli',
            createdAt: manifest.header.createdAt,
            anchor: manifest.header.anchor,
            tables: manifest.tables.length,
            rows,
          },
        },
      );
      // Sequences are not transactional: set them last, when nothing else can fail.
      for (const s of manifest.sequences) {
        if (s.name === AUDIT_SEQUENCE) continue;
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          `public.${quoteIdent(s.name)}`,
          s.lastValue,
          s.isCalled,
        ]);
      }
      await client.query('COMMIT');
      await writeAnchor(options.dataDir, {
        lanes: manifest.header.anchor.lanes,
        writtenAt: new Date().toISOString(),
      });
      await client.query('ANALYZE').catch(() => undefined);
      return { header: manifest.header, tables: manifest.tables.length, rows };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}
