import { sealContext } from '../cases/shared.ts';
import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';

/** The envelope-encrypted columns of family-tracing requests, with their contexts, for key rotation. */

export const tracingContactContext = (id: string) => sealContext('tracing_request', 'requester_contact', id);
export const tracingNotesContext = (id: string) => sealContext('tracing_request', 'notes', id);

export const TRACING_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'tracing_request', column: 'requester_contact_sealed', key: 'id', context: tracingContactContext },
  { table: 'tracing_request', column: 'notes_sealed', key: 'id', context: tracingNotesContext },
];
