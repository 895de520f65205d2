import { randomUUID } from 'node:crypto';
import { auditRecordList } from '../cases/audit.ts';
import { childParams, idParams } from '../cases/shared.ts';
import { caseOrNotFound } from '../cases/store.ts';
import { personOrNotFound } from '../persons/store.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { defineRoute, type Context, type RouteDefinition } from '../platform/http/route.ts';
import { canSee } from '../platform/policy/present.ts';
import { refOf, userRefs } from '../services/shared.ts';
import { ATTACHMENT_MEDIA_TYPES } from '../../core/attachments/vocabulary.ts';
import { cleanFileName, contentDisposition, storedContentOf } from './content.ts';
import {
  attachmentContentContext,
  attachmentDescriptionContext,
  attachmentFileNameContext,
} from './encrypted-columns.ts';
import {
  attachmentListQuery,
  attachmentPage,
  attachmentSchema,
  uploadQuery,
  type AttachmentOut,
} from './schemas.ts';
import { findAttachment, listAttachments, type AttachmentOwner, type AttachmentRow } from './store.ts';

/**
 * Attachments of a case, or of a person outside any case: uploaded as the request body (the type sniffed
 * from the bytes, images written anew without metadata), encrypted at rest, with a sensitivity class chosen
 * at upload. An attachment of a class the reader is not cleared for does not exist for them — left out of
 * the list and only counted (`redactedCount`), 404 when asked for — exactly as case notes. Every download
 * is audited.
 */

const tags = ['attachments'];

/** The record attachments hang from, once it is known to be visible to the actor. */
interface Holder {
  owner: AttachmentOwner;
  agencyId: string;
  personId: string;
  caseId: string | null;
  /** Reached only through an emergency access. */
  emergency: boolean;
}

const holderOfCase = async (ctx: Context, id: string): Promise<Holder> => {
  const kase = await caseOrNotFound(ctx, id);
  return {
    owner: { kind: 'case', caseId: kase.id },
    agencyId: kase.agency_id,
    personId: kase.person_id,
    caseId: kase.id,
    emergency: !kase.in_scope,
  };
};

const holderOfPerson = async (ctx: Context, id: string): Promise<Holder> => {
  const person = await personOrNotFound(ctx, id);
  return {
    owner: { kind: 'person', personId: person.id },
    agencyId: person.agency_id,
    personId: person.id,
    caseId: null,
    emergency: !person.in_scope,
  };
};

const holderId = (holder: Holder) => holder.caseId ?? holder.personId;
const emergencyFlag = (holder: Holder) => (holder.emergency ? { emergency: true } : {});

async function presentAttachments(ctx: Context, rows: AttachmentRow[]): Promise<AttachmentOut[]> {
  const users = await userRefs(
    ctx.db,
    rows.map((r) => r.uploaded_by),
  );
  const { envelope } = ctx.services;
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    caseId: row.case_id,
    fileName: envelope.decryptText(row.file_name_sealed, attachmentFileNameContext(row.id)),
    description: row.description_sealed
      ? envelope.decryptText(row.description_sealed, attachmentDescriptionContext(row.id))
      : null,
    mediaType: row.media_type as AttachmentOut['mediaType'],
    byteSize: row.byte_size,
    sensitivityClass: row.sensitivity_class as AttachmentOut['sensitivityClass'],
    metadataRemoved: row.metadata_removed,
    uploadedBy: refOf(users, row.uploaded_by),
    createdAt: row.created_at.toISOString(),
  }));
}

