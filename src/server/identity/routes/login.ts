import { z } from 'zod';
import { defineRoute, definePublicRoute } from '../../platform/http/route.ts';
import { requireSession } from '../request.ts';
import { clearSessionCookie, endSession } from '../sessions.ts';
import { signIn } from '../sign-in.ts';

export const sessionStarted = z.object({
  /** Send it as X-CSRF-Token with every state-changing request of this session. */
  csrfToken: z.string(),
  /** True: the session may only enrol two-factor login (and read /api/me, log out) until confirmed. */
  twoFactorEnrolmentRequired: z.boolean(),
});

const login = definePublicRoute({
  method: 'POST',
  url: '/api/auth/login',
  summary: 'Iniciar sesión (usuario, contraseña y, si está activa, verificación en dos pasos)',
  tags: ['auth'],
  policy: { public: true },
  schema: {
    body: z.strictObject({
      username: z.string().min(1).max(200),
      password: z.string().min(1).max(1024),
      /** A 6-digit code of the authenticator app, or one recovery code. */
      totp: z.string().min(1).max(64).optional(),
    }),
    response: sessionStarted,
  },
  handler: async (ctx, { body }) => signIn(ctx, body),
});

const logout = defineRoute({
  method: 'POST',
  url: '/api/auth/logout',
  summary: 'Cerrar esta sesión',
  tags: ['auth'],
  policy: { self: true },
  allowBeforeTwoFactor: true,
  status: 204,
  schema: {},
  handler: async (ctx) => {
    const session = await requireSession(ctx);
    await endSession(ctx.db, session.sessionId, 'logout');
    clearSessionCookie(ctx.reply, ctx.services.config);
    await ctx.audit({ action: 'auth.logout', resourceType: 'app_user', resourceIds: [ctx.actor.userId] });
    return undefined;
  },
});

export const loginRoutes = [login, logout];
