import { SENSITIVITY_CLASSES } from '../access/catalogue.ts';

/**
 * What an attachment may be, shared by server and web: the accepted types (decided on the server from the
 * file's bytes) with the extension a download gets, and the classes one may be stored under.
 */

export const ATTACHMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MEDIA_TYPES = Object.keys(ATTACHMENT_TYPES) as [AttachmentType, ...AttachmentType[]];

export const ATTACHMENT_CLASSES = ['general', ...SENSITIVITY_CLASSES] as const;