function routesOf(
  kind: 'case' | 'person',
  base: string,
  holderOf: (ctx: Context, id: string) => Promise<Holder>,
): RouteDefinition[] {
  const whose = kind === 'case' ? 'del caso' : 'de la persona (fuera de sus casos)';

  const list = defineRoute({
    method: 'GET',
    url: `${base}/attachments`,
    summary: `Adjuntos ${whose} que su autorización permite ver (sin su contenido)`,
    tags,
    policy: { permission: 'attachment:read' },
    schema: { params: idParams, querystring: attachmentListQuery, response: attachmentPage },
    handler: async (ctx, { params, query }) => {
      const holder = await holderOf(ctx, params.id);
      const { rows, total, hidden } = await listAttachments(ctx.db, ctx.actor, holder.owner, {
        limit: query.pageSize,
        offset: offsetOf(query),
      });
      const items = await presentAttachments(ctx, rows);
      await auditRecordList(
        ctx,
        'attachment.list',
        'attachment',
        [holderId(holder), ...items.map((a) => a.id)],
        {
          page: query.page,
          pageSize: query.pageSize,
          redactedCount: hidden,
          ...emergencyFlag(holder),
        },
      );
      return {
        items,
        total,
        page: query.page,
        pageSize: query.pageSize,
        redactedCount: hidden,
        maxBytes: ctx.services.config.attachmentMaxBytes,
        acceptedTypes: [...ATTACHMENT_MEDIA_TYPES],
      };
    },
  });

  const upload = defineRoute({
    method: 'POST',
    url: `${base}/attachments`,
    summary: `Adjuntar un archivo ${whose}: el cuerpo es el archivo (PDF, JPEG, PNG o WebP)`,
    tags,
    status: 201,
    policy: { permission: 'attachment:write' },
    binaryBody: { maxBytes: (config) => config.attachmentMaxBytes },
    schema: { params: idParams, querystring: uploadQuery, response: attachmentSchema },
    handler: async (ctx, { params, query }) => {
      const holder = await holderOf(ctx, params.id);
      if (!canSee(ctx.actor, query.sensitivityClass))
        throw new ProblemError(
          'forbidden',
          'No tiene autorización para guardar adjuntos de esa confidencialidad.',
          {
            errors: [
              {
                field: 'querystring.sensitivityClass',
                code: 'not_cleared',
                message: 'Su rol no tiene autorización para este tipo de dato.',
              },
            ],
          },
        );
      const body = ctx.request.body;
      if (!Buffer.isBuffer(body))
        throw new ProblemError(
          'unsupported-media-type',
          'Envíe el archivo como cuerpo de la solicitud (application/octet-stream).',
        );
      if (body.length === 0)
        throw new ProblemError('validation', 'El archivo está vacío.', {
          errors: [{ field: 'body', code: 'empty', message: 'El archivo está vacío.' }],
        });
      const content = await storedContentOf(body);
      const id = randomUUID();
      const { envelope } = ctx.services;
      await ctx.db
        .insertInto('attachment')
        .values({
          id,
          agency_id: holder.agencyId,
          person_id: holder.personId,
          case_id: holder.caseId,
          sensitivity_class: query.sensitivityClass,
          media_type: content.mediaType,
          byte_size: content.bytes.length,
          metadata_removed: content.metadataRemoved,
          file_name_sealed: envelope.encrypt(
            cleanFileName(query.fileName, content.mediaType),
            attachmentFileNameContext(id),
          ),
          description_sealed: query.description
            ? envelope.encrypt(query.description, attachmentDescriptionContext(id))
            : null,
          content_sealed: envelope.encrypt(content.bytes, attachmentContentContext(id)),
          uploaded_by: ctx.actor.userId,
        })
        .execute();
      await ctx.audit({
        action: 'attachment.uploaded',
        resourceType: 'attachment',
        resourceIds: [id, holderId(holder)],
        details: {
          sensitivityClass: query.sensitivityClass,
          mediaType: content.mediaType,
          byteSize: content.bytes.length,
          metadataRemoved: content.metadataRemoved,
          ...emergencyFlag(holder),
        },
      });
      const row = (await findAttachment(ctx.db, ctx.actor, holder.owner, id))!;
      return (await presentAttachments(ctx, [row]))[0]!;
    },
  });

  const download = defineRoute({
    method: 'GET',
    url: `${base}/attachments/:childId/content`,
    summary: `Descargar un adjunto ${whose} (queda registrado en la bitácora)`,
    tags,
    policy: { permission: 'attachment:read' },
    schema: { params: childParams },
    handler: async (ctx, { params }) => {
      const holder = await holderOf(ctx, params.id);
      const row = await findAttachment(ctx.db, ctx.actor, holder.owner, params.childId);
      if (!row) throw notFound('El adjunto');
      const bytes = ctx.services.envelope.decrypt(row.content_sealed, attachmentContentContext(row.id));
      const fileName = ctx.services.envelope.decryptText(
        row.file_name_sealed,
        attachmentFileNameContext(row.id),
      );
      await ctx.audit({
        action: 'attachment.downloaded',
        resourceType: 'attachment',
        resourceIds: [row.id, holderId(holder)],
        details: {
          sensitivityClass: row.sensitivity_class,
          byteSize: row.byte_size,
          ...emergencyFlag(holder),
        },
      });
      ctx.reply.headers({
        'content-type': row.media_type,
        'content-disposition': contentDisposition(fileName),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      return bytes;
    },
  });

  return [list, upload, download];
}

export const attachmentRoutes: RouteDefinition[] = [
  ...routesOf('case', '/api/cases/:id', holderOfCase),
  ...routesOf('person', '/api/persons/:id', holderOfPerson),
];
