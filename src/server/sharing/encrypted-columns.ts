import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';
import { sharingContext } from './present.ts';

/** The envelope-encrypted columns of sharing decisions, for key rotation. */
const sealed = (column: string, name: Parameters<typeof sharingContext>[1]): EncryptedColumn => ({
  table: 'sharing_decision',
  column,
  key: 'id',
  context: (id) => sharingContext(id, name),
});

export const SHARING_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  sealed('reason_sealed', 'reason'),
  sealed('override_reason_sealed', 'override_reason'),
  sealed('revocation_reason_sealed', 'revocation_reason'),
];
