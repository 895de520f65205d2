import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import './tables.ts';

/**
 * The owning side's store of sharing decisions: always reached through a case the reader reaches in their
 * own scope (callers check the case first). The receiving side never reads this table here: its viewer
 * reads the decisions in force (src/server/cases/visibility.ts, sharedWith).
 */

export const sharingColumns = [
  'sharing_decision.id',
  'sharing_decision.agency_id',
  'sharing_decision.case_id',
  'sharing_decision.to_agency_id',
  'sharing_decision.classes',
  'sharing_decision.reason_sealed',
  'sharing_decision.consent_id',
  'sharing_decision.override_reason_sealed',
  'sharing_decision.override_by',
  'sharing_decision.decided_by',
  'sharing_decision.decided_at',
  'sharing_decision.expires_on',
  'sharing_decision.revoked_at',
  'sharing_decision.revoked_by',
  'sharing_decision.revocation_reason_sealed',
  'sharing_decision.version',
] as const;

export interface SharingRow {
  id: string;
  agency_id: string;
  case_id: string;
  to_agency_id: string;
  classes: string[];
  reason_sealed: Buffer;
  consent_id: string | null;
  override_reason_sealed: Buffer | null;
  override_by: string | null;
  decided_by: string;
  decided_at: Date;
  expires_on: Date | string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason_sealed: Buffer | null;
  version: number;
  /** Not revoked, and not past its last day. */
  in_force: boolean;
}

const selectSharing = (db: Executor) =>
  db
    .selectFrom('sharing_decision')
    .select(sharingColumns)
    .select(
      sql<boolean>`(sharing_decision.revoked_at IS NULL AND (sharing_decision.expires_on IS NULL OR sharing_decision.expires_on >= current_date))`.as(
        'in_force',
      ),
    );

/** The decisions taken on a case, the last first. */
export function sharingOfCase(db: Executor, caseId: string): Promise<SharingRow[]> {
  return selectSharing(db)
    .where('sharing_decision.case_id', '=', caseId)
    .orderBy('sharing_decision.decided_at', 'desc')
    .orderBy('sharing_decision.id')
    .execute() as Promise<SharingRow[]>;
}

export async function findSharing(
  db: Executor,
  caseId: string,
  id: string,
  forUpdate = false,
): Promise<SharingRow | undefined> {
  let query = selectSharing(db)
    .where('sharing_decision.case_id', '=', caseId)
    .where('sharing_decision.id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as SharingRow | undefined;
}
