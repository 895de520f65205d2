import type { Executor } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/rows.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import { scopedStore } from '../scoped-store.ts';
import { nextVersion } from '../shared.ts';
import type { TeamOut } from './schemas.ts';

export const teamColumns = ['id', 'agency_id', 'programme_id', 'name', 'active', 'version'] as const;

export type TeamRow = RowOf<'team', typeof teamColumns>;

type Member = TeamOut['members'][number];

export const presentTeam = (row: TeamRow, members: Member[]): TeamOut => ({
  id: row.id,
  agencyId: row.agency_id,
  programmeId: row.programme_id,
  name: row.name,
  active: row.active,
  version: row.version,
  members,
});

export const { find: findTeam, list: listTeams } = scopedStore({
  from: (db) => db.selectFrom('team'),
  agencyColumn: 'agency_id',
  select: (query) => query.select(teamColumns),
  order: (query) => query.orderBy('name').orderBy('id'),
});

/** Members of each team, by team id. */
export async function membersOf(db: Executor, teamIds: string[]): Promise<Map<string, Member[]>> {
  const byTeam = new Map<string, Member[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom('team_member')
    .innerJoin('app_user', 'app_user.id', 'team_member.user_id')
    .select(['team_member.team_id', 'app_user.id', 'app_user.username', 'app_user.display_name'])
    .where('team_member.team_id', 'in', teamIds)
    .orderBy('app_user.display_name')
    .orderBy('app_user.id')
    .execute();
  for (const row of rows)
    byTeam.get(row.team_id)?.push({ id: row.id, username: row.username, displayName: row.display_name });
  return byTeam;
}

/** Programme and members must belong to the team's agency; adds field errors otherwise. */
export async function checkTeamReferences(
  db: Executor,
  agencyId: string,
  input: { programmeId?: string | null; memberIds?: string[] },
  errors: FieldError[],
): Promise<void> {
  if (input.programmeId) {
    const programme = await db
      .selectFrom('programme')
      .select('id')
      .where('id', '=', input.programmeId)
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    if (!programme)
      errors.push({
        field: 'body.programmeId',
        code: 'unknown_programme',
        message: 'El programa no existe en la agencia del equipo.',
      });
  }
  const memberIds = input.memberIds ?? [];
  if (memberIds.length === 0) return;
  const found = await db
    .selectFrom('app_user')
    .select('id')
    .where('id', 'in', [...new Set(memberIds)])
    .where('agency_id', '=', agencyId)
    .execute();
  const known = new Set(found.map((u) => u.id));
  memberIds.forEach((id, index) => {
    if (!known.has(id))
      errors.push({
        field: `body.memberIds.${index}`,
        code: 'unknown_user',
        message: 'La persona usuaria no existe en la agencia del equipo.',
      });
  });
}

/** Replaces the team's members with the given set. */
export async function setMembers(db: Executor, teamId: string, memberIds: string[]): Promise<void> {
  await db.deleteFrom('team_member').where('team_id', '=', teamId).execute();
  const distinct = [...new Set(memberIds)];
  if (distinct.length > 0)
    await db
      .insertInto('team_member')
      .values(distinct.map((userId) => ({ team_id: teamId, user_id: userId })))
      .execute();
}

/** Records that teams' members changed (through a user's record), so stale copies fail If-Match. */
export async function bumpTeamVersions(db: Executor, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) return;
  await db.updateTable('team').set(nextVersion()).where('id', 'in', teamIds).execute();
}
