import type { EncryptedColumn } from '../platform/crypto/encrypted-columns.ts';
import { historyValueContext, sealContext } from './shared.ts';

/** The envelope-encrypted columns of persons and cases, with their contexts, for key rotation. */
const sealed = (table: string, column: string, name: string): EncryptedColumn => ({
  table,
  column,
  key: 'id',
  context: (id) => sealContext(table, name, id),
});

export const CASE_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  sealed('person_identity_document', 'number_sealed', 'number'),
  sealed('person_relation', 'phone_sealed', 'phone'),
  sealed('person_relation', 'address_sealed', 'address'),
  sealed('person_relation', 'notes_sealed', 'notes'),
  sealed('case_file', 'risk_notes_sealed', 'risk_notes'),
  {
    table: 'change_history',
    column: 'old_value',
    key: 'id',
    context: (id) => historyValueContext(id, 'old'),
  },
  {
    table: 'change_history',
    column: 'new_value',
    key: 'id',
    context: (id) => historyValueContext(id, 'new'),
  },
];
