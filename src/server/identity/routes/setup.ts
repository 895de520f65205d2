import { sql } from 'kysely';
import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../../core/access/catalogue.ts';
import { createUserAccount } from '../../admin/users/accounts.ts';
import { definePublicRoute } from '../../platform/http/route.ts';
import { ProblemError, validationProblem } from '../../platform/http/problem.ts';
import { findUsableLink } from '../one-time-links.ts';
import { hashPassword, passwordProblems } from '../passwords.ts';
import { LOCALES } from '../profile.ts';
import { auditAs, originOf } from '../request.ts';
import { startSession } from '../sessions.ts';
import { sessionStarted } from './login.ts';

const userCount = async (db: Parameters<typeof findUsableLink>[0]) =>
  (
    await db
      .selectFrom('app_user')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

const status = definePublicRoute({
  method: 'GET',
  url: '/api/setup/status',
  summary: 'Indica si falta la puesta en marcha (todavía no existe ninguna cuenta)',
  tags: ['setup'],
  policy: { public: true },
  schema: { response: z.object({ needsSetup: z.boolean() }) },
  handler: async (ctx) => ({ needsSetup: (await userCount(ctx.db)) === 0 }),
});

const setup = definePublicRoute({
  method: 'POST',
  url: '/api/setup',
  summary: 'Primera puesta en marcha: crea la agencia y la primera cuenta de administración',
  tags: ['setup'],
  policy: { public: true },
  status: 201,
  schema: {
    body: z.strictObject({
      /** The token of the one-time setup link printed on the console at first start. */
      token: z.string().min(1).max(200),
      agencyName: z.string().trim().min(1).max(200),
      agencyType: z.enum(ORGANISATION_TYPES).default('NGO'),
      username: z.string().trim().toLowerCase().min(1).max(64),
      displayName: z.string().trim().min(1).max(200),
      password: z.string().min(1).max(1024),
      locale: z.enum(LOCALES).default('es-GT'),
    }),
    response: sessionStarted.extend({ twoFactorEnrolmentRequired: z.literal(true) }),
  },
  handler: async (ctx, { body }) => {
    const { hasher, config } = ctx.services;
    if ((await userCount(ctx.db)) > 0) {
      throw new ProblemError('conflict', 'Amparo ya está configurado; inicie sesión.');
    }
    const link = await findUsableLink(ctx.db, hasher, 'setup', body.token);
    if (!link) {
      throw new ProblemError(
        'link-expired',
        'El enlace de puesta en marcha no es válido o ya venció; reinicie el servidor para obtener uno nuevo.',
      );
    }
    const problems = passwordProblems(body.password, 'body.password', body.username);
    if (problems.length > 0) throw validationProblem(problems);

    const agency = await ctx.db
      .insertInto('agency')
      .values({ name: body.agencyName, org_type: body.agencyType })
      .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!agency) {
      const detail = 'Ya existe una agencia con ese nombre.';
      throw new ProblemError('conflict', detail, {
        errors: [{ field: 'body.agencyName', code: 'taken', message: detail }],
      });
    }
    const user = await createUserAccount(ctx.db, {
      agencyId: agency.id,
      username: body.username,
      displayName: body.displayName,
      locale: body.locale,
      roles: [{ key: 'system_admin' }],
      passwordHash: await hashPassword(body.password),
      grantedBy: null,
    });
    await ctx.db
      .updateTable('one_time_link')
      .set({ used_at: sql`now()`, user_id: user.id })
      .where('id', '=', link.id)
      .execute();
    // The administrator must enrol two-factor login before anything else.
    const session = await startSession(ctx.db, config, ctx.reply, user, originOf(ctx), {
      fullyAuthenticated: false,
    });
    await auditAs(
      ctx,
      { id: user.id, agency_id: agency.id },
      {
        action: 'setup.completed',
        resourceType: 'app_user',
        resourceIds: [user.id, agency.id],
        details: { agencyId: agency.id, agencyType: body.agencyType, role: 'system_admin' },
      },
    );
    return { csrfToken: session.csrfToken, twoFactorEnrolmentRequired: true as const };
  },
});

export const setupRoutes = [status, setup];
