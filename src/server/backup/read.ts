import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Envelope } from '../platform/crypto/envelope.ts';
import type { SequenceValue, TableInfo } from './catalog.ts';
import {
  BackupError,
  decodeHeader,
  fileKey,
  FRAME,
  json,
  readFrames,
  SegmentDecryptor,
  type BackupHeader,
  type Frame,
} from './format.ts';

const HEADER_READ_LIMIT = 64 * 1024;

export async function readBackupHeader(file: string) {
  let handle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (error) {
    throw new BackupError(
      `No se puede abrir ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    const buffer = Buffer.alloc(HEADER_READ_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return decodeHeader(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function backupKeyFor(envelope: Envelope, header: BackupHeader): Buffer {
  try {
    return envelope.derivedKey('backup', header.keyId);
  } catch {
    throw new BackupError(
      `La copia se cifró con la clave maestra «${header.keyId}», que no está en el anillo de claves de esta ` +
        'instalación. Ponga el archivo exportado con «amparo key export» como master.key en el directorio de datos.',
    );
  }
}

/** Decrypts and decompresses the body, handing each frame to `onFrame` in order. */
export async function readBackup(
  file: string,
  envelope: Envelope,
  onFrame: (frame: Frame) => Promise<void> | void,
): Promise<BackupHeader> {
  const { header, encoded, bodyOffset } = await readBackupHeader(file);
  const key = fileKey(backupKeyFor(envelope, header), header);
  await pipeline(
    fs.createReadStream(file, { start: bodyOffset }),
    new SegmentDecryptor({ key, header, encodedHeader: encoded }),
    createGunzip(),
    async (source: AsyncIterable<Buffer>) => {
      let ended = false;
      for await (const f of readFrames(source)) {
        if (ended) throw new BackupError('La copia tiene datos después de su final.');
        if (f.type === FRAME.end) ended = true;
        else await onFrame(f);
      }
      if (!ended) throw new BackupError('La copia está incompleta.');
    },
  ).catch((error: unknown) => {
    if (error instanceof BackupError) throw error;
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new BackupError('La copia está dañada.');
    throw error;
  });
  return header;
}

export interface BackupManifest {
  header: BackupHeader;
  tables: Array<TableInfo & { rows: number }>;
  sequences: SequenceValue[];
}

/**
 * Reads the whole file once: every segment authenticated, the content complete. Nothing is changed; a
 * restore starts only after this succeeded.
 */
export async function inspectBackup(file: string, envelope: Envelope): Promise<BackupManifest> {
  const tables: BackupManifest['tables'] = [];
  let sequences: SequenceValue[] = [];
  let current: TableInfo | undefined;
  const header = await readBackup(file, envelope, (f) => {
    if (f.type === FRAME.table) current = json<TableInfo>(f);
    else if (f.type === FRAME.tableEnd) {
      if (!current) throw new BackupError('La copia está dañada.');
      tables.push({ ...current, rows: json<{ rows: number }>(f).rows });
      current = undefined;
    } else if (f.type === FRAME.sequences) sequences = json<SequenceValue[]>(f);
    else if (f.type !== FRAME.data) throw new BackupError('La copia está dañada.');
  });
  return { header, tables, sequences };
}
