import { z } from 'zod';
import { ATTACHMENT_CLASSES, ATTACHMENT_MEDIA_TYPES } from '../../core/attachments/vocabulary.ts';
import { paginated, paginationQuery } from '../platform/http/pagination.ts';

/** Input and response schemas of attachments. The file itself is the request body, not a field. */

/** The upload's description travels in the query string: the body is the file's bytes. */
export const uploadQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  sensitivityClass: z.enum(ATTACHMENT_CLASSES),
  description: z.string().trim().min(1).max(500).optional(),
});

export const attachmentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  caseId: z.uuid().nullable(),
  fileName: z.string(),
  description: z.string().nullable(),
  mediaType: z.enum(ATTACHMENT_MEDIA_TYPES),
  byteSize: z.number().int(),
  sensitivityClass: z.enum(ATTACHMENT_CLASSES),
  /** The image was written anew without its EXIF (GPS, camera), XMP, IPTC and ICC metadata. */
  metadataRemoved: z.boolean(),
  uploadedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
});
export type AttachmentOut = z.infer<typeof attachmentSchema>;

export const attachmentListQuery = z.object({ ...paginationQuery });

export const attachmentPage = paginated(attachmentSchema).extend({
  /** Attachments of a class the reader is not cleared for: left out, only counted (as notes are). */
  redactedCount: z.number().int(),
  /** What an upload may be: the largest size in bytes and the accepted types. */
  maxBytes: z.number().int(),
  acceptedTypes: z.array(z.enum(ATTACHMENT_MEDIA_TYPES)),
});
