import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const KEY_FILE_NAME = 'master.key';

/**
 * The master key ring: keys by id, one active. Data keys are wrapped with the active key; older keys stay
 * until `amparo key rotate` has re-wrapped everything. Stored as JSON in `<dataDir>/master.key` (0600).
 */
export interface KeyRing {
  active: string;
  keys: Record<string, Buffer>;
}

interface KeyFile {
  active: string;
  keys: Record<string, string>;
}

export const newKeyId = () => `k${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export function keyRingFromBase64(base64: string): KeyRing {
  return { active: 'env', keys: { env: Buffer.from(base64, 'base64') } };
}

export function serialiseKeyRing(ring: KeyRing): string {
  const file: KeyFile = {
    active: ring.active,
    keys: Object.fromEntries(Object.entries(ring.keys).map(([id, key]) => [id, key.toString('base64')])),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export async function writeKeyFile(dataDir: string, ring: KeyRing): Promise<void> {
  const file = path.join(dataDir, KEY_FILE_NAME);
  const staging = `${file}.${process.pid}.tmp`;
  await fs.writeFile(staging, serialiseKeyRing(ring), { mode: 0o600 });
  await fs.rename(staging, file);
}

/** AMPARO_MASTER_KEY wins; otherwise the key file, created with a fresh random key on first start. */
export async function loadKeyRing(dataDir: string, masterKeyBase64?: string): Promise<KeyRing> {
  if (masterKeyBase64) return keyRingFromBase64(masterKeyBase64);
  const file = path.join(dataDir, KEY_FILE_NAME);
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as KeyFile;
    const keys = Object.fromEntries(
      Object.entries(parsed.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]),
    );
    if (!keys[parsed.active] || keys[parsed.active]?.length !== 32)
      throw new Error('clave activa ausente o inválida');
    return { active: parsed.active, keys };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`No se pudo leer la clave maestra ${file}: ${(error as Error).message}`);
    }
    await fs.mkdir(dataDir, { recursive: true });
    const id = newKeyId();
    const ring = { active: id, keys: { [id]: randomBytes(32) } };
    await writeKeyFile(dataDir, ring);
    return ring;
  }
}
