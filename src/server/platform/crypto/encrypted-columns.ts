import { CASE_ENCRYPTED_COLUMNS } from '../../cases/encrypted-columns.ts';
import { CASE_WORK_ENCRYPTED_COLUMNS } from '../../services/case-work-columns.ts';
import { keyMaterialContext } from '../key-material.ts';
import { ASSESSMENT_PLAN_ENCRYPTED_COLUMNS } from '../../assessments/encrypted-columns.ts';
import { TRACING_ENCRYPTED_COLUMNS } from '../../linkage/encrypted-columns.ts';
import { ATTACHMENT_ENCRYPTED_COLUMNS } from '../../attachments/encrypted-columns.ts';
import { SHARING_ENCRYPTED_COLUMNS } from '../../sharing/encrypted-columns.ts';

/**
 * Every column holding envelope-encrypted values (see envelope.ts), with the context each value was
 * encrypted with. `amparo key rotate` re-wraps exactly these: a feature that stores encrypted values adds
 * its column here, using the same context function when it encrypts and decrypts.
 */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** Single-column primary key the context is built from. */
  key: string;
  context: (key: string) => string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    table: 'app_user',
    column: 'totp_secret',
    key: 'id',
    context: (id) => `app_user.totp_secret:${id}`,
  },
  {
    table: 'app_user',
    column: 'totp_pending_secret',
    key: 'id',
    context: (id) => `app_user.totp_pending_secret:${id}`,
  },
  { table: 'key_material', column: 'sealed', key: 'name', context: keyMaterialContext },
  ...CASE_ENCRYPTED_COLUMNS,
  ...ASSESSMENT_PLAN_ENCRYPTED_COLUMNS,
  ...CASE_WORK_ENCRYPTED_COLUMNS,
  ...ATTACHMENT_ENCRYPTED_COLUMNS,
  ...TRACING_ENCRYPTED_COLUMNS,
  ...SHARING_ENCRYPTED_COLUMNS,
];
