import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/rows.ts';
import { scopedStore } from '../scoped-store.ts';
import { isoOrNull, likePattern, nextVersion } from '../shared.ts';
import type { UserOut } from './schemas.ts';

/** Never the password hash nor anything of two-factor login but whether it is on. */
const userColumns = [
  'id',
  'username',
  'display_name',
  'agency_id',
  'locale',
  'active',
  'deactivated_at',
  'totp_enabled_at',
  'created_at',
  'version',
] as const;

export type UserRow = RowOf<'app_user', typeof userColumns>;

export type RoleHeld = UserOut['roles'][number];

export const presentUser = (row: UserRow, roles: RoleHeld[], teamIds: string[]): UserOut => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  agencyId: row.agency_id,
  locale: row.locale === 'en' ? 'en' : 'es-GT',
  active: row.active,
  deactivatedAt: isoOrNull(row.deactivated_at),
  twoFactorEnabled: row.totp_enabled_at !== null,
  roles,
  teamIds,
  createdAt: row.created_at.toISOString(),
  version: row.version,
});

export const { find: findUser, list: listUsers } = scopedStore({
  from: (db) => db.selectFrom('app_user'),
  agencyColumn: 'agency_id',
  select: (query) => query.select(userColumns),
  order: (query) => query.orderBy(sql`lower(app_user.display_name)`).orderBy('id'),
  /** Part of the username or display name; case and accents are ignored. */
  search: (query, term) => {
    const pattern = sql<string>`unaccent(${likePattern(term)})`;
    return query.where((eb) =>
      eb.or([
        eb(sql<string>`unaccent(app_user.username)`, 'ilike', pattern),
        eb(sql<string>`unaccent(app_user.display_name)`, 'ilike', pattern),
      ]),
    );
  },
});

/** Roles held by each user (key and programme), by user id. */
export async function rolesOf(db: Executor, userIds: string[]): Promise<Map<string, RoleHeld[]>> {
  const byUser = new Map<string, RoleHeld[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_role')
    .innerJoin('role', 'role.id', 'user_role.role_id')
    .select(['user_role.user_id', 'role.key', 'user_role.programme_id'])
    .where('user_role.user_id', 'in', userIds)
    .orderBy('role.key')
    .orderBy('user_role.programme_id')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push({ key: row.key, programmeId: row.programme_id });
  return byUser;
}

/** Teams each user belongs to, by user id. */
export async function teamsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('team_member')
    .select(['user_id', 'team_id'])
    .where('user_id', 'in', userIds)
    .orderBy('team_id')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push(row.team_id);
  return byUser;
}

export async function presentUsers(db: Executor, rows: UserRow[]): Promise<UserOut[]> {
  const ids = rows.map((r) => r.id);
  const [roles, teams] = await Promise.all([rolesOf(db, ids), teamsOf(db, ids)]);
  return rows.map((row) => presentUser(row, roles.get(row.id) ?? [], teams.get(row.id) ?? []));
}

/** Records that some users' team memberships changed, so stale copies of those users fail If-Match. */
export async function bumpUserVersions(db: Executor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.updateTable('app_user').set(nextVersion()).where('id', 'in', userIds).execute();
}
