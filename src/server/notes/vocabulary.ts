import type { FieldClass } from '../../core/access/catalogue.ts';

/**
 * Types of case note and the sensitivity class each one carries: a psychologist's session notes are
 * psychosocial (invisible to a lawyer), legal notes legal (invisible to a psychologist), the child's account
 * of what happened is trafficking experience, a home visit describes where the family lives.
 */
export const NOTE_TYPE_CLASSES = {
  case_note: 'general',
  phone_call: 'general',
  school_follow_up: 'general',
  home_visit: 'contact_location',
  session_note: 'psychosocial',
  medical_note: 'health',
  legal_note: 'legal',
  disclosure_note: 'trafficking_experience',
} as const satisfies Record<string, FieldClass>;

export type NoteType = keyof typeof NOTE_TYPE_CLASSES;
export const NOTE_TYPES = Object.keys(NOTE_TYPE_CLASSES) as [NoteType, ...NoteType[]];

export const noteClassOf = (type: string): FieldClass => NOTE_TYPE_CLASSES[type as NoteType] ?? 'general';

/** A note may be edited by its author for this long; afterwards only a correction (a new note) is possible. */
export const NOTE_EDIT_WINDOW_HOURS = 24;
