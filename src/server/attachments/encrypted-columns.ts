import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';
import { sealContext } from '../cases/shared.ts';

/** The envelope-encrypted columns of attachments, with their contexts (encryption and key rotation alike). */

export const attachmentContentContext = (id: string) => sealContext('attachment', 'content', id);
export const attachmentFileNameContext = (id: string) => sealContext('attachment', 'file_name', id);
export const attachmentDescriptionContext = (id: string) => sealContext('attachment', 'description', id);

const column = (name: string, context: (id: string) => string): EncryptedColumn => ({
  table: 'attachment',
  column: name,
  key: 'id',
  context,
});

export const ATTACHMENT_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  column('content_sealed', attachmentContentContext),
  column('file_name_sealed', attachmentFileNameContext),
  column('description_sealed', attachmentDescriptionContext),
];
