import { sql } from 'kysely';
import { z } from 'zod';
import type { Context } from '../../platform/http/route.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { ProblemError } from '../../platform/http/problem.ts';
import { confirmPassword, confirmSecondFactor } from '../reauthenticate.ts';
import { originOf, refuse, requireSession } from '../request.ts';
import { endUserSessions, startSession } from '../sessions.ts';
import { enrolmentMaterial, newTotpSecret, totpStep } from '../totp.ts';
import {
  clearTwoFactor,
  pendingSecretContext,
  replaceRecoveryCodes,
  secretContext,
  twoFactorRequiredFor,
} from '../two-factor.ts';

const codeField = z.string().trim().min(1).max(64);
const recoveryCodes = z.array(z.string()).describe('Se muestran una sola vez; guárdelos en un lugar seguro.');

const twoFactorState = (ctx: Context) =>
  ctx.db
    .selectFrom('app_user')
    .select(['id', 'username', 'totp_enabled_at', 'totp_pending_secret'])
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();

const enrol = defineRoute({
  method: 'POST',
  url: '/api/me/two-factor/enrolment',
  summary: 'Empezar a activar la verificación en dos pasos: secreto y código QR para la aplicación',
  tags: ['me', 'two-factor'],
  policy: { self: true },
  allowBeforeTwoFactor: true,
  schema: {
    response: z.object({
      secret: z.string().describe('Base32, para escribirlo a mano si no se puede leer el QR'),
      otpauthUri: z.string(),
      qrSvg: z.string(),
    }),
  },
  handler: async (ctx) => {
    const session = await requireSession(ctx);
    const user = await twoFactorState(ctx);
    // Replacing an active second factor (new phone) needs a session that has passed it.
    if (user.totp_enabled_at && !session.fullyAuthenticated) {
      await refuse(ctx, 'Debe iniciar sesión con su código actual para cambiar de aplicación.');
    }
    const secret = newTotpSecret();
    await ctx.db
      .updateTable('app_user')
      .set({ totp_pending_secret: ctx.services.envelope.encrypt(secret, pendingSecretContext(user.id)) })
      .where('id', '=', user.id)
      .execute();
    await ctx.audit({
      action: 'me.two_factor_enrolment_started',
      resourceType: 'app_user',
      resourceIds: [user.id],
    });
    return enrolmentMaterial(secret, user.username);
  },
});

const confirm = defineRoute({
  method: 'POST',
  url: '/api/me/two-factor/confirm',
  summary: 'Confirmar la verificación en dos pasos con un código de la aplicación',
  tags: ['me', 'two-factor'],
  policy: { self: true },
  allowBeforeTwoFactor: true,
  schema: {
    body: z.strictObject({ code: codeField }),
    response: z.object({ recoveryCodes, csrfToken: z.string() }),
  },
  handler: async (ctx, { body }) => {
    const session = await requireSession(ctx);
    const user = await twoFactorState(ctx);
    if (!user.totp_pending_secret) {
      throw new ProblemError('conflict', 'Primero inicie la activación para obtener el código QR.');
    }
    const secret = ctx.services.envelope.decryptText(user.totp_pending_secret, pendingSecretContext(user.id));
    const step = totpStep(secret, body.code);
    if (step === undefined) {
      const message = 'El código no coincide; revise la hora del teléfono y escriba el código actual.';
      throw new ProblemError('validation', message, {
        errors: [{ field: 'body.code', code: 'incorrect', message }],
      });
    }
    await ctx.db
      .updateTable('app_user')
      .set({
        totp_secret: ctx.services.envelope.encrypt(secret, secretContext(user.id)),
        totp_pending_secret: null,
        totp_enabled_at: sql`now()`,
        totp_last_step: step,
      })
      .where('id', '=', user.id)
      .execute();
    const codes = await replaceRecoveryCodes(ctx.db, ctx.services.hasher, user.id);
    // Sessions opened with the password alone must not outlive the new requirement.
    const otherSessionsEnded = await endUserSessions(
      ctx.db,
      user.id,
      'two_factor_enabled',
      session.sessionId,
    );
    const next = await startSession(ctx.db, ctx.services.config, ctx.reply, { id: user.id }, originOf(ctx), {
      fullyAuthenticated: true,
      replacing: session.sessionId,
    });
    await ctx.audit({
      action: 'me.two_factor_enabled',
      resourceType: 'app_user',
      resourceIds: [user.id],
      details: { replacedEarlier: user.totp_enabled_at !== null, otherSessionsEnded },
    });
    return { recoveryCodes: codes, csrfToken: next.csrfToken };
  },
});

const disable = defineRoute({
  method: 'DELETE',
  url: '/api/me/two-factor',
  summary: 'Desactivar la verificación en dos pasos propia (no si un rol la exige)',
  tags: ['me', 'two-factor'],
  policy: { self: true },
  status: 204,
  schema: { body: z.strictObject({ password: z.string().min(1).max(1024) }) },
  handler: async (ctx, { body }) => {
    await requireSession(ctx);
    if (await twoFactorRequiredFor(ctx.db, ctx.actor.userId)) {
      await refuse(ctx, 'Uno de sus roles exige la verificación en dos pasos; no puede desactivarla.');
    }
    await confirmPassword(ctx, body.password, 'body.password');
    await clearTwoFactor(ctx.db, ctx.actor.userId);
    await ctx.audit({
      action: 'me.two_factor_disabled',
      resourceType: 'app_user',
      resourceIds: [ctx.actor.userId],
    });
    return undefined;
  },
});

const regenerate = defineRoute({
  method: 'POST',
  url: '/api/me/two-factor/recovery-codes',
  summary: 'Generar códigos de recuperación nuevos (los anteriores dejan de servir)',
  tags: ['me', 'two-factor'],
  policy: { self: true },
  schema: { body: z.strictObject({ code: codeField }), response: z.object({ recoveryCodes }) },
  handler: async (ctx, { body }) => {
    await requireSession(ctx);
    const user = await twoFactorState(ctx);
    if (!user.totp_enabled_at) {
      throw new ProblemError('conflict', 'La verificación en dos pasos no está activa.');
    }
    await confirmSecondFactor(ctx, body.code, 'body.code');
    const codes = await replaceRecoveryCodes(ctx.db, ctx.services.hasher, user.id);
    await ctx.audit({
      action: 'me.recovery_codes_regenerated',
      resourceType: 'app_user',
      resourceIds: [user.id],
    });
    return { recoveryCodes: codes };
  },
});

export const twoFactorRoutes = [enrol, confirm, disable, regenerate];
