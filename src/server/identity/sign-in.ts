import { SESSION_COOKIE, sessionIdOf } from '../platform/auth/authenticate.ts';
import { ProblemError } from '../platform/http/problem.ts';
import type { PublicContext } from '../platform/http/route.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { auditAs, originOf } from './request.ts';
import { endSession, startSession } from './sessions.ts';
import {
  clearThrottle,
  failureDelayMs,
  lockedFor,
  recordFailure,
  throttleKeys,
  tooManyAttempts,
  type ThrottleKeys,
} from './throttle.ts';
import { consumeSecondFactor, twoFactorRequiredFor } from './two-factor.ts';

export interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

const INVALID_CREDENTIALS = 'Usuario o contraseña incorrectos.';
const SECOND_FACTOR_NEEDED =
  'Escriba el código de seis dígitos de su aplicación de verificación o uno de sus códigos de recuperación.';
const SECOND_FACTOR_REJECTED =
  'El código no es válido o ya se usó; escriba el código que muestra ahora su aplicación.';

export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Password (+ second factor) → a new session. Unknown usernames, wrong passwords and deactivated accounts
 * fail alike, in the same time; every failure is counted, audited and committed.
 */
export async function signIn(ctx: PublicContext, credentials: Credentials) {
  const username = normaliseUsername(credentials.username);
  const keys = throttleKeys(username, ctx.ip);
  const retryAfter = await lockedFor(ctx.db, [keys.account, keys.address]);
  if (retryAfter !== undefined) {
    await ctx.audit({
      action: 'auth.login_failed',
      outcome: 'failure',
      details: { username, reason: 'locked_out' },
    });
    throw tooManyAttempts(retryAfter);
  }

  const user = await ctx.db
    .selectFrom('app_user')
    .select([
      'id',
      'agency_id',
      'password_hash',
      'active',
      'totp_secret',
      'totp_enabled_at',
      'totp_last_step',
    ])
    .where('username', '=', username)
    .executeTakeFirst();
  const passwordOk = user?.password_hash
    ? await verifyPassword(user.password_hash, credentials.password)
    : await verifyAgainstNothing(credentials.password);
  if (!user || !passwordOk || !user.active) {
    const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'inactive';
    return fail(ctx, keys, username, user?.id, reason, 'invalid-credentials', INVALID_CREDENTIALS);
  }

  let method: 'password' | 'totp' | 'recovery_code' = 'password';
  if (user.totp_enabled_at) {
    if (!credentials.totp) throw new ProblemError('two-factor-required', SECOND_FACTOR_NEEDED);
    const used = await consumeSecondFactor(ctx.db, ctx.services, user, credentials.totp);
    if (!used) {
      return fail(
        ctx,
        keys,
        username,
        user.id,
        'invalid_second_factor',
        'two-factor-required',
        SECOND_FACTOR_REJECTED,
      );
    }
    method = used;
  }

  await clearThrottle(ctx.db, keys.account);
  const previous = ctx.request.cookies[SESSION_COOKIE];
  if (previous) await endSession(ctx.db, sessionIdOf(previous), 'replaced_by_login');
  const enrolmentRequired = !user.totp_enabled_at && (await twoFactorRequiredFor(ctx.db, user.id));
  const session = await startSession(ctx.db, ctx.services.config, ctx.reply, user, originOf(ctx), {
    fullyAuthenticated: !enrolmentRequired,
  });
  const remaining =
    method === 'recovery_code'
      ? (
          await ctx.db
            .selectFrom('app_user')
            .select('recovery_code_hashes')
            .where('id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).recovery_code_hashes.length
      : undefined;
  await auditAs(ctx, user, {
    action: 'auth.login',
    resourceType: 'app_user',
    resourceIds: [user.id],
    details: {
      method,
      twoFactorEnrolmentRequired: enrolmentRequired,
      ...(remaining !== undefined && { recoveryCodesLeft: remaining }),
    },
  });
  return { csrfToken: session.csrfToken, twoFactorEnrolmentRequired: enrolmentRequired };
}

async function fail(
  ctx: PublicContext,
  keys: ThrottleKeys,
  username: string,
  userId: string | undefined,
  reason: string,
  type: 'invalid-credentials' | 'two-factor-required',
  detail: string,
): Promise<never> {
  const outcome = await recordFailure(ctx.db, ctx.services.config, keys);
  await ctx.audit({
    action: 'auth.login_failed',
    outcome: 'failure',
    ...(userId && { resourceType: 'app_user', resourceIds: [userId] }),
    details: { username, reason },
  });
  for (const lock of outcome.lockedNow) {
    await ctx.audit({
      action: 'auth.locked_out',
      outcome: 'failure',
      ...(userId && lock.key === keys.account && { resourceType: 'app_user', resourceIds: [userId] }),
      details: {
        username,
        scope: lock.key === keys.account ? 'account' : 'address',
        failures: lock.failures,
        lockedUntil: lock.until.toISOString(),
      },
    });
  }
  throw new ProblemError(type, detail, {
    commit: true,
    delayMs: failureDelayMs(outcome.accountFailures),
    // A rejected code (as opposed to a missing one) is named, so the form can mark the field.
    ...(type === 'two-factor-required' && {
      errors: [{ field: 'body.totp', code: 'incorrect', message: detail }],
    }),
  });
}
