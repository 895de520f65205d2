import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { to as copyTo } from 'pg-copy-streams';
import { laneEvents, type LaneHeads } from '../platform/audit/anchor.ts';
import type { Envelope } from '../platform/crypto/envelope.ts';
import { appliedMigrations, connect, publicSequences, publicTables, quoteIdent } from './catalog.ts';
import {
  encodeHeader,
  fileKey,
  FORMAT_VERSION,
  frame,
  FRAME,
  newHeaderSecrets,
  SEGMENT_SIZE,
  SegmentEncryptor,
  type BackupHeader,
} from './format.ts';

const DATA_FRAME_BYTES = 256 * 1024;

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  header: BackupHeader;
}

/**
 * Writes an encrypted, consistent snapshot of every table of schema public (audit trail and migration
 * record included) and every sequence, read in one REPEATABLE READ transaction as the schema owner, so
 * a running server may keep writing meanwhile. Streamed from COPY through gzip and the cipher to a
 * temporary file, synced and renamed into place: a half-written copy never carries the final name.
 */
export async function createBackup(options: {
  ownerUrl: string;
  envelope: Envelope;
  file: string;
}): Promise<BackupSummary> {
  const target = path.resolve(options.file);
  const staging = `${target}.${process.pid}.partial`;
  const client = await connect(options.ownerUrl);
  let tables = 0;
  let rows = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const catalog = await publicTables(client);
    const migrations = await appliedMigrations(client);
    const heads = await client.query<{ lane: number; seq: string; hash: Buffer }>(
      'SELECT lane, seq::text, hash FROM audit_chain_head ORDER BY lane',
    );
    const lanes: LaneHeads = Object.fromEntries(
      heads.rows.map((h) => [String(h.lane), { seq: Number(h.seq), hash: h.hash.toString('hex') }]),
    );
    const last = await client.query<{ seq: string }>(
      'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
    );
    const keyId = options.envelope.activeKeyId;
    const header: BackupHeader = {
      format: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      keyId,
      ...newHeaderSecrets(),
      segmentSize: SEGMENT_SIZE,
      cipher: 'aes-256-gcm',
      compression: 'gzip',
      migrations,
      migrationVersion: migrations.at(-1) ?? 0,
      anchor: { lanes, events: laneEvents(lanes), lastSeq: Number(last.rows[0]!.seq) },
    };
    const encodedHeader = encodeHeader(header);
    const key = fileKey(options.envelope.derivedKey('backup', keyId), header);

    async function* frames(): AsyncGenerator<Buffer> {
      for (const table of catalog) {
        yield frame(FRAME.table, table);
        const columns = table.columns.map(quoteIdent).join(', ');
        const copy = client.query(copyTo(`COPY public.${quoteIdent(table.name)} (${columns}) TO STDOUT`));
        let pending: Buffer[] = [];
        let size = 0;
        for await (const chunk of copy as AsyncIterable<Buffer>) {
          pending.push(chunk);
          size += chunk.length;
          if (size >= DATA_FRAME_BYTES) {
            yield frame(FRAME.data, Buffer.concat(pending, size));
            pending = [];
            size = 0;
          }
        }
        if (size > 0) yield frame(FRAME.data, Buffer.concat(pending, size));
        yield frame(FRAME.tableEnd, { rows: copy.rowCount });
        tables++;
        rows += copy.rowCount;
      }
      yield frame(FRAME.sequences, await publicSequences(client));
      yield frame(FRAME.end, Buffer.alloc(0));
    }

    const out = fs.createWriteStream(staging, { flags: 'wx', mode: 0o600 });
    out.write(encodedHeader);
    await pipeline(
      Readable.from(frames()),
      createGzip(),
      new SegmentEncryptor({ key, header, encodedHeader }),
      out,
    );
    await client.query('COMMIT');
    const handle = await fsp.open(staging, 'r+');
    await handle.sync();
    await handle.close();
    await fsp.rename(staging, target);
    const { size } = await fsp.stat(target);
    return { file: target, bytes: size, tables, rows, header };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await fsp.rm(staging, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}
