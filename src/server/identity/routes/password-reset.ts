import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import type { KeyedHasher } from '../../platform/crypto/envelope.ts';
import { definePublicRoute } from '../../platform/http/route.ts';
import { ProblemError, validationProblem } from '../../platform/http/problem.ts';
import { findUsableLink } from '../one-time-links.ts';
import { hashPassword, passwordProblems } from '../passwords.ts';
import { auditAs } from '../request.ts';
import { endUserSessions } from '../sessions.ts';
import { clearThrottle, throttleKeys } from '../throttle.ts';

const tokenField = z.string().min(1).max(200);

/** The link and its (active) user, locked for this transaction; 410 otherwise. */
async function usableResetLink(db: Executor, hasher: KeyedHasher, token: string) {
  const link = await findUsableLink(db, hasher, 'password_reset', token);
  const user = link?.user_id
    ? await db
        .selectFrom('app_user')
        .select(['id', 'agency_id', 'username', 'active'])
        .where('id', '=', link.user_id)
        .executeTakeFirst()
    : undefined;
  if (!link || !user?.active) {
    throw new ProblemError(
      'link-expired',
      'El enlace para establecer la contraseña no es válido, ya se usó o venció. Pida uno nuevo a la administración.',
    );
  }
  return { link, user };
}

const check = definePublicRoute({
  method: 'POST',
  url: '/api/auth/password-reset/check',
  summary: 'Comprueba un enlace para establecer la contraseña',
  tags: ['auth'],
  policy: { public: true },
  schema: {
    body: z.strictObject({ token: tokenField }),
    response: z.object({ username: z.string(), expiresAt: z.iso.datetime() }),
  },
  handler: async (ctx, { body }) => {
    const { link, user } = await usableResetLink(ctx.db, ctx.services.hasher, body.token);
    return { username: user.username, expiresAt: link.expires_at.toISOString() };
  },
});

const reset = definePublicRoute({
  method: 'POST',
  url: '/api/auth/password-reset',
  summary: 'Establece una nueva contraseña con un enlace de un solo uso',
  tags: ['auth'],
  policy: { public: true },
  status: 204,
  schema: { body: z.strictObject({ token: tokenField, password: z.string().min(1).max(1024) }) },
  handler: async (ctx, { body }) => {
    const { link, user } = await usableResetLink(ctx.db, ctx.services.hasher, body.token);
    const problems = passwordProblems(body.password, 'body.password', user.username);
    if (problems.length > 0) throw validationProblem(problems);
    await ctx.db
      .updateTable('app_user')
      .set({
        password_hash: await hashPassword(body.password),
        password_changed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', user.id)
      .execute();
    await ctx.db
      .updateTable('one_time_link')
      .set({ used_at: sql`now()` })
      .where('id', '=', link.id)
      .execute();
    const sessionsEnded = await endUserSessions(ctx.db, user.id, 'password_reset');
    // A lockout earned by guessing must not keep the rightful owner out after the reset.
    await clearThrottle(ctx.db, throttleKeys(user.username, ctx.ip).account);
    await auditAs(ctx, user, {
      action: 'auth.password_reset',
      resourceType: 'app_user',
      resourceIds: [user.id],
      details: { linkIssuedBy: link.created_by, sessionsEnded },
    });
    return undefined;
  },
});

export const passwordResetRoutes = [check, reset];
