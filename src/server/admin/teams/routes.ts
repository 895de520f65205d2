import { changedFields } from '../../platform/audit/audit-writer.ts';
import { givenColumns } from '../../platform/db/rows.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import type { Context } from '../../platform/http/route.ts';
import { createRoute, getRoute, listRoute, updateRoute, type AdminRecord } from '../records.ts';
import { deny, nextVersion, targetAgency, throwIfAny, unlessTaken } from '../shared.ts';
import { bumpUserVersions } from '../users/store.ts';
import { createTeamBody, teamListQuery, teamSchema, updateTeamBody, type TeamOut } from './schemas.ts';
import {
  checkTeamReferences,
  findTeam,
  listTeams,
  membersOf,
  presentTeam,
  setMembers,
  teamColumns,
  type TeamRow,
} from './store.ts';

const NAME_TAKEN = 'La agencia ya tiene un equipo con ese nombre.';
const OWN_MEMBERSHIP =
  'No puede cambiar su propia pertenencia a equipos; otra persona administradora debe hacerlo.';

const team: AdminRecord<TeamRow, TeamOut> = {
  resourceType: 'team',
  url: '/api/teams',
  label: 'El equipo',
  schema: teamSchema,
  find: findTeam,
  present: async (ctx, rows) => {
    const members = await membersOf(
      ctx.db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => presentTeam(row, members.get(row.id) ?? []));
  },
};

const sameSet = (a: string[], b: string[]) =>
  new Set(a).size === new Set(b).size && a.every((id) => b.includes(id));

/** Programme and members must belong to the team's agency. */
async function checkReferences(
  ctx: Context,
  agencyId: string,
  input: { programmeId?: string | null; memberIds?: string[] },
) {
  const errors: FieldError[] = [];
  await checkTeamReferences(ctx.db, agencyId, input, errors);
  throwIfAny(errors);
}

const list = listRoute(team, {
  summary: 'Equipos de la agencia',
  permission: 'team:read',
  query: teamListQuery,
  list: listTeams,
});

const get = getRoute(team, { summary: 'Un equipo con sus integrantes', permission: 'team:read' });

const create = createRoute(team, {
  summary: 'Crear un equipo',
  permission: 'team:manage',
  body: createTeamBody,
  insert: async (ctx, body) => {
    const agencyId = await targetAgency(ctx, body.agencyId);
    const memberIds = body.memberIds ?? [];
    if (memberIds.includes(ctx.actor.userId)) return deny(ctx, OWN_MEMBERSHIP);
    await checkReferences(ctx, agencyId, body);
    const row = await unlessTaken(
      () =>
        ctx.db
          .insertInto('team')
          .values({ agency_id: agencyId, name: body.name, programme_id: body.programmeId ?? null })
          .returning(teamColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    await setMembers(ctx.db, row.id, memberIds);
    await bumpUserVersions(ctx.db, [...new Set(memberIds)]);
    return { row, details: { agencyId, memberIds: [...new Set(memberIds)] } };
  },
});

const update = updateRoute(team, {
  summary: 'Modificar un equipo y sus integrantes (If-Match)',
  permission: 'team:manage',
  body: updateTeamBody,
  changes: (before, { memberIds, ...fields }) => {
    const changed = changedFields(before, fields);
    const currentMembers = before.members.map((m) => m.id);
    return memberIds !== undefined && !sameSet(memberIds, currentMembers)
      ? [...changed, 'memberIds']
      : changed;
  },
  apply: async (ctx, row, body, changed, before) => {
    const { memberIds, ...fields } = body;
    const currentMembers = before.members.map((m) => m.id);
    const membersChanged = memberIds !== undefined && changed.includes('memberIds');
    if (membersChanged) {
      const wasMember = currentMembers.includes(ctx.actor.userId);
      if (wasMember !== memberIds.includes(ctx.actor.userId)) return deny(ctx, OWN_MEMBERSHIP);
    }
    await checkReferences(ctx, row.agency_id, body);
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('team')
          .set({
            ...givenColumns(fields, { name: 'name', programmeId: 'programme_id', active: 'active' }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(teamColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    if (!membersChanged) return { row: updated };
    const membersAdded = [...new Set(memberIds.filter((id) => !currentMembers.includes(id)))];
    const membersRemoved = currentMembers.filter((id) => !memberIds.includes(id));
    await setMembers(ctx.db, row.id, memberIds);
    await bumpUserVersions(ctx.db, [...membersAdded, ...membersRemoved]);
    return { row: updated, details: { membersAdded, membersRemoved } };
  },
});

export const teamRoutes = [list, get, create, update];
