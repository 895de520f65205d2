import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { ProblemError } from '../platform/http/problem.ts';
import { refreshBlockKeys } from './keys.ts';
import type { MovedRows } from './tables.ts';

/**
 * Merging two records of the same child, reversibly. Nothing is deleted or rewritten: the rows that hang
 * from the merged person (cases, family and contacts, identity documents, consents, referrals, attachments)
 * are re-pointed to the survivor, and exactly which rows is written down, so that an unmerge puts each one
 * back. The merged person's own row, its change history and its audit trail stay as they were; while
 * merged it is hidden (personVisible) and has no blocking keys. Neither record's fields change — except the
 * survivor's photo when it had none and the merged record had one (recorded as moved, put back on unmerge) —
 * so an unmerge restores both.
 */

/**
 * Every column that points at a person, except those that belong to the person itself (its search tokens
 * and blocking keys) and to linkage. A test checks this list against the foreign keys of the schema.
 */
export const PERSON_REFERENCES = [
  { table: 'case_file', column: 'person_id' },
  { table: 'person_relation', column: 'person_id' },
  { table: 'person_identity_document', column: 'person_id' },
  { table: 'consent', column: 'person_id' },
  { table: 'referral', column: 'person_id' },
  { table: 'referral', column: 'received_person_id' },
  { table: 'attachment', column: 'person_id' },
] as const;

/** Foreign keys to person that stay with their own person and are not re-pointed. */
export const PERSON_REFERENCES_KEPT = [
  { table: 'person', column: 'merged_into' },
  { table: 'person_name_token', column: 'person_id' },
  { table: 'person_block_key', column: 'person_id' },
  { table: 'linkage_pair', column: 'person_a' },
  { table: 'linkage_pair', column: 'person_b' },
  { table: 'linkage_merge', column: 'survivor_id' },
  { table: 'linkage_merge', column: 'merged_id' },
] as const;

/** Re-points every reference from one person to another; returns the rows moved. */
async function repoint(db: Executor, from: string, to: string): Promise<MovedRows[]> {
  const moved: MovedRows[] = [];
  for (const { table, column } of PERSON_REFERENCES) {
    const { rows } = await sql<{ id: string }>`
      UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${to}
      WHERE ${sql.ref(column)} = ${from} RETURNING id`.execute(db);
    if (rows.length > 0) moved.push({ table, column, ids: rows.map((r) => r.id).sort() });
  }
  return moved;
}

/** Puts the moved rows back where they were (those still on the survivor). */
async function putBack(db: Executor, moved: readonly MovedRows[], survivor: string, merged: string) {
  for (const { table, column, ids } of moved) {
    const known = PERSON_REFERENCES.some((r) => r.table === table && r.column === column);
    if (!known || ids.length === 0) continue;
    await sql`
      UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${merged}
      WHERE id = ANY(${ids}::uuid[]) AND ${sql.ref(column)} = ${survivor}`.execute(db);
  }
}

interface MergeParty {
  id: string;
  agency_id: string;
  restricted: boolean;
  merged_into: string | null;
  photo_attachment_id: string | null;
}

/** The survivor's photo, as `moved` records it: the attachment that became its photo at the merge. */
const PHOTO = { table: 'person', column: 'photo_attachment_id' } as const;

/** The merged record's photo becomes the survivor's when the survivor has none (its attachment moved with it). */
async function carryPhoto(db: Executor, survivor: MergeParty, merged: MergeParty): Promise<MovedRows[]> {
  if (survivor.photo_attachment_id || !merged.photo_attachment_id) return [];
  await db
    .updateTable('person')
    .set({ photo_attachment_id: merged.photo_attachment_id })
    .where('id', '=', survivor.id)
    .execute();
  return [{ ...PHOTO, ids: [merged.photo_attachment_id] }];
}

