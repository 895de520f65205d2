import { sql, type ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, Executor } from '../../platform/db/database.ts';
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

/** The roles (key and programme) and teams a user holds, selected with the user. */
const heldColumns = (eb: ExpressionBuilder<Database, 'app_user'>) =>
  [
    jsonArrayFrom(
      eb
        .selectFrom('user_role')
        .innerJoin('role', 'role.id', 'user_role.role_id')
        .select(['role.key', 'user_role.programme_id as programmeId'])
        .whereRef('user_role.user_id', '=', 'app_user.id')
        .orderBy('role.key')
        .orderBy('user_role.programme_id'),
    ).as('roles'),
    eb
      .fn<string[]>('array', [
        eb
          .selectFrom('team_member')
          .select('team_id')
          .whereRef('team_member.user_id', '=', 'app_user.id')
          .orderBy('team_id'),
      ])
      .as('team_ids'),
  ] as const;

export type UserRow = RowOf<'app_user', typeof userColumns> & { roles: RoleHeld[]; team_ids: string[] };

export type RoleHeld = UserOut['roles'][number];

export const presentUser = (row: UserRow): UserOut => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  agencyId: row.agency_id,
  locale: row.locale === 'en' ? 'en' : 'es-GT',
  active: row.active,
  deactivatedAt: isoOrNull(row.deactivated_at),
  twoFactorEnabled: row.totp_enabled_at !== null,
  roles: row.roles,
  teamIds: row.team_ids,
  createdAt: row.created_at.toISOString(),
  version: row.version,
});

export const { find: findUser, list: listUsers } = scopedStore({
  from: (db) => db.selectFrom('app_user'),
  agencyColumn: 'agency_id',
  select: (query) => query.select(userColumns).select(heldColumns),
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

/** Records that some users' team memberships changed, so stale copies of those users fail If-Match. */
export async function bumpUserVersions(db: Executor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.updateTable('app_user').set(nextVersion()).where('id', 'in', userIds).execute();
}
