import { z } from 'zod';
import { pastDate } from '../../core/cases/person-input.ts';
import { paginationQuery } from '../platform/http/pagination.ts';
import { NOTE_TYPES } from './vocabulary.ts';

/** Input and response schemas of case notes. */

const body = z.string().trim().min(1).max(20_000);

export const createNoteInput = z.strictObject({
  type: z.enum(NOTE_TYPES),
  body,
  /** The day of the session, visit or call, when it is not the day of writing. */
  occurredOn: pastDate.nullable().optional(),
  /** The note this one corrects (of the same class; a note is corrected once, the chain stays a line). */
  correctsNoteId: z.uuid().optional(),
});
export type CreateNoteInput = z.infer<typeof createNoteInput>;

export const updateNoteInput = z
  .strictObject({ body: body.optional(), occurredOn: pastDate.nullable().optional() })
  .refine((b) => b.body !== undefined || b.occurredOn !== undefined, {
    message: 'Indique el texto o la fecha de la nota.',
    path: ['body'],
  });

const userRef = z.object({ id: z.uuid(), displayName: z.string() });

export const noteSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  type: z.enum(NOTE_TYPES),
  noteClass: z.string(),
  occurredOn: z.string().nullable(),
  body: z.string(),
  correctsNoteId: z.uuid().nullable(),
  correctedByNoteId: z.uuid().nullable(),
  author: userRef.nullable(),
  /** Until when its author may still edit it (24 h after writing); later, only a correction. */
  editableUntil: z.string(),
  editable: z.boolean(),
  /** How many times it was edited within its first 24 hours. */
  revisionCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NoteOut = z.infer<typeof noteSchema>;

export const noteDetailSchema = noteSchema.extend({
  /** The whole correction chain, oldest first (this note included). */
  chain: z.array(noteSchema),
  /** Earlier wordings of this note, oldest first. */
  revisions: z.array(
    z.object({
      version: z.number().int(),
      occurredOn: z.string().nullable(),
      body: z.string(),
      replacedAt: z.string(),
      replacedBy: userRef.nullable(),
    }),
  ),
});

export const noteListQuery = z.object({
  ...paginationQuery,
  type: z.enum(NOTE_TYPES).optional(),
  /** Only the latest note of each correction chain. */
  current: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const notePage = z.object({
  items: z.array(noteSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Notes of this case the reader is not cleared for: left out, only counted. */
  redactedCount: z.number().int(),
});
