import { changedFields } from '../../platform/audit/audit-writer.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import { offsetOf, paginated } from '../../platform/http/pagination.ts';
import { notFound } from '../../platform/http/problem.ts';
import { defineRoute, type Context } from '../../platform/http/route.ts';
import { bumpUserVersions } from '../users/store.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import {
  agencyOf,
  auditList,
  auditRead,
  deny,
  idParams,
  agencyFilter,
  nextVersion,
  targetAgency,
  throwIfAny,
  unlessTaken,
} from '../shared.ts';
import { createTeamBody, teamListQuery, teamSchema, updateTeamBody } from './schemas.ts';
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

const tags = ['administration'];
const NAME_TAKEN = 'La agencia ya tiene un equipo con ese nombre.';
const OWN_MEMBERSHIP =
  'No puede cambiar su propia pertenencia a equipos; otra persona administradora debe hacerlo.';

async function teamOrNotFound(ctx: Context, id: string, forUpdate = false) {
  const row = await findTeam(ctx.db, agencyOf(ctx), id, forUpdate);
  if (!row) throw notFound('El equipo');
  return row;
}

async function present(ctx: Context, row: TeamRow) {
  return presentTeam(row, (await membersOf(ctx.db, [row.id])).get(row.id) ?? []);
}

const sameSet = (a: string[], b: string[]) =>
  new Set(a).size === new Set(b).size && a.every((id) => b.includes(id));

const list = defineRoute({
  method: 'GET',
  url: '/api/teams',
  summary: 'Equipos de la agencia',
  tags,
  policy: { permission: 'team:read' },
  schema: { querystring: teamListQuery, response: paginated(teamSchema) },
  handler: async (ctx, { query }) => {
    const { rows, total } = await listTeams(
      ctx.db,
      { agencyIds: agencyFilter(ctx, query.agencyId), active: query.active },
      { limit: query.pageSize, offset: offsetOf(query) },
    );
    const members = await membersOf(
      ctx.db,
      rows.map((r) => r.id),
    );
    const items = rows.map((row) => presentTeam(row, members.get(row.id) ?? []));
    await auditList(
      ctx,
      'team',
      items.map((t) => t.id),
      query,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

const get = defineRoute({
  method: 'GET',
  url: '/api/teams/:id',
  summary: 'Un equipo con sus integrantes',
  tags,
  policy: { permission: 'team:read' },
  schema: { params: idParams, response: teamSchema },
  handler: async (ctx, { params }) => {
    const row = await teamOrNotFound(ctx, params.id);
    await auditRead(ctx, 'team', row.id, row.version);
    return present(ctx, row);
  },
});

const create = defineRoute({
  method: 'POST',
  url: '/api/teams',
  summary: 'Crear un equipo',
  tags,
  status: 201,
  policy: { permission: 'team:manage' },
  schema: { body: createTeamBody, response: teamSchema },
  handler: async (ctx, { body }) => {
    const agencyId = await targetAgency(ctx, body.agencyId);
    const memberIds = body.memberIds ?? [];
    if (memberIds.includes(ctx.actor.userId)) return deny(ctx, OWN_MEMBERSHIP);
    const errors: FieldError[] = [];
    await checkTeamReferences(ctx.db, agencyId, body, errors);
    throwIfAny(errors);
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
    await ctx.audit({
      action: 'team.created',
      resourceType: 'team',
      resourceIds: [row.id],
      details: { fields: Object.keys(body), agencyId, memberIds: [...new Set(memberIds)] },
    });
    setEtag(ctx.reply, row.version);
    return present(ctx, row);
  },
});

const update = defineRoute({
  method: 'PATCH',
  url: '/api/teams/:id',
  summary: 'Modificar un equipo y sus integrantes (If-Match)',
  tags,
  policy: { permission: 'team:manage' },
  schema: { params: idParams, body: updateTeamBody, response: teamSchema },
  handler: async (ctx, { params, body }) => {
    const row = await teamOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    const before = await present(ctx, row);
    const { memberIds, ...fields } = body;
    const changed = changedFields(before, fields);
    const currentMembers = before.members.map((m) => m.id);
    const membersChanged = memberIds !== undefined && !sameSet(memberIds, currentMembers);
    if (changed.length === 0 && !membersChanged) {
      setEtag(ctx.reply, row.version);
      return before;
    }
    if (membersChanged) {
      const wasMember = currentMembers.includes(ctx.actor.userId);
      if (wasMember !== memberIds.includes(ctx.actor.userId)) return deny(ctx, OWN_MEMBERSHIP);
    }
    const errors: FieldError[] = [];
    await checkTeamReferences(ctx.db, row.agency_id, body, errors);
    throwIfAny(errors);
    const updated = await unlessTaken(
      () =>
        ctx.db
          .updateTable('team')
          .set({
            ...(fields.name !== undefined && { name: fields.name }),
            ...(fields.programmeId !== undefined && { programme_id: fields.programmeId }),
            ...(fields.active !== undefined && { active: fields.active }),
            ...nextVersion(),
          })
          .where('id', '=', row.id)
          .returning(teamColumns)
          .executeTakeFirstOrThrow(),
      'body.name',
      NAME_TAKEN,
    );
    const membersAdded = membersChanged
      ? [...new Set(memberIds.filter((id) => !currentMembers.includes(id)))]
      : [];
    const membersRemoved = membersChanged ? currentMembers.filter((id) => !memberIds.includes(id)) : [];
    if (membersChanged) {
      await setMembers(ctx.db, row.id, memberIds);
      await bumpUserVersions(ctx.db, [...membersAdded, ...membersRemoved]);
    }
    await ctx.audit({
      action: 'team.updated',
      resourceType: 'team',
      resourceIds: [row.id],
      details: {
        changedFields: membersChanged ? [...changed, 'memberIds'] : changed,
        ...(membersChanged && { membersAdded, membersRemoved }),
      },
    });
    setEtag(ctx.reply, updated.version);
    return present(ctx, updated);
  },
});

export const teamRoutes = [list, get, create, update];
