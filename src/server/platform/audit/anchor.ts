import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';

export const ANCHOR_FILE = 'audit-anchor.json';

/** The newest link of one lane of the audit chain: its lane_seq and hash (hex). */
export interface LaneHead {
  seq: number;
  hash: string;
}

/** The newest link of every lane, by lane number ("0", "1", …). */
export type LaneHeads = Record<string, LaneHead>;

export interface AuditAnchor {
  lanes: LaneHeads;
  writtenAt: string;
}

/** Events in a chain ending at these heads (lane_seq is gapless from 1). */
export const laneEvents = (lanes: LaneHeads) => Object.values(lanes).reduce((n, head) => n + head.seq, 0);

export async function readChainHeads(db: Db): Promise<LaneHeads> {
  const rows = await db
    .selectFrom('audit_chain_head')
    .select(['lane', 'seq', 'hash'])
    .orderBy('lane')
    .execute();
  return Object.fromEntries(
    rows.map((row) => [String(row.lane), { seq: Number(row.seq), hash: row.hash.toString('hex') }]),
  );
}

export async function readAnchor(dataDir: string): Promise<AuditAnchor | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(path.join(dataDir, ANCHOR_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const anchor = parsed as Partial<AuditAnchor> | null;
  if (!anchor || typeof anchor.lanes !== 'object' || anchor.lanes === null) return undefined;
  const lanes: LaneHeads = {};
  for (const [lane, head] of Object.entries(anchor.lanes as Record<string, Partial<LaneHead> | null>)) {
    if (head) lanes[lane] = { seq: Number(head.seq), hash: String(head.hash) };
  }
  return { lanes, writtenAt: String(anchor.writtenAt) };
}

export async function writeAnchor(dataDir: string, anchor: AuditAnchor) {
  const file = path.join(dataDir, ANCHOR_FILE);
  const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(staging, JSON.stringify(anchor), { mode: 0o600 });
  await fs.rename(staging, file);
}

/**
 * Keeps a copy of the newest link of every lane of the audit chain outside the database, so that cutting
 * off the newest events of a lane is detected by `amparo audit verify`. Written at most once a second after
 * audited commits, and on shutdown. Each lane only ever moves forward: a lane shorter than its anchor is
 * itself evidence of truncation.
 */
export function createAnchorWriter(dataDir: string, db: Db, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const flush = async () => {
    timer = undefined;
    running = running.then(async () => {
      try {
        const heads = await readChainHeads(db);
        const previous = await readAnchor(dataDir);
        const lanes: LaneHeads = { ...previous?.lanes };
        let moved = !previous;
        for (const [lane, head] of Object.entries(heads)) {
          if (lanes[lane] && lanes[lane].seq >= head.seq) continue;
          lanes[lane] = head;
          moved = true;
        }
        if (moved) await writeAnchor(dataDir, { lanes, writtenAt: new Date().toISOString() });
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
