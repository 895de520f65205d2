import { sealContext } from '../cases/shared.ts';
import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';

/**
 * The envelope-encrypted columns of the case-work features, with their contexts, for key rotation. Each
 * feature seals with sealContext(table, name, id) under the same names.
 */
const sealed = (table: string, column: string, name: string): EncryptedColumn => ({
  table,
  column,
  key: 'id',
  context: (id) => sealContext(table, name, id),
});

export const CASE_WORK_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  sealed('case_service', 'notes_sealed', 'notes'),
  sealed('case_note', 'body_sealed', 'body'),
  sealed('case_note_revision', 'body_sealed', 'body'),
  sealed('referral', 'reason_sealed', 'reason'),
  sealed('referral', 'override_reason_sealed', 'override_reason'),
  sealed('referral', 'response_reason_sealed', 'response_reason'),
  sealed('referral', 'completion_notes_sealed', 'completion_notes'),
];
