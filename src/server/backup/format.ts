import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { LaneHeads } from '../platform/audit/anchor.ts';

/**
 * The backup file: MAGIC | header length (u32) | header (JSON, in the clear: no secret, but authenticated)
 * | the body. The body is gzip output cut into segments of `segmentSize` bytes, each sealed with
 * AES-256-GCM under a key derived for this file from a master key of the ring. The nonce of a segment is
 * the file's random prefix, the segment's position and a flag for the last segment, so segments cannot be
 * reordered, dropped or cut off without the authentication failing. Every segment also authenticates the
 * header. The master key itself is never written into the file.
 */
export const MAGIC = Buffer.from('AMPARO-BACKUP\n', 'utf8');
export const FORMAT_VERSION = 1;
export const SEGMENT_SIZE = 1 << 20;
const TAG_LENGTH = 16;
const NONCE_PREFIX_LENGTH = 7;

export interface BackupHeader {
  format: typeof FORMAT_VERSION;
  createdAt: string;
  /** Id of the master key (in the key ring) the file key derives from. */
  keyId: string;
  salt: string;
  noncePrefix: string;
  segmentSize: number;
  cipher: 'aes-256-gcm';
  compression: 'gzip';
  /** Applied migrations of the database the copy was taken from. */
  migrations: number[];
  migrationVersion: number;
  /** The audit trail in the copy: the newest link of every lane (the anchor to restore), its events and
   * the highest event number. */
  anchor: { lanes: LaneHeads; events: number; lastSeq: number };
}

export class BackupError extends Error {}

export function newHeaderSecrets() {
  return {
    salt: randomBytes(32).toString('base64'),
    noncePrefix: randomBytes(NONCE_PREFIX_LENGTH).toString('base64'),
  };
}

export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** Parses the start of a file; returns the header, its encoded bytes and where the body starts. */
export function decodeHeader(start: Buffer): { header: BackupHeader; encoded: Buffer; bodyOffset: number } {
  if (start.length < MAGIC.length + 4 || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError('El archivo no es una copia de seguridad de Amparo.');
  }
  const length = start.readUInt32BE(MAGIC.length);
  const bodyOffset = MAGIC.length + 4 + length;
  if (start.length < bodyOffset) throw new BackupError('La cabecera de la copia está incompleta.');
  let header: BackupHeader;
  try {
    header = JSON.parse(start.subarray(MAGIC.length + 4, bodyOffset).toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError('La cabecera de la copia está dañada.');
  }
  if (header.format !== FORMAT_VERSION) {
    throw new BackupError(`Formato de copia no admitido (${String(header.format)}).`);
  }
  return { header, encoded: start.subarray(0, bodyOffset), bodyOffset };
}

/** The key of one file: derived from the ring's backup key (per master key) and the file's salt. */
export const fileKey = (backupKey: Buffer, header: BackupHeader) =>
  Buffer.from(hkdfSync('sha256', backupKey, Buffer.from(header.salt, 'base64'), 'amparo:backup-file:v1', 32));

interface SegmentParams {
  key: Buffer;
  header: BackupHeader;
  encodedHeader: Buffer;
}

function segmentCrypto(params: SegmentParams) {
  const prefix = Buffer.from(params.header.noncePrefix, 'base64');
  const aad = createHash('sha256').update(params.encodedHeader).digest();
  const nonce = (index: number, last: boolean) => {
    const n = Buffer.alloc(12);
    prefix.copy(n, 0);
    n.writeUInt32BE(index, NONCE_PREFIX_LENGTH);
    n[11] = last ? 1 : 0;
    return n;
  };
  return {
    seal(index: number, last: boolean, plaintext: Buffer): Buffer {
      const cipher = createCipheriv('aes-256-gcm', params.key, nonce(index, last));
      cipher.setAAD(aad);
      return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    open(index: number, last: boolean, sealed: Buffer): Buffer {
      const decipher = createDecipheriv('aes-256-gcm', params.key, nonce(index, last));
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
      try {
        return Buffer.concat([
          decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH)),
          decipher.final(),
        ]);
      } catch {
        throw new BackupError(
          'La copia no se puede descifrar: la clave maestra no es la que la cifró, o el archivo fue alterado o está incompleto.',
        );
      }
    },
  };
}

/** Collects chunks and hands out exactly `size` bytes at a time without copying more than once. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  peek(size: number): Buffer {
    if (this.chunks[0]!.length < size) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0]!.subarray(0, size);
  }
  take(size: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const taken = all.subarray(0, size);
    const rest = all.subarray(size);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return taken;
  }
}

/**
 * Seals the stream in segments. Every segment but the last holds exactly segmentSize bytes; the last holds
 * at most that (possibly none), so a reader knows the last segment as the one the file ends with.
 */
export class SegmentEncryptor extends Transform {
  private readonly queue = new ChunkQueue();
  private index = 0;
  private readonly crypto: ReturnType<typeof segmentCrypto>;

  constructor(params: SegmentParams) {
    super();
    this.crypto = segmentCrypto(params);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.queue.push(chunk);
    const size = SEGMENT_SIZE;
    while (this.queue.length > size) this.push(this.crypto.seal(this.index++, false, this.queue.take(size)));
    done();
  }

  override _flush(done: TransformCallback) {
    this.push(this.crypto.seal(this.index++, true, this.queue.take(this.queue.length)));
    done();
  }
}

export class SegmentDecryptor extends Transform {
  private readonly queue = new ChunkQueue();
  private index = 0;
  private readonly sealedSize: number;
  private readonly crypto: ReturnType<typeof segmentCrypto>;

  constructor(params: SegmentParams) {
    super();
    this.crypto = segmentCrypto(params);
    this.sealedSize = params.header.segmentSize + TAG_LENGTH;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.queue.push(chunk);
    try {
      while (this.queue.length > this.sealedSize) {
        this.push(this.crypto.open(this.index++, false, this.queue.take(this.sealedSize)));
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback) {
    if (this.queue.length < TAG_LENGTH) {
      done(new BackupError('La copia está incompleta: el archivo termina antes de tiempo.'));
      return;
    }
    try {
      this.push(this.crypto.open(this.index++, true, this.queue.take(this.queue.length)));
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}

// Frames of the plaintext (before gzip): type (1 byte) | length (u32) | payload.
export const FRAME = {
  table: 0x54, // JSON { name, columns }
  data: 0x44, // COPY text-format rows of the current table
  tableEnd: 0x45, // JSON { rows }
  sequences: 0x53, // JSON [{ name, lastValue, isCalled }]
  end: 0x5a, // nothing follows
} as const;

export interface Frame {
  type: number;
  payload: Buffer;
}

export function frame(type: number, payload: Buffer | string | object): Buffer {
  const body = Buffer.isBuffer(payload)
    ? payload
    : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  const queue = new ChunkQueue();
  for await (const chunk of source) {
    queue.push(chunk);
    while (queue.length >= 5) {
      const head = queue.peek(5);
      const type = head[0]!;
      const length = head.readUInt32BE(1);
      if (queue.length < 5 + length) break;
      queue.take(5);
      yield { type, payload: queue.take(length) };
    }
  }
  if (queue.length > 0) throw new BackupError('La copia está incompleta.');
}

export const json = <T>(f: Frame) => JSON.parse(f.payload.toString('utf8')) as T;
