import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { readAnchor, type AuditAnchor } from './anchor.ts';

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
  /** Events walked (all of them when ok). */
  events: number;
  head: { seq: number; hash: string };
  /** The copy of the newest link kept outside the database, when there is one. */
  anchor: { seq: number; hash: string } | null;
  firstBad?: { seq: number; code: ChainProblem; reason: string };
}

interface EventText {
  seq: number;
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

const bad = (seq: number, code: ChainProblem, reason: string) => ({ seq, code, reason });

/**
 * Walks the whole audit chain in order, in batches, within one snapshot: every position from 1 without
 * gaps, every event linked to the previous one, every hash recomputed independently, and the end of the
 * chain matching both the head table and the anchor kept outside the database (a chain shorter than the
 * anchor means the newest events were cut off).
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
  const anchor = anchorFile ? { seq: Number(anchorFile.seq), hash: String(anchorFile.hash) } : null;
  const batchSize = options.batchSize ?? 5000;

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const headRow = await trx
        .selectFrom('audit_chain_head')
        .select(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      const head = { seq: Number(headRow.seq), hash: headRow.hash.toString('hex') };
      let events = 0;
      const result = (firstBad?: AuditVerification['firstBad']): AuditVerification => ({
        ok: !firstBad,
        events,
        head,
        anchor,
        ...(firstBad && { firstBad }),
      });

      let expected = 1;
      let previous: Buffer = GENESIS;
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const { rows } = await sql<EventText>`
          SELECT seq,
                 to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                 actor_user_id::text AS actor_user_id,
                 actor_agency_id::text AS actor_agency_id,
                 action, outcome, resource_type,
                 array_to_json(resource_ids)::text AS resource_ids,
                 request_id,
                 host(ip) AS ip,
                 details::text AS details,
                 prev_hash, hash
          FROM audit_event WHERE seq > ${after} ORDER BY seq LIMIT ${batchSize}`.execute(trx);
        for (const row of rows) {
          const seq = Number(row.seq);
          if (seq !== expected) {
            return result(
              seq > expected
                ? bad(expected, 'missing', `Falta el evento ${expected}: la cadena salta al ${seq}.`)
                : bad(seq, 'unexpected_seq', `El evento ${seq} está fuera de la numeración de la cadena.`),
            );
          }
          if (!row.prev_hash.equals(previous)) {
            return result(bad(seq, 'broken_link', `El evento ${seq} no enlaza con el evento anterior.`));
          }
          if (!eventHash(row).equals(row.hash)) {
            return result(
              bad(
                seq,
                'hash_mismatch',
                `El contenido del evento ${seq} no corresponde a su hash: fue alterado.`,
              ),
            );
          }
          if (anchor && seq === anchor.seq && row.hash.toString('hex') !== anchor.hash) {
            return result(
              bad(
                seq,
                'anchor_mismatch',
                `El evento ${seq} no coincide con el ancla guardada fuera de la base.`,
              ),
            );
          }
          previous = row.hash;
          events++;
          expected++;
          after = seq;
        }
        if (rows.length < batchSize) break;
        options.onProgress?.(events);
      }

      const last = expected - 1;
      if (anchor && anchor.seq > last) {
        return result(
          bad(
            last + 1,
            'truncated',
            `La cadena termina en el evento ${last}, pero el ancla guardada fuera de la base registra el ` +
              `${anchor.seq}: se eliminaron los eventos más recientes.`,
          ),
        );
      }
      if (head.seq > last) {
        return result(
          bad(
            last + 1,
            'truncated',
            `La cadena termina en el evento ${last}, pero su cabecera registra el ${head.seq}: ` +
              `se eliminaron los eventos más recientes.`,
          ),
        );
      }
      if (head.seq < last) {
        return result(
          bad(
            head.seq + 1,
            'head_mismatch',
            `Hay eventos posteriores a la cabecera de la cadena (${head.seq}).`,
          ),
        );
      }
      if (head.hash !== previous.toString('hex')) {
        return result(
          bad(last, 'head_mismatch', `La cabecera de la cadena no coincide con el evento ${last}.`),
        );
      }
      return result();
    });
}
