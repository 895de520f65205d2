import type { MessageKey, MessageValues } from '../i18n/i18n.ts';

/** The same minimum as the server's policy (src/server/identity/passwords.ts); the server has the last word. */
export const MIN_PASSWORD_LENGTH = 12;

/** Checks a new password and its confirmation before sending, in the user's language. */
export function passwordErrors(
  t: (key: MessageKey, values?: MessageValues) => string,
  password: string,
  confirmation: string,
  passwordField: string,
  confirmationField: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!password) errors[passwordField] = t('common.password.required');
  else if (password.length < MIN_PASSWORD_LENGTH)
    errors[passwordField] = t('common.field.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (password && confirmation !== password) errors[confirmationField] = t('common.password.mismatch');
  return errors;
}
