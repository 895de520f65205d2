import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Envelope, KeyedHasher } from '../platform/crypto/envelope.ts';
import { endUserSessions } from './sessions.ts';
import { looksLikeTotpCode, newRecoveryCodes, recoveryCodeHash, totpStep } from './totp.ts';

/** The role that always needs two-factor login, whatever its row says. */
const ADMIN_ROLE = 'system_admin';

export const secretContext = (userId: string) => `app_user.totp_secret:${userId}`;
export const pendingSecretContext = (userId: string) => `app_user.totp_pending_secret:${userId}`;

export const isTwoFactorRequired = (roles: Array<{ key: string; requires_two_factor: boolean }>) =>
  roles.some((role) => role.requires_two_factor || role.key === ADMIN_ROLE);

/** Whether any role of the user demands two-factor login. */
export async function twoFactorRequiredFor(db: Executor, userId: string): Promise<boolean> {
  const roles = await db
    .selectFrom('user_role')
    .innerJoin('role', 'role.id', 'user_role.role_id')
    .select(['role.key', 'role.requires_two_factor'])
    .where('user_role.user_id', '=', userId)
    .execute();
  return isTwoFactorRequired(roles);
}

export interface SecondFactorUser {
  id: string;
  totp_secret: Buffer | null;
  totp_last_step: number | null;
}

/**
 * Checks a TOTP code or a recovery code and consumes it: a TOTP step is accepted once, a recovery code is
 * removed. Both updates are conditional, so two concurrent requests cannot use the same code.
 */
export async function consumeSecondFactor(
  db: Executor,
  services: { envelope: Envelope; hasher: KeyedHasher },
  user: SecondFactorUser,
  code: string,
): Promise<'totp' | 'recovery_code' | undefined> {
  if (looksLikeTotpCode(code)) {
    if (!user.totp_secret) return undefined;
    const secret = services.envelope.decryptText(user.totp_secret, secretContext(user.id));
    const step = totpStep(secret, code);
    if (step === undefined) return undefined;
    const accepted = await db
      .updateTable('app_user')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(accepted.numUpdatedRows) === 1 ? 'totp' : undefined;
  }
  const hash = recoveryCodeHash(services.hasher, user.id, code);
  const used = await db
    .updateTable('app_user')
    .set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${hash})` })
    .where('id', '=', user.id)
    .where(sql<boolean>`${hash} = ANY(recovery_code_hashes)`)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? 'recovery_code' : undefined;
}

/** New recovery codes replace all earlier ones; returns the codes to show once. */
export async function replaceRecoveryCodes(db: Executor, hasher: KeyedHasher, userId: string) {
  const codes = newRecoveryCodes();
  await db
    .updateTable('app_user')
    .set({
      recovery_code_hashes: codes.map((code) => recoveryCodeHash(hasher, userId, code)),
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .execute();
  return codes;
}

/** Turns two-factor login off for the user: secret, pending secret and recovery codes are gone. */
export async function clearTwoFactor(db: Executor, userId: string): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      recovery_code_hashes: [],
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .execute();
}

/**
 * An administrator's reset of a user's two-factor login (API and `amparo user reset-2fa`): clears it and
 * ends the user's sessions, so the next login starts a new enrolment where a role requires it. Returns
 * false when there is no such user. The caller writes the audit event.
 */
export async function resetTwoFactor(
  db: Executor,
  userId: string,
): Promise<{ found: boolean; sessionsEnded: number }> {
  const user = await db.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) return { found: false, sessionsEnded: 0 };
  await clearTwoFactor(db, userId);
  const sessionsEnded = await endUserSessions(db, userId, 'two_factor_reset');
  return { found: true, sessionsEnded };
}