/** Takes back a photo the merge gave the survivor, unless it has been changed since. */
async function returnPhoto(db: Executor, moved: readonly MovedRows[], survivor: string) {
  const carried = moved.find((m) => m.table === PHOTO.table && m.column === PHOTO.column)?.ids[0];
  if (!carried) return;
  await db
    .updateTable('person')
    .set({ photo_attachment_id: null })
    .where('id', '=', survivor)
    .where('photo_attachment_id', '=', carried)
    .execute();
}

/** Both persons, locked in id order; refuses what cannot be merged. */
async function lockParties(db: Executor, ids: [string, string]): Promise<Map<string, MergeParty>> {
  const rows = await db
    .selectFrom('person')
    .select(['id', 'agency_id', 'restricted', 'merged_into', 'photo_attachment_id'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function mergePersons(
  db: Executor,
  spec: { pairId: string; survivorId: string; mergedId: string; actorId: string },
): Promise<{ mergeId: string; moved: MovedRows[] }> {
  const parties = await lockParties(db, [spec.survivorId, spec.mergedId]);
  const survivor = parties.get(spec.survivorId);
  const merged = parties.get(spec.mergedId);
  if (!survivor || !merged) throw new ProblemError('not-found', 'La persona no existe o no tiene acceso.');
  if (survivor.merged_into || merged.merged_into) {
    throw new ProblemError('conflict', 'Uno de los registros ya fue fusionado con otro.');
  }
  if (survivor.restricted || merged.restricted) {
    throw new ProblemError(
      'conflict',
      'Un registro restringido no se puede fusionar; quite antes la restricción.',
    );
  }
  if (survivor.agency_id !== merged.agency_id) {
    throw new ProblemError('conflict', 'Solo se fusionan registros de la misma institución.');
  }
  const moved = [...(await repoint(db, merged.id, survivor.id)), ...(await carryPhoto(db, survivor, merged))];
  await db.updateTable('person').set({ merged_into: survivor.id }).where('id', '=', merged.id).execute();
  await db.deleteFrom('person_block_key').where('person_id', '=', merged.id).execute();
  // The survivor's parents may have come from the merged record's relations.
  await refreshBlockKeys(db, survivor.id);
  const row = await db
    .insertInto('linkage_merge')
    .values({
      agency_id: survivor.agency_id,
      pair_id: spec.pairId,
      survivor_id: survivor.id,
      merged_id: merged.id,
      moved: JSON.stringify(moved),
      merged_by: spec.actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { mergeId: row.id, moved };
}

export interface MergeRow {
  id: string;
  agency_id: string;
  pair_id: string;
  survivor_id: string;
  merged_id: string;
  moved: MovedRows[];
  unmerged_at: Date | null;
  version: number;
}

export async function unmergePersons(db: Executor, merge: MergeRow, actorId: string): Promise<void> {
  if (merge.unmerged_at) throw new ProblemError('conflict', 'Esta fusión ya se deshizo.');
  const parties = await lockParties(db, [merge.survivor_id, merge.merged_id]);
  const survivor = parties.get(merge.survivor_id);
  const merged = parties.get(merge.merged_id);
  if (!survivor || merged?.merged_into !== survivor.id) {
    throw new ProblemError('conflict', 'Los registros ya no están fusionados como indica esta fusión.');
  }
  if (survivor.merged_into) {
    throw new ProblemError(
      'conflict',
      'El registro que se conservó fue fusionado después con otro: deshaga antes esa fusión.',
    );
  }
  await returnPhoto(db, merge.moved, survivor.id);
  await putBack(db, merge.moved, survivor.id, merged.id);
  await db.updateTable('person').set({ merged_into: null }).where('id', '=', merged.id).execute();
  await refreshBlockKeys(db, merged.id);
  await refreshBlockKeys(db, survivor.id);
  await db
    .updateTable('linkage_merge')
    .set({ unmerged_at: new Date(), unmerged_by: actorId, version: sql<number>`version + 1` })
    .where('id', '=', merge.id)
    .execute();
}
