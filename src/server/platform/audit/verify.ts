import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { readAnchor, type AuditAnchor, type LaneHead, type LaneHeads } from './anchor.ts';

export type ChainProblem =
  | 'missing'
  | 'unexpected_seq'
  | 'broken_link'
  | 'hash_mismatch'
  | 'anchor_mismatch'
  | 'truncated'
  | 'head_mismatch';

export interface AuditVerification {
  ok: boolean;
  /** Events found intact: all of them when ok; otherwise those before the first problem of each lane. */
  events: number;
  /** The newest link of each lane as the head table records it. */
  heads: LaneHeads;
  /** The copy of the newest links kept outside the database, when there is one. */
  anchor: LaneHeads | null;
  /** Of the first problem of every lane, the one with the lowest `seq` (the event's global number). */
  firstBad?: { seq: number; code: ChainProblem; reason: string };
}

interface EventText {
  seq: number;
  lane: number;
  lane_seq: number;
  occurred_at: string;
  actor_user_id: string | null;
  actor_agency_id: string | null;
  action: string;
  outcome: string;
  resource_type: string | null;
  resource_ids: string;
  request_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: Buffer;
  hash: Buffer;
}

const GENESIS = Buffer.alloc(32);

/** PostgreSQL's length(): characters (code points), not UTF-16 units. */
function characters(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) n--;
  }
  return n;
}

/**
 * The same text as the SQL function audit_event_canonical(), built here rather than asked of the database,
 * so that a replaced function cannot vouch for altered rows. Column texts come from the same SQL
 * expressions the function uses (see the SELECT below).
 */
export function canonicalText(e: EventText): string {
  return [
    String(e.seq),
    String(e.lane),
    String(e.lane_seq),
    e.occurred_at,
    e.actor_user_id,
    e.actor_agency_id,
    e.action,
    e.outcome,
    e.resource_type,
    e.resource_ids,
    e.request_id,
    e.ip,
    e.details,
    e.prev_hash.toString('hex'),
  ]
    .map((v) => `${characters(v ?? '')}:${v ?? '~'}`)
    .join('|');
}

export const eventHash = (e: EventText) => createHash('sha256').update(canonicalText(e), 'utf8').digest();

type Problem = NonNullable<AuditVerification['firstBad']>;
const bad = (seq: number, code: ChainProblem, reason: string): Problem => ({ seq, code, reason });

/** Beyond any lane_seq: where the walk resumes to skip the rest of a lane that already failed. */
const PAST_LANE = '9223372036854775807';

/** The walk of one lane, up to its first problem. */
interface LaneWalk {
  lane: number;
  /** The lane_seq the next event must have. */
  expected: number;
  previous: Buffer;
  /** Global seq of the lane's last intact event (0: none). */
  lastSeq: number;
  /** Global seq of the event just past the lane's head, if there is one. */
  pastHead?: number;
  failed: boolean;
}

/**
 * Walks every lane of the audit chain in order, in batches, within one snapshot: every lane_seq from 1
 * without gaps, every event linked to the previous one of its lane, every hash recomputed independently,
 * and the end of every lane matching both the head table and the anchor kept outside the database (a lane
 * shorter than its anchor means its newest events were cut off). Reports the first problem with the lowest
 * global seq among the lanes' first problems.
 */
