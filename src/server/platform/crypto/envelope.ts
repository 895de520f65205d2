import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyRing } from './master-key.ts';

const VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const iv = sealed.subarray(0, IV_LENGTH);
  const tag = sealed.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()]);
}

/**
 * Envelope encryption: each value gets its own random data key (AES-256-GCM), wrapped by the active master
 * key. Layout: version(1) | keyIdLength(1) | keyId | wrappedKeyLength(2) | wrappedKey | sealed value.
 * `context` (e.g. "app_user.totp_secret:<id>") is bound as additional data, so a ciphertext moved to
 * another row or column does not decrypt.
 */
export class Envelope {
  constructor(private ring: KeyRing) {}

  get activeKeyId(): string {
    return this.ring.active;
  }

  replaceKeyRing(ring: KeyRing): void {
    this.ring = ring;
  }

  encrypt(plaintext: Buffer | string, context: string): Buffer {
    const keyId = Buffer.from(this.ring.active, 'utf8');
    const master = this.ring.keys[this.ring.active]!;
    const dataKey = randomBytes(32);
    const aad = Buffer.from(context, 'utf8');
    const wrapped = seal(master, dataKey, aad);
    const sealed = seal(
      dataKey,
      Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'),
      aad,
    );
    const wrappedLength = Buffer.alloc(2);
    wrappedLength.writeUInt16BE(wrapped.length);
    return Buffer.concat([Buffer.from([VERSION, keyId.length]), keyId, wrappedLength, wrapped, sealed]);
  }

  decrypt(envelope: Buffer, context: string): Buffer {
    const { keyId, wrapped, sealed } = parse(envelope);
    const master = this.ring.keys[keyId];
    if (!master) throw new Error(`master key ${keyId} is not in the key ring`);
    const aad = Buffer.from(context, 'utf8');
    return open(open(master, wrapped, aad), sealed, aad);
  }

  decryptText(envelope: Buffer, context: string): string {
    return this.decrypt(envelope, context).toString('utf8');
  }

  /** Re-wraps the data key under the active master key without touching the encrypted value. */
  rewrap(envelope: Buffer, context: string): Buffer {
    const { keyId, wrapped, sealed } = parse(envelope);
    if (keyId === this.ring.active) return envelope;
    const aad = Buffer.from(context, 'utf8');
    const dataKey = open(this.ring.keys[keyId]!, wrapped, aad);
    const newKeyId = Buffer.from(this.ring.active, 'utf8');
    const rewrapped = seal(this.ring.keys[this.ring.active]!, dataKey, aad);
    const wrappedLength = Buffer.alloc(2);
    wrappedLength.writeUInt16BE(rewrapped.length);
    return Buffer.concat([
      Buffer.from([VERSION, newKeyId.length]),
      newKeyId,
      wrappedLength,
      rewrapped,
      sealed,
    ]);
  }

  /** A key for a named purpose (backups), derived from a master key of the ring (the active one by default). */
  derivedKey(purpose: string, keyId = this.ring.active): Buffer {
    const master = this.ring.keys[keyId];
    if (!master) throw new Error(`master key ${keyId} is not in the key ring`);
    return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `amparo:${purpose}`, 32));
  }
}

/**
 * Keyed hashes for secrets looked up by value (API tokens, one-time links, later blind indexes). The root
 * key is random, stored in the database wrapped by the master key, so it survives master-key rotation.
 */
export class KeyedHasher {
  constructor(private readonly root: Buffer) {}

  hash(purpose: string, value: string): Buffer {
    const key = Buffer.from(hkdfSync('sha256', this.root, Buffer.alloc(0), `amparo:${purpose}`, 32));
    return createHmac('sha256', key).update(value).digest();
  }
}

function parse(envelope: Buffer) {
  if (envelope[0] !== VERSION) throw new Error('unknown envelope version');
  const keyIdLength = envelope[1]!;
  const keyId = envelope.subarray(2, 2 + keyIdLength).toString('utf8');
  let offset = 2 + keyIdLength;
  const wrappedLength = envelope.readUInt16BE(offset);
  offset += 2;
  return {
    keyId,
    wrapped: envelope.subarray(offset, offset + wrappedLength),
    sealed: envelope.subarray(offset + wrappedLength),
  };
}
