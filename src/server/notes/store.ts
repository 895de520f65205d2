import { sql, type ExpressionBuilder } from 'kysely';
import { readsThroughSharing } from '../cases/visibility.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import { NOTE_EDIT_WINDOW_HOURS } from './vocabulary.ts';
import './tables.ts';

/** Queries of case notes. A note whose class the reader is not cleared for is never selected. */

export const noteColumns = [
  'case_note.id',
  'case_note.agency_id',
  'case_note.case_id',
  'case_note.note_type',
  'case_note.note_class',
  'case_note.occurred_on',
  'case_note.body_sealed',
  'case_note.corrects_note_id',
  'case_note.author_user_id',
  'case_note.version',
  'case_note.created_at',
  'case_note.updated_at',
] as const;

export interface NoteRow {
  id: string;
  agency_id: string;
  case_id: string;
  note_type: string;
  note_class: string;
  occurred_on: Date | string | null;
  body_sealed: Buffer;
  corrects_note_id: string | null;
  author_user_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  corrected_by: string | null;
  within_edit_window: boolean;
  revision_count: number;
}

/**
 * The classes whose notes (and attachments) the actor may read: `general` and each clearance. Through a
 * sharing decision only the classes it shared, not `general`: a note or file is not a general field of the
 * record. Never empty, since an empty IN list is not SQL: 'none' is no class and matches no row.
 */
export const readableClasses = (actor: Actor): string[] => {
  if (!readsThroughSharing(actor)) return ['general', ...actor.clearances];
  return actor.clearances.size > 0 ? [...actor.clearances] : ['none'];
};

type NoteEb = ExpressionBuilder<Database, 'case_note'>;

/** The note columns with the correction that follows it, whether it is still editable, and its edit count. */
export function selectNotes(db: Executor) {
  return db
    .selectFrom('case_note')
    .select(noteColumns)
    .select((eb: NoteEb) => [
      eb
        .selectFrom('case_note as next')
        .select('next.id')
        .whereRef('next.corrects_note_id', '=', 'case_note.id')
        .as('corrected_by'),
      sql<boolean>`case_note.created_at > now() - make_interval(hours => ${NOTE_EDIT_WINDOW_HOURS})`.as(
        'within_edit_window',
      ),
      eb
        .selectFrom('case_note_revision')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('case_note_revision.note_id', '=', 'case_note.id')
        .as('revision_count'),
    ]);
}

/** One readable note of a case. */
export async function findNote(
  db: Executor,
  actor: Actor,
  caseId: string,
  id: string,
  forUpdate = false,
): Promise<NoteRow | undefined> {
  let query = selectNotes(db)
    .where('case_note.id', '=', id)
    .where('case_note.case_id', '=', caseId)
    .where('case_note.note_class', 'in', readableClasses(actor));
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as NoteRow | undefined;
}

/** The links of the correction chain a note belongs to (every member shares the note's class). */
export const chainLinksQuery = (db: Executor, note: NoteRow) =>
  db
    .selectFrom('case_note')
    .select(['id', 'corrects_note_id'])
    .where('case_id', '=', note.case_id)
    .where('note_class', '=', note.note_class);

/** The correction chain a note belongs to, oldest first, from its links (chainLinksQuery). */
export async function chainFrom(
  db: Executor,
  note: NoteRow,
  links: { id: string; corrects_note_id: string | null }[],
): Promise<NoteRow[]> {
  const previous = new Map(links.map((l) => [l.id, l.corrects_note_id]));
  const next = new Map(
    links.filter((l) => l.corrects_note_id).map((l) => [l.corrects_note_id!, l.id] as const),
  );
  let first = note.id;
  while (previous.get(first)) first = previous.get(first)!;
  const ids: string[] = [];
  for (let id: string | undefined = first; id; id = next.get(id)) ids.push(id);
  if (ids.length === 1) return [note];
  const rows = (await selectNotes(db).where('case_note.id', 'in', ids).execute()) as NoteRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}
