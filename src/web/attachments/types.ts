// The attachments' API shapes, taken from the server's response schemas (types only).
import type { z } from 'zod';
import type { attachmentPage } from '../../server/attachments/schemas.ts';

export type { AttachmentOut } from '../../server/attachments/schemas.ts';
export type AttachmentPage = z.infer<typeof attachmentPage>;
