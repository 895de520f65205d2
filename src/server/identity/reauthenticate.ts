import { ProblemError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';
import { verifyPassword } from './passwords.ts';
import { failureDelayMs, lockedFor, recordFailure, throttleKeys, tooManyAttempts } from './throttle.ts';
import { consumeSecondFactor } from './two-factor.ts';

/**
 * Sensitive changes to one's own account ask for the password or a code again. Wrong answers count
 * towards the same lockout as failed logins, so a stolen session cannot be used to guess them.
 */
async function guarded(
  ctx: Context,
  field: string,
  message: string,
  check: () => Promise<boolean>,
): Promise<void> {
  const keys = throttleKeys(ctx.actor.username, ctx.ip);
  const retryAfter = await lockedFor(ctx.db, [keys.account, keys.address]);
  if (retryAfter !== undefined) throw tooManyAttempts(retryAfter);
  if (await check()) return;
  const outcome = await recordFailure(ctx.db, ctx.services.config, keys);
  await ctx.audit({
    action: 'me.reauthentication_failed',
    outcome: 'failure',
    resourceType: 'app_user',
    resourceIds: [ctx.actor.userId],
    details: { field },
  });
  for (const lock of outcome.lockedNow) {
    await ctx.audit({
      action: 'auth.locked_out',
      outcome: 'failure',
      resourceType: 'app_user',
      resourceIds: [ctx.actor.userId],
      details: {
        username: ctx.actor.username,
        scope: lock.key === keys.account ? 'account' : 'address',
        failures: lock.failures,
        lockedUntil: lock.until.toISOString(),
      },
    });
  }
  throw new ProblemError('validation', message, {
    errors: [{ field, code: 'incorrect', message }],
    commit: true,
    delayMs: failureDelayMs(outcome.accountFailures),
  });
}

export async function confirmPassword(ctx: Context, password: string, field: string): Promise<void> {
  await guarded(ctx, field, 'La contraseña no es correcta.', async () => {
    const user = await ctx.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', ctx.actor.userId)
      .executeTakeFirstOrThrow();
    return verifyPassword(user.password_hash, password);
  });
}

/** A TOTP code or a recovery code of the user's active two-factor login; consumed when right. */
export async function confirmSecondFactor(ctx: Context, code: string, field: string): Promise<void> {
  await guarded(ctx, field, 'El código no es correcto.', async () => {
    const user = await ctx.db
      .selectFrom('app_user')
      .select(['id', 'totp_secret', 'totp_last_step'])
      .where('id', '=', ctx.actor.userId)
      .executeTakeFirstOrThrow();
    return (await consumeSecondFactor(ctx.db, ctx.services, user, code)) !== undefined;
  });
}
