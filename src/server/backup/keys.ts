import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { writeAuditEvent } from '../platform/audit/audit-writer.ts';
import { ENCRYPTED_COLUMNS } from '../platform/crypto/encrypted-columns.ts';
import { Envelope } from '../platform/crypto/envelope.ts';
import {
  KEY_FILE_NAME,
  keyRingFromBase64,
  loadKeyRing,
  newKeyId,
  serialiseKeyRing,
  writeKeyFile,
  type KeyRing,
} from '../platform/crypto/master-key.ts';
import { keyMaterialContext } from '../platform/key-material.ts';
import { kyselyOn, quoteIdent } from './catalog.ts';
import { BackupError } from './format.ts';

const BATCH = 1000;

/**
 * The key ring as it is kept: the key file, or AMPARO_MASTER_KEY. Unlike loadKeyRing it never creates a
 * key: a missing key is an error here.
 */
export async function currentKeyRing(dataDir: string, masterKeyBase64?: string): Promise<KeyRing> {
  if (masterKeyBase64) return keyRingFromBase64(masterKeyBase64);
  try {
    await fs.access(path.join(dataDir, KEY_FILE_NAME));
  } catch {
    throw new BackupError(
      `No hay clave maestra en ${path.join(dataDir, KEY_FILE_NAME)} ni en AMPARO_MASTER_KEY. ` +
        'Si tiene una copia exportada, póngala en ese lugar.',
    );
  }
  return loadKeyRing(dataDir);
}

/** The key ring as text for offline safekeeping: the same format as the key file, ready to be put back. */
export const exportKeyRing = async (dataDir: string, masterKeyBase64?: string) =>
  serialiseKeyRing(await currentKeyRing(dataDir, masterKeyBase64));

/** Fails unless the ring opens this database's key material (it is the ring the data was sealed with). */
export async function checkKeyRingOpens(client: pg.ClientBase, envelope: Envelope): Promise<void> {
  const { rows } = await client.query<{ name: string; sealed: Buffer }>(
    'SELECT name, sealed FROM key_material',
  );
  for (const row of rows) {
    try {
      envelope.decrypt(row.sealed, keyMaterialContext(row.name));
    } catch {
      throw new BackupError(
        'La clave maestra no corresponde a esta base de datos (no descifra su material de claves). ' +
          'Use el archivo master.key o AMPARO_MASTER_KEY con que se creó.',
      );
    }
  }
}

export interface RotationSummary {
  newKeyId: string;
  /** Values re-sealed, by "table.column". */
  rewrapped: Record<string, number>;
  retired: string[];
  /** With AMPARO_MASTER_KEY: the new key, for the operator to set in its place. */
  newMasterKeyBase64?: string;
}

/**
 * Makes a new master key the active one and re-wraps every envelope-encrypted value (ENCRYPTED_COLUMNS)
 * under it, in one transaction as the schema owner, recorded in the audit trail.
 *
 * Key file: the ring with the new key is written first, so that whatever happens afterwards every value is
 * readable with the file; the old keys stay (older backups remain readable) unless `retireOld`, which
 * removes them only once the database committed. With AMPARO_MASTER_KEY there is no file to write: values
 * are re-encrypted for a new key that is returned for the operator to set before the next start.
 */
export async function rotateMasterKey(options: {
  client: pg.Client;
  dataDir: string;
  masterKeyBase64?: string;
  retireOld: boolean;
}): Promise<RotationSummary> {
  const { client, dataDir } = options;
  const fromEnvironment = Boolean(options.masterKeyBase64);
  const current = await currentKeyRing(dataDir, options.masterKeyBase64);
  const oldEnvelope = new Envelope(current);
  await checkKeyRingOpens(client, oldEnvelope);

  const newKey = randomBytes(32);
  const newId = fromEnvironment ? current.active : newKeyId();
  const next: KeyRing = fromEnvironment
    ? { active: newId, keys: { [newId]: newKey } }
    : { active: newId, keys: { ...current.keys, [newId]: newKey } };
  const envelope = new Envelope(next);
  // Under AMPARO_MASTER_KEY both keys are named "env": re-encrypt instead of re-wrapping.
  const reseal = fromEnvironment
    ? (value: Buffer, context: string) => envelope.encrypt(oldEnvelope.decrypt(value, context), context)
    : (value: Buffer, context: string) => envelope.rewrap(value, context);

  if (!fromEnvironment) await writeKeyFile(dataDir, next);
  const rewrapped: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    for (const { table, column, key, context } of ENCRYPTED_COLUMNS) {
      const name = `${table}.${column}`;
      rewrapped[name] = 0;
      let after: string | undefined;
      for (;;) {
        const { rows } = await client.query<{ k: string; v: Buffer }>(
          `SELECT ${quoteIdent(key)}::text AS k, ${quoteIdent(column)} AS v FROM public.${quoteIdent(table)}
           WHERE ${quoteIdent(column)} IS NOT NULL ${after === undefined ? '' : `AND ${quoteIdent(key)} > $2`}
           ORDER BY ${quoteIdent(key)} LIMIT $1 FOR UPDATE`,
          after === undefined ? [BATCH] : [BATCH, after],
        );
        for (const row of rows) {
          let value: Buffer;
          try {
            value = reseal(row.v, context(row.k));
            envelope.decrypt(value, context(row.k));
          } catch {
            throw new BackupError(
              `No se pudo volver a cifrar ${name} de «${row.k}» con el anillo de claves actual.`,
            );
          }
          await client.query(
            `UPDATE public.${quoteIdent(table)} SET ${quoteIdent(column)} = $1 WHERE ${quoteIdent(key)} = $2`,
            [value, row.k],
          );
          rewrapped[name]++;
        }
        if (rows.length < BATCH) break;
        after = rows.at(-1)!.k;
      }
    }
    const retired = options.retireOld && !fromEnvironment ? Object.keys(current.keys) : [];
    await writeAuditEvent(
      kyselyOn(client),
      {},
      { action: 'key.rotated', details: { via: 'cli', keyId: newId, rewrapped, retired } },
    );
    await client.query('COMMIT');
    if (retired.length > 0) await writeKeyFile(dataDir, { active: newId, keys: { [newId]: newKey } });
    return {
      newKeyId: newId,
      rewrapped,
      retired,
      ...(fromEnvironment && { newMasterKeyBase64: newKey.toString('base64') }),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (!fromEnvironment) await writeKeyFile(dataDir, current);
    throw error;
  }
}
