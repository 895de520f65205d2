import { sql } from 'kysely';
import { z } from 'zod';
import { changedFields } from '../../platform/audit/audit-writer.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import { validationProblem } from '../../platform/http/problem.ts';
import { hashPassword, passwordProblems } from '../passwords.ts';
import { LOCALES, meSchema, presentMe } from '../profile.ts';
import { confirmPassword } from '../reauthenticate.ts';
import { originOf, requireSession } from '../request.ts';
import { endUserSessions, startSession } from '../sessions.ts';

/** The account's version as an ETag, so a profile edit can state what it was based on (If-Match). */
async function tagVersion(ctx: Context): Promise<number> {
  const { version } = await ctx.db
    .selectFrom('app_user')
    .select('version')
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  setEtag(ctx.reply, version);
  return version;
}

const getMe = defineRoute({
  method: 'GET',
  url: '/api/me',
  summary: 'La cuenta con la que se llama: roles, permisos, verificación en dos pasos, sesión',
  tags: ['me'],
  policy: { self: true },
  allowBeforeTwoFactor: true,
  schema: { response: meSchema },
  handler: async (ctx) => {
    await tagVersion(ctx);
    return presentMe(ctx);
  },
});

const patchMe = defineRoute({
  method: 'PATCH',
  url: '/api/me',
  summary: 'Cambiar el nombre para mostrar o el idioma propios',
  tags: ['me'],
  policy: { self: true },
  schema: {
    body: z.strictObject({
      displayName: z.string().trim().min(1).max(200).optional(),
      locale: z.enum(LOCALES).optional(),
    }),
    response: meSchema,
  },
  handler: async (ctx, { body }) => {
    await requireSession(ctx);
    const current = await ctx.db
      .selectFrom('app_user')
      .select(['display_name', 'locale', 'version'])
      .where('id', '=', ctx.actor.userId)
      .executeTakeFirstOrThrow();
    // If-Match is optional here (only the person edits their own profile); when sent it must be current.
    if (ctx.request.headers['if-match']) requireVersion(ctx.request, current.version);
    const changes = {
      ...(body.displayName !== undefined && { display_name: body.displayName }),
      ...(body.locale !== undefined && { locale: body.locale }),
    };
    const fields = changedFields({ display_name: current.display_name, locale: current.locale }, changes);
    if (fields.length > 0) {
      await ctx.db
        .updateTable('app_user')
        .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
        .where('id', '=', ctx.actor.userId)
        .execute();
      await ctx.audit({
        action: 'me.updated',
        resourceType: 'app_user',
        resourceIds: [ctx.actor.userId],
        details: { fields },
      });
    }
    await tagVersion(ctx);
    return presentMe(ctx);
  },
});

const changePassword = defineRoute({
  method: 'POST',
  url: '/api/me/password',
  summary: 'Cambiar la contraseña propia (cierra las demás sesiones)',
  tags: ['me'],
  policy: { self: true },
  status: 204,
  schema: {
    body: z.strictObject({
      currentPassword: z.string().min(1).max(1024),
      newPassword: z.string().min(1).max(1024),
    }),
  },
  handler: async (ctx, { body }) => {
    const session = await requireSession(ctx);
    const problems = passwordProblems(body.newPassword, 'body.newPassword', ctx.actor.username);
    if (problems.length > 0) throw validationProblem(problems);
    await confirmPassword(ctx, body.currentPassword, 'body.currentPassword');
    await ctx.db
      .updateTable('app_user')
      .set({
        password_hash: await hashPassword(body.newPassword),
        password_changed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', ctx.actor.userId)
      .execute();
    const sessionsEnded = await endUserSessions(
      ctx.db,
      ctx.actor.userId,
      'password_changed',
      session.sessionId,
    );
    await startSession(ctx.db, ctx.services.config, ctx.reply, { id: ctx.actor.userId }, originOf(ctx), {
      fullyAuthenticated: session.fullyAuthenticated,
      replacing: session.sessionId,
    });
    await ctx.audit({
      action: 'me.password_changed',
      resourceType: 'app_user',
      resourceIds: [ctx.actor.userId],
      details: { otherSessionsEnded: sessionsEnded },
    });
    return undefined;
  },
});

export const meRoutes = [getMe, patchMe, changePassword];
