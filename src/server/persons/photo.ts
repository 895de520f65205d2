import { z } from 'zod';
import { PERSON_PHOTO_CLASS } from '../../core/cases/field-classes.ts';
import type { Executor } from '../platform/db/database.ts';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { canSee } from '../platform/policy/present.ts';
import { readsThroughSharing } from '../cases/visibility.ts';
import { presentPerson } from './present.ts';
import { personSchema, type PersonOut } from './schemas.ts';
import { noContactQuery, type PersonRow } from './store.ts';

/**
 * The person's photo (migration 0013): one of the person's own image attachments, of the identity class. It
 * belongs to the record of one person only — the single read and the writes that answer with it — never to
 * a list, a search result or a person shown inside another record.
 */

declare module '../cases/tables.ts' {
  interface PersonTable {
    /** The photo: an image attachment of the person, outside any case (migration 0013). */
    photo_attachment_id: string | null;
  }
}

export const PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const personPhotoSchema = z.object({
  attachmentId: z.uuid(),
  mediaType: z.enum(PHOTO_MEDIA_TYPES),
  byteSize: z.number().int(),
});
export type PersonPhotoOut = z.infer<typeof personPhotoSchema>;

/** The record of one person: the person and, for a reader cleared for identity data, the photo. */
export const personRecordSchema = personSchema.extend({
  /** Absent (and named in `redacted`) without identity clearance; null when there is no photo. */
  photo: personPhotoSchema.nullable().optional(),
  /** Reached through another agency's sharing decision: read-only, only the classes shared. */
  sharedBy: z.object({ agencyId: z.uuid(), name: z.string() }).optional(),
});
export type PersonRecordOut = z.infer<typeof personRecordSchema>;

/** The photo's attachment (without its content): no row when the person has none. */
export const photoQuery = (db: Executor, personId: string) =>
  db
    .selectFrom('person')
    .innerJoin('attachment', 'attachment.id', 'person.photo_attachment_id')
    .select(['attachment.id', 'attachment.media_type', 'attachment.byte_size'])
    .where('person.id', '=', personId);

/** The photo's attachment (without its content), or undefined when the person has none. */
export function photoOf(db: Executor, personId: string) {
  return photoQuery(db, personId).executeTakeFirst();
}

type PhotoRow = NonNullable<Awaited<ReturnType<typeof photoOf>>>;

/** The record of one person as its single read and its writes return it; its reads sent together. */
export async function presentPersonRecord(ctx: Context, row: PersonRow): Promise<PersonRecordOut> {
  const seesPhoto = canSee(ctx.actor, PERSON_PHOTO_CLASS);
  const shared = readsThroughSharing(ctx.actor);
  const [noContact, [photo], [owner]] = await together(ctx.db, [
    noContactQuery(ctx.db, [row.id]),
    seesPhoto ? photoQuery(ctx.db, row.id) : undefined,
    shared ? ctx.db.selectFrom('agency').select('name').where('id', '=', row.agency_id) : undefined,
  ]);
  const out = withPhoto(seesPhoto, photo, presentPerson(ctx.actor, row, noContact));
  return shared ? { ...out, sharedBy: { agencyId: row.agency_id, name: owner?.name ?? '' } } : out;
}

/** Adds the photo to a presented person, or names it in `redacted` when the reader may not see it. */
function withPhoto(seesPhoto: boolean, photo: PhotoRow | undefined, out: PersonOut): PersonRecordOut {
  if (!seesPhoto) return { ...out, redacted: [...out.redacted, 'photo'] };
  return {
    ...out,
    photo: photo
      ? {
          attachmentId: photo.id,
          mediaType: photo.media_type as PersonPhotoOut['mediaType'],
          byteSize: photo.byte_size,
        }
      : null,
  };
}