export async function verifyAuditChain(
  db: Db,
  options: {
    /** Data directory holding audit-anchor.json; or give the anchor itself. */
    dataDir?: string;
    anchor?: AuditAnchor | null;
    batchSize?: number;
    onProgress?: (events: number) => void;
  } = {},
): Promise<AuditVerification> {
  // Read before the snapshot: the anchor is only written after a commit, so it can never be ahead of it.
  const anchorFile =
    options.anchor !== undefined
      ? options.anchor
      : options.dataDir
        ? await readAnchor(options.dataDir)
        : null;
  const anchor = anchorFile ? anchorFile.lanes : null;
  const anchored = new Map<number, LaneHead>(
    Object.entries(anchor ?? {}).map(([lane, head]) => [Number(lane), head]),
  );
  const batchSize = options.batchSize ?? 5000;

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const headRows = await trx
        .selectFrom('audit_chain_head')
        .select(['lane', 'seq', 'hash'])
        .orderBy('lane')
        .execute();
      const heads = new Map(
        headRows.map((h) => [Number(h.lane), { seq: Number(h.seq), hash: h.hash.toString('hex') }]),
      );
      let events = 0;
      const problems: Problem[] = [];

      const walkOf = (lane: number): LaneWalk => ({
        lane,
        expected: 1,
        previous: GENESIS,
        lastSeq: 0,
        failed: false,
      });

      /** The first problem of an event in its lane's walk, if any. */
      const check = (row: EventText, walk: LaneWalk): Problem | undefined => {
        const { lane } = walk;
        const seq = Number(row.seq);
        const laneSeq = Number(row.lane_seq);
        if (laneSeq !== walk.expected) {
          return laneSeq > walk.expected
            ? bad(
                seq,
                'missing',
                `Falta el evento ${walk.expected} del carril ${lane}: el carril salta al ${laneSeq} (evento ${seq}).`,
              )
            : bad(seq, 'unexpected_seq', `El evento ${seq} está fuera de la numeración del carril ${lane}.`);
        }
        if (!row.prev_hash.equals(walk.previous)) {
          return bad(
            seq,
            'broken_link',
            `El evento ${seq} no enlaza con el evento anterior de su carril (${lane}).`,
          );
        }
        if (!eventHash(row).equals(row.hash)) {
          return bad(
            seq,
            'hash_mismatch',
            `El contenido del evento ${seq} no corresponde a su hash: fue alterado.`,
          );
        }
        const anchorHead = anchored.get(lane);
        if (anchorHead && laneSeq === anchorHead.seq && row.hash.toString('hex') !== anchorHead.hash) {
          return bad(
            seq,
            'anchor_mismatch',
            `El evento ${seq} (carril ${lane}, evento ${laneSeq} del carril) no coincide con el ancla ` +
              'guardada fuera de la base.',
          );
        }
        return undefined;
      };

      /** The end of an intact lane against its anchor and its head. */
      const finish = (walk: LaneWalk): Problem | undefined => {
        const { lane } = walk;
        const last = walk.expected - 1;
        const cut = walk.lastSeq + 1;
        const anchorHead = anchored.get(lane);
        if (anchorHead && anchorHead.seq > last) {
          return bad(
            cut,
            'truncated',
            `El carril ${lane} termina en su evento ${last}, pero el ancla guardada fuera de la base registra ` +
              `el ${anchorHead.seq}: se eliminaron los eventos más recientes.`,
          );
        }
        const head = heads.get(lane) ?? { seq: 0, hash: GENESIS.toString('hex') };
        if (head.seq > last) {
          return bad(
            cut,
            'truncated',
            `El carril ${lane} termina en su evento ${last}, pero su cabecera registra el ${head.seq}: ` +
              'se eliminaron los eventos más recientes.',
          );
        }
        if (head.seq < last) {
          return bad(
            walk.pastHead ?? walk.lastSeq,
            'head_mismatch',
            `Hay eventos del carril ${lane} posteriores a su cabecera (${head.seq}).`,
          );
        }
        if (head.hash !== walk.previous.toString('hex')) {
          return bad(
            walk.lastSeq || 1,
            'head_mismatch',
            `La cabecera del carril ${lane} no coincide con su evento ${last}.`,
          );
        }
        return undefined;
      };

      const seen = new Set<number>();
      const end = (walk: LaneWalk | undefined) => {
        if (!walk || walk.failed) return;
        const problem = finish(walk);
        if (problem) problems.push(problem);
      };

      let walk: LaneWalk | undefined;
      let after: [number, string] | undefined;
      for (;;) {
        const { rows } = await sql<EventText>`
          SELECT seq, lane, lane_seq,
                 to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                 actor_user_id::text AS actor_user_id,
                 actor_agency_id::text AS actor_agency_id,
                 action, outcome, resource_type,
                 array_to_json(resource_ids)::text AS resource_ids,
                 request_id,
                 host(ip) AS ip,
                 details::text AS details,
                 prev_hash, hash
          FROM audit_event
          ${after ? sql`WHERE (lane, lane_seq) > (${after[0]}::smallint, ${after[1]}::bigint)` : sql``}
          ORDER BY lane, lane_seq LIMIT ${batchSize}`.execute(trx);
        let skipped = false;
        for (const row of rows) {
          const lane = Number(row.lane);
          if (walk?.lane !== lane) {
            end(walk);
            walk = walkOf(lane);
            seen.add(lane);
          }
          after = [lane, String(row.lane_seq)];
          const problem = check(row, walk);
          if (problem) {
            problems.push(problem);
            walk.failed = true;
            after = [lane, PAST_LANE];
            skipped = true;
            break;
          }
          if (Number(row.lane_seq) === (heads.get(lane)?.seq ?? 0) + 1) walk.pastHead = Number(row.seq);
          walk.previous = row.hash;
          walk.lastSeq = Number(row.seq);
          walk.expected++;
          events++;
        }
        if (!skipped && rows.length < batchSize) break;
        options.onProgress?.(events);
      }
      end(walk);
      // Lanes without a single event left must still match their head and anchor.
      for (const lane of new Set([...heads.keys(), ...anchored.keys()])) {
        if (!seen.has(lane)) end(walkOf(lane));
      }

      const firstBad = problems.reduce<Problem | undefined>(
        (a, b) => (a && a.seq <= b.seq ? a : b),
        undefined,
      );
      return {
        ok: !firstBad,
        events,
        heads: Object.fromEntries([...heads].map(([lane, head]) => [String(lane), head])),
        anchor,
        ...(firstBad && { firstBad }),
      };
    });
}
