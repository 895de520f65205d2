import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';

export const ANCHOR_FILE = 'audit-anchor.json';

export interface AuditAnchor {
  seq: number;
  hash: string;
  writtenAt: string;
}

export async function readChainHead(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash.toString('hex') };
}

export async function readAnchor(dataDir: string): Promise<AuditAnchor | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, ANCHOR_FILE), 'utf8')) as AuditAnchor;
  } catch {
    return undefined;
  }
}

export async function writeAnchor(dataDir: string, anchor: AuditAnchor) {
  const file = path.join(dataDir, ANCHOR_FILE);
  const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(staging, JSON.stringify(anchor), { mode: 0o600 });
  await fs.rename(staging, file);
}

/**
 * Keeps a copy of the newest link of the audit chain outside the database, so that cutting off the newest
 * events is detected by `amparo audit verify`. Written at most once a second after audited commits, and on
 * shutdown. Only ever moves forward: a lower head than the anchor is itself evidence of truncation.
 */
export function createAnchorWriter(dataDir: string, db: Db, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const flush = async () => {
    timer = undefined;
    running = running.then(async () => {
      try {
        const head = await readChainHead(db);
        const previous = await readAnchor(dataDir);
        if (previous && previous.seq >= head.seq) return;
        await writeAnchor(dataDir, { ...head, writtenAt: new Date().toISOString() });
      } catch (error) {
        onError(error);
      }
    });
    await running;
  };

  return {
    schedule() {
      timer ??= setTimeout(() => void flush(), 1000);
    },
    async close() {
      if (timer) clearTimeout(timer);
      await flush();
    },
    flush,
  };
}
