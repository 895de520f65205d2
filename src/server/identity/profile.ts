import { z } from 'zod';
import { together } from '../platform/db/together.ts';
import type { Context } from '../platform/http/route.ts';
import { isTwoFactorRequired } from './two-factor.ts';

export const LOCALES = ['es-GT', 'en'] as const;

export const meSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(LOCALES),
  agency: z.object({ id: z.uuid(), name: z.string() }),
  roles: z.array(
    z.object({ key: z.string(), nameEs: z.string(), nameEn: z.string(), programmeId: z.uuid().nullable() }),
  ),
  /** What this request may do: for a token, only the permissions among its scopes. */
  permissions: z.array(z.string()),
  clearances: z.array(z.string()),
  twoFactor: z.object({ enabled: z.boolean(), required: z.boolean() }),
  /** False while the session still has to enrol two-factor login. */
  fullyAuthenticated: z.boolean(),
  /** The token to send as X-CSRF-Token with state-changing requests; null when calling with an API token. */
  csrfToken: z.string().nullable(),
  /** The session's absolute end (it also ends after the idle timeout); null for an API token. */
  sessionExpiresAt: z.iso.datetime().nullable(),
});

export type Me = z.output<typeof meSchema>;

/** The caller's own account as of now (read in the request's transaction, so after any change it made). */
export async function presentMe(ctx: Context): Promise<Me> {
  const { actor } = ctx;
  const [[user], roles, [session]] = await together(ctx.db, [
    ctx.db
      .selectFrom('app_user')
      .innerJoin('agency', 'agency.id', 'app_user.agency_id')
      .select([
        'app_user.id',
        'app_user.username',
        'app_user.display_name',
        'app_user.locale',
        'app_user.totp_enabled_at',
        'agency.id as agency_id',
        'agency.name as agency_name',
      ])
      .where('app_user.id', '=', actor.userId),
    ctx.db
      .selectFrom('user_role')
      .innerJoin('role', 'role.id', 'user_role.role_id')
      .select([
        'role.key',
        'role.name_es',
        'role.name_en',
        'role.requires_two_factor',
        'user_role.programme_id',
      ])
      .where('user_role.user_id', '=', actor.userId)
      .orderBy('role.key'),
    actor.via.kind === 'session'
      ? ctx.db.selectFrom('user_session').select('expires_at').where('id', '=', actor.via.sessionId)
      : undefined,
  ]);
  if (!user) throw new Error('presentMe: the signed-in user has no row');
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    locale: user.locale === 'en' ? 'en' : 'es-GT',
    agency: { id: user.agency_id, name: user.agency_name },
    roles: roles.map((r) => ({
      key: r.key,
      nameEs: r.name_es,
      nameEn: r.name_en,
      programmeId: r.programme_id,
    })),
    permissions: [...actor.grants.keys()].sort(),
    clearances: [...actor.clearances].sort(),
    twoFactor: { enabled: user.totp_enabled_at !== null, required: isTwoFactorRequired(roles) },
    fullyAuthenticated: actor.via.kind === 'token' || actor.via.fullyAuthenticated,
    csrfToken: actor.via.kind === 'session' ? actor.via.csrfToken : null,
    sessionExpiresAt: session ? session.expires_at.toISOString() : null,
  };
}
