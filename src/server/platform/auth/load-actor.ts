import {
  isPermission,
  SCOPE_RANK,
  type Permission,
  type Scope,
  type SensitivityClass,
} from '../../../core/access/catalogue.ts';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { Actor, Grant } from './actor.ts';

interface RoleRow {
  key: string;
  scope: string;
  permissions: string[];
  clearances: string[];
  requires_two_factor: boolean;
  aggregates_only: boolean;
  programme_id: string | null;
}

/** Combines a user's roles: each permission at the widest scope granted; programme limits merge. */
export function combineGrants(roles: RoleRow[]): Map<Permission, Grant> {
  const grants = new Map<Permission, Grant>();
  for (const role of roles) {
    const scope = role.scope as Scope;
    for (const permission of role.permissions) {
      if (!isPermission(permission)) continue;
      const current = grants.get(permission);
      const programmeIds = role.programme_id ? [role.programme_id] : [];
      if (!current || SCOPE_RANK[scope] > SCOPE_RANK[current.scope]) {
        grants.set(permission, { scope, programmeIds });
      } else if (scope === current.scope && current.programmeIds.length > 0) {
        // an unrestricted role at the same scope lifts the programme limit
        grants.set(permission, {
          scope,
          programmeIds:
            programmeIds.length === 0 ? [] : [...new Set([...current.programmeIds, ...programmeIds])],
        });
      }
    }
  }
  return grants;
}

/**
 * The actor's columns, selectable from any query that joins `app_user`: the user with roles, teams and
 * unexpired emergency accesses.
 */
export const actorColumns = (eb: ExpressionBuilder<Database, 'app_user'>) =>
  [
    'app_user.id',
    'app_user.agency_id',
    'app_user.username',
    'app_user.display_name',
    'app_user.locale',
    'app_user.active',
    'app_user.totp_enabled_at',
    jsonArrayFrom(
      eb
        .selectFrom('user_role')
        .innerJoin('role', 'role.id', 'user_role.role_id')
        .select([
          'role.key',
          'role.scope',
          'role.permissions',
          'role.clearances',
          'role.requires_two_factor',
          'role.aggregates_only',
          'user_role.programme_id',
        ])
        .whereRef('user_role.user_id', '=', 'app_user.id'),
    ).as('roles'),
    eb
      .fn<string[]>('array', [
        eb.selectFrom('team_member').select('team_id').whereRef('team_member.user_id', '=', 'app_user.id'),
      ])
      .as('team_ids'),
    eb
      .fn<string[]>('array', [
        eb
          .selectFrom('emergency_access')
          .select('record_id')
          .whereRef('emergency_access.user_id', '=', 'app_user.id')
          .where('emergency_access.expires_at', '>', sql<Date>`now()`),
      ])
      .as('emergency_record_ids'),
  ] as const;

export interface ActorRow {
  id: string;
  agency_id: string;
  username: string;
  display_name: string;
  locale: string;
  active: boolean;
  totp_enabled_at: Date | null;
  roles: RoleRow[];
  team_ids: string[];
  emergency_record_ids: string[];
}

/** The actor from its row (see actorColumns); undefined for a deactivated user. */
export function actorFrom(
  user: ActorRow | undefined,
  via: Actor['via'],
  tokenScopes?: string[],
): Actor | undefined {
  if (!user?.active) return undefined;
  const { roles } = user;
  let grants = combineGrants(roles);
  if (tokenScopes) {
    const allowed = new Set(tokenScopes);
    grants = new Map([...grants].filter(([permission]) => allowed.has(permission)));
  }
  return {
    userId: user.id,
    agencyId: user.agency_id,
    username: user.username,
    displayName: user.display_name,
    locale: user.locale === 'en' ? 'en' : 'es-GT',
    roleKeys: roles.map((r) => r.key),
    grants,
    clearances: new Set(roles.flatMap((r) => r.clearances as SensitivityClass[])),
    teamIds: user.team_ids,
    emergencyRecordIds: [...new Set(user.emergency_record_ids)],
    aggregatesOnly: roles.length > 0 && roles.every((r) => r.aggregates_only),
    twoFactorEnabled: user.totp_enabled_at !== null,
    twoFactorRequired: roles.some((r) => r.requires_two_factor),
    via,
  };
}

/** One round trip: the user with their roles, teams and emergency accesses aggregated. */
export async function loadActor(
  db: Executor,
  userId: string,
  via: Actor['via'],
  tokenScopes?: string[],
): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('app_user')
    .select(actorColumns)
    .where('app_user.id', '=', userId)
    .executeTakeFirst();
  return actorFrom(user, via, tokenScopes);
}
