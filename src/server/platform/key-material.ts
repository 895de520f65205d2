import { randomBytes } from 'node:crypto';
import type { Db } from './db/database.ts';
import { KeyedHasher, type Envelope } from './crypto/envelope.ts';

const HASHER_ROOT = 'keyed_hash_root';
const context = (name: string) => `key_material:${name}`;

/** Loads (or creates once) the random root of keyed hashes, stored wrapped by the master key. */
export async function loadKeyedHasher(db: Db, envelope: Envelope): Promise<KeyedHasher> {
  await db
    .insertInto('key_material')
    .values({ name: HASHER_ROOT, sealed: envelope.encrypt(randomBytes(32), context(HASHER_ROOT)) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('key_material')
    .select('sealed')
    .where('name', '=', HASHER_ROOT)
    .executeTakeFirstOrThrow();
  try {
    return new KeyedHasher(envelope.decrypt(row.sealed, context(HASHER_ROOT)));
  } catch {
    throw new Error(
      'La clave maestra no corresponde a esta base de datos (no descifra su material de claves). ' +
        'Use el archivo master.key o AMPARO_MASTER_KEY con que se creó.',
    );
  }
}

export const keyMaterialContext = context;
