import type { Permission } from '../../../core/access/catalogue.ts';
import { endUserSessions } from '../../identity/sessions.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import type { Context } from '../../platform/http/route.ts';
import { deny } from '../shared.ts';
import { holdersOf } from './store.ts';

/** Permissions that make a role administrative: such roles always require two-factor login. */
export const ADMINISTRATIVE_PERMISSIONS: Permission[] = [
  'user:create',
  'user:update',
  'user:deactivate',
  'user:reset_credentials',
  'role:manage',
  'agency:manage',
  'setting:manage',
];

/** Fields whose change alters what holders may do: their sessions end. */
export const PRIVILEGE_FIELDS = [
  'scope',
  'permissions',
  'clearances',
  'requiresTwoFactor',
  'aggregatesOnly',
] as const;

export const distinctSorted = <T extends string>(values: T[]) => [...new Set(values)].sort();

/** Domain rules of a role definition (as it will be after the change). */
export async function checkRoleDefinition(
  ctx: Context,
  role: { key: string; scope: string; permissions: string[]; requiresTwoFactor: boolean },
  errors: FieldError[],
): Promise<void> {
  if (role.scope === 'all' && ctx.grant.scope !== 'all')
    await deny(ctx, 'Solo la administración de toda la instalación define roles de alcance global.');
  const administrative = role.permissions.some((p) => ADMINISTRATIVE_PERMISSIONS.includes(p as Permission));
  if ((role.key === 'system_admin' || administrative) && !role.requiresTwoFactor) {
    errors.push({
      field: 'body.requiresTwoFactor',
      code: 'two_factor_required',
      message: 'Los roles de administración siempre requieren verificación en dos pasos.',
    });
  }
}

/** Ends the sessions of everyone holding the role, except the session making this request. */
export async function endHoldersSessions(ctx: Context, roleId: string): Promise<number> {
  const current = ctx.actor.via.kind === 'session' ? ctx.actor.via.sessionId : undefined;
  let ended = 0;
  for (const userId of await holdersOf(ctx.db, roleId))
    ended += await endUserSessions(ctx.db, userId, 'role_changed', current);
  return ended;
}
