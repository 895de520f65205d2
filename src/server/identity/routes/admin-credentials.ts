import { z } from 'zod';
import type { Context } from '../../platform/http/route.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { notFound, ProblemError } from '../../platform/http/problem.ts';
import { scopedAgency } from '../../platform/policy/authorize.ts';
import { issuePasswordResetLink, passwordLinkPath } from '../one-time-links.ts';
import { endUserSessions } from '../sessions.ts';
import { resetTwoFactor } from '../two-factor.ts';

const params = z.object({ id: z.uuid() });

/** The target account, if the administrator's scope reaches it; 404 otherwise (existence is not revealed). */
async function targetUser(ctx: Context, id: string) {
  const agency = scopedAgency(ctx.scope);
  let query = ctx.db.selectFrom('app_user').select(['id', 'active']).where('id', '=', id);
  if (agency) query = query.where('agency_id', '=', agency);
  const user = await query.forUpdate().executeTakeFirst();
  if (!user) throw notFound('El usuario');
  return user;
}

const issueLink = defineRoute({
  method: 'POST',
  url: '/api/users/:id/password-reset-link',
  summary: 'Emitir un enlace de un solo uso para que la persona establezca su contraseña',
  tags: ['users', 'credentials'],
  policy: { permission: 'user:reset_credentials' },
  status: 201,
  schema: {
    params,
    response: z.object({
      /** Path of the web screen, to hand over to the person (the token travels in the fragment). */
      url: z.string(),
      expiresAt: z.iso.datetime(),
    }),
  },
  handler: async (ctx, { params: { id } }) => {
    const user = await targetUser(ctx, id);
    if (!user.active) {
      throw new ProblemError('conflict', 'La cuenta está desactivada; reactívela antes de emitir un enlace.');
    }
    const { token, expiresAt } = await issuePasswordResetLink(
      ctx.db,
      ctx.services.hasher,
      user.id,
      ctx.actor.userId,
    );
    const sessionsEnded = await endUserSessions(ctx.db, user.id, 'password_reset_link_issued');
    await ctx.audit({
      action: 'user.password_reset_link_issued',
      resourceType: 'app_user',
      resourceIds: [user.id],
      details: { expiresAt: expiresAt.toISOString(), sessionsEnded },
    });
    return { url: passwordLinkPath(token), expiresAt: expiresAt.toISOString() };
  },
});

const resetSecondFactor = defineRoute({
  method: 'POST',
  url: '/api/users/:id/two-factor/reset',
  summary: 'Restablecer la verificación en dos pasos de una persona (teléfono perdido)',
  tags: ['users', 'credentials'],
  policy: { permission: 'user:reset_credentials' },
  status: 204,
  schema: { params },
  handler: async (ctx, { params: { id } }) => {
    const user = await targetUser(ctx, id);
    const { sessionsEnded } = await resetTwoFactor(ctx.db, user.id);
    await ctx.audit({
      action: 'user.two_factor_reset',
      resourceType: 'app_user',
      resourceIds: [user.id],
      details: { sessionsEnded },
    });
    return undefined;
  },
});

export const adminCredentialRoutes = [issueLink, resetSecondFactor];
