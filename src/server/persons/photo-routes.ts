import { z } from 'zod';
import { PERSON_PHOTO_CLASS } from '../../core/cases/field-classes.ts';
import { attachmentContentContext } from '../attachments/encrypted-columns.ts';
import { recordRootChanges } from '../cases/history.ts';
import { idParams, nextVersion, throwIfAny } from '../cases/shared.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { canSee } from '../platform/policy/present.ts';
import { PHOTO_MEDIA_TYPES, photoOf, personRecordSchema, presentPersonRecord } from './photo.ts';
import { personOrNotFound } from './store.ts';

/**
 * Setting, removing and showing a person's photo. The photo is identity data: without that clearance a
 * reader can neither set it nor get it (404, as for anything they may not see).
 */

const tags = ['persons'];

const photoInput = z.strictObject({
  /** An image attachment of the person outside any case, of the identity class; null removes the photo. */
  attachmentId: z.uuid().nullable(),
});

const emergencyFlag = (person: { in_scope: boolean }) => (person.in_scope ? {} : { emergency: true });

const attachmentError = (code: string, message: string) => [{ field: 'body.attachmentId', code, message }];

/** Why an attachment cannot be the person's photo; nothing when it can. */
async function photoProblems(ctx: Context, personId: string, attachmentId: string) {
  const attachment = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'media_type', 'sensitivity_class'])
    .where('id', '=', attachmentId)
    .where('person_id', '=', personId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  if (!attachment)
    return attachmentError(
      'unknown_attachment',
      'El adjunto no existe o no es un adjunto de esta persona (fuera de sus casos).',
    );
  if (!(PHOTO_MEDIA_TYPES as readonly string[]).includes(attachment.media_type))
    return attachmentError('not_an_image', 'La foto debe ser una imagen (JPEG, PNG o WebP).');
  if (attachment.sensitivity_class !== PERSON_PHOTO_CLASS)
    return attachmentError(
      'wrong_class',
      'La foto debe estar adjuntada con la confidencialidad de identidad, la de la foto de la persona.',
    );
  return [];
}

const setPhoto = defineRoute({
  method: 'PATCH',
  url: '/api/persons/:id/photo',
  summary: 'Poner o quitar la foto de una persona: una imagen adjunta de la persona (If-Match)',
  tags,
  policy: { permission: 'person:update' },
  schema: { params: idParams, body: photoInput, response: personRecordSchema },
  handler: async (ctx, { params, body }) => {
    const row = await personOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    if (!canSee(ctx.actor, PERSON_PHOTO_CLASS))
      throw new ProblemError('forbidden', 'No tiene autorización para la foto de la persona.', {
        errors: [
          {
            field: 'body.attachmentId',
            code: 'not_cleared',
            message: 'Su rol no tiene autorización para este tipo de dato.',
          },
        ],
      });
    if (body.attachmentId) throwIfAny(await photoProblems(ctx, row.id, body.attachmentId));
    const before = (await photoOf(ctx.db, row.id))?.id ?? null;
    if (before === body.attachmentId) {
      setEtag(ctx.reply, row.version);
      return presentPersonRecord(ctx, row);
    }
    const { version } = await ctx.db
      .updateTable('person')
      .set({ photo_attachment_id: body.attachmentId, ...nextVersion() })
      .where('id', '=', row.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    await recordRootChanges(ctx, 'person', row, version, [
      { field: 'photo', from: before, to: body.attachmentId },
    ]);
    await ctx.audit({
      action: body.attachmentId ? 'person.photo_set' : 'person.photo_removed',
      resourceType: 'person',
      resourceIds: [row.id, ...(body.attachmentId ? [body.attachmentId] : []), ...(before ? [before] : [])],
      details: emergencyFlag(row),
    });
    setEtag(ctx.reply, version);
    return presentPersonRecord(ctx, await personOrNotFound(ctx, row.id));
  },
});

const showPhoto = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/photo',
  summary: 'La foto de una persona (la imagen; queda registrado en la bitácora)',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams },
  handler: async (ctx, { params }) => {
    const row = await personOrNotFound(ctx, params.id);
    const photo = canSee(ctx.actor, PERSON_PHOTO_CLASS) ? await photoOf(ctx.db, row.id) : undefined;
    if (!photo) throw notFound('La foto');
    const { content_sealed } = await ctx.db
      .selectFrom('attachment')
      .select('content_sealed')
      .where('id', '=', photo.id)
      .executeTakeFirstOrThrow();
    const bytes = ctx.services.envelope.decrypt(content_sealed, attachmentContentContext(photo.id));
    await ctx.audit({
      action: 'person.photo_viewed',
      resourceType: 'person',
      resourceIds: [row.id, photo.id],
      details: emergencyFlag(row),
    });
    ctx.reply.headers({
      'content-type': photo.media_type,
      'content-disposition': 'inline',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    return bytes;
  },
});

export const personPhotoRoutes = [setPhoto, showPhoto];
