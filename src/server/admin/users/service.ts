import { sql } from 'kysely';
import { changedFields } from '../../platform/audit/audit-writer.ts';
import { issuePasswordResetLink, passwordLinkPath } from '../../identity/one-time-links.ts';
import { endUserSessions } from '../../identity/sessions.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import type { Context } from '../../platform/http/route.ts';
import { requireVersion, setEtag } from '../../platform/http/versioning.ts';
import { deny, nextVersion, targetAgency, throwIfAny } from '../shared.ts';
import { bumpTeamVersions } from '../teams/store.ts';
import {
  createUserAccount,
  insertRoleAssignments,
  insertTeamMemberships,
  resolveRoleAssignments,
  resolveTeams,
  type RoleAssignment,
} from './accounts.ts';
import type { UpdateUserInput, UserOut } from './schemas.ts';
import { findUser, presentUser, type UserRow } from './store.ts';

const OWN_ACCESS = 'No puede cambiar sus propios roles ni equipos; otra persona administradora debe hacerlo.';
const OWN_DEACTIVATION = 'No puede desactivar su propia cuenta; otra persona administradora debe hacerlo.';

const assignmentId = (r: { key: string; programmeId?: string | null }) => `${r.key}|${r.programmeId ?? ''}`;

/**
 * A role of global scope reaches every agency's data: only an actor whose own grant is global may hand
 * it out (otherwise an agency administrator could lift someone, or a colleague, out of the agency).
 */
async function refuseGlobalRoles(ctx: Context, keys: string[]): Promise<void> {
  if (ctx.grant.scope === 'all' || keys.length === 0) return;
  const global = await ctx.db
    .selectFrom('role')
    .select('key')
    .where('key', 'in', keys)
    .where('scope', '=', 'all')
    .executeTakeFirst();
  if (global)
    await deny(ctx, 'Solo la administración de toda la instalación asigna roles de alcance global.');
}

/** The web address of the screen where the new user sets a password. */
function linkUrl(ctx: Context, token: string): string {
  const base =
    ctx.services.config.publicUrl?.replace(/\/$/, '') ?? `${ctx.request.protocol}://${ctx.request.host}`;
  return `${base}${passwordLinkPath(token)}`;
}

export async function createUser(
  ctx: Context,
  body: {
    username: string;
    displayName: string;
    agencyId?: string;
    locale?: 'es-GT' | 'en';
    roles: RoleAssignment[];
    teamIds?: string[];
  },
) {
  const agencyId = await targetAgency(ctx, body.agencyId);
  await refuseGlobalRoles(
    ctx,
    body.roles.map((r) => r.key),
  );
  const { id } = await createUserAccount(ctx.db, {
    agencyId,
    username: body.username,
    displayName: body.displayName,
    locale: body.locale,
    roles: body.roles,
    teamIds: body.teamIds,
    grantedBy: ctx.actor.userId,
  });
  await bumpTeamVersions(ctx.db, [...new Set(body.teamIds ?? [])]);
  const link = await issuePasswordResetLink(ctx.db, ctx.services.hasher, id, ctx.actor.userId);
  const user = presentUser((await findUser(ctx.db, undefined, id))!);
  await ctx.audit({
    action: 'user.created',
    resourceType: 'user',
    resourceIds: [id],
    details: { fields: Object.keys(body), agencyId, roles: user.roles.map((r) => r.key) },
  });
  await ctx.audit({
    action: 'user.password_link_issued',
    resourceType: 'user',
    resourceIds: [id],
    details: { expiresAt: link.expiresAt.toISOString() },
  });
  setEtag(ctx.reply, user.version);
  return { user, passwordLink: { url: linkUrl(ctx, link.token), expiresAt: link.expiresAt.toISOString() } };
}

export async function updateUser(ctx: Context, row: UserRow, body: UpdateUserInput): Promise<UserOut> {
  requireVersion(ctx.request, row.version);
  const before = presentUser(row);
  const { roles, teamIds, ...fields } = body;
  const changed = changedFields(before, fields);
  const beforeRoles = new Set(before.roles.map(assignmentId));
  const rolesChanged =
    roles !== undefined &&
    (new Set(roles.map(assignmentId)).size !== beforeRoles.size ||
      roles.some((r) => !beforeRoles.has(assignmentId(r))));
  const teamsAdded = teamIds?.filter((id) => !before.teamIds.includes(id)) ?? [];
  const teamsRemoved = teamIds ? before.teamIds.filter((id) => !teamIds.includes(id)) : [];
  const teamsChanged = teamsAdded.length + teamsRemoved.length > 0;
  if (changed.length === 0 && !rolesChanged && !teamsChanged) {
    setEtag(ctx.reply, row.version);
    return before;
  }
  if ((rolesChanged || teamsChanged) && row.id === ctx.actor.userId) return deny(ctx, OWN_ACCESS);
  if (rolesChanged)
    await refuseGlobalRoles(
      ctx,
      roles.filter((r) => !beforeRoles.has(assignmentId(r))).map((r) => r.key),
    );

  const errors: FieldError[] = [];
  const resolvedRoles = rolesChanged
    ? await resolveRoleAssignments(ctx.db, row.agency_id, roles, errors)
    : [];
  if (teamsChanged) await resolveTeams(ctx.db, row.agency_id, teamIds!, errors);
  throwIfAny(errors);

  await ctx.db
    .updateTable('app_user')
    .set({
      ...(fields.displayName !== undefined && { display_name: fields.displayName }),
      ...(fields.locale !== undefined && { locale: fields.locale }),
      ...nextVersion(),
    })
    .where('id', '=', row.id)
    .execute();
  if (rolesChanged) {
    await ctx.db.deleteFrom('user_role').where('user_id', '=', row.id).execute();
    await insertRoleAssignments(ctx.db, row.id, resolvedRoles, ctx.actor.userId);
  }
  if (teamsChanged) {
    if (teamsRemoved.length > 0)
      await ctx.db
        .deleteFrom('team_member')
        .where('user_id', '=', row.id)
        .where('team_id', 'in', teamsRemoved)
        .execute();
    await insertTeamMemberships(ctx.db, row.id, [...new Set(teamsAdded)]);
    await bumpTeamVersions(ctx.db, [...new Set([...teamsAdded, ...teamsRemoved])]);
  }
  const after = presentUser((await findUser(ctx.db, undefined, row.id))!);
  await ctx.audit({
    action: 'user.updated',
    resourceType: 'user',
    resourceIds: [row.id],
    details: {
      changedFields: [...changed, ...(rolesChanged ? ['roles'] : []), ...(teamsChanged ? ['teamIds'] : [])],
    },
  });
  if (rolesChanged) {
    const sessionsEnded = await endUserSessions(ctx.db, row.id, 'roles_changed');
    await ctx.audit({
      action: 'user.roles_changed',
      resourceType: 'user',
      resourceIds: [row.id],
      details: {
        before: before.roles.map((r) => r.key),
        after: after.roles.map((r) => r.key),
        sessionsEnded,
      },
    });
  }
  setEtag(ctx.reply, after.version);
  return after;
}

/** If-Match is optional on these actions; when sent, it must be current. */
function checkVersionIfStated(ctx: Context, version: number) {
  if (ctx.request.headers['if-match']) requireVersion(ctx.request, version);
}

export async function deactivateUser(ctx: Context, row: UserRow): Promise<UserOut> {
  if (row.id === ctx.actor.userId) return deny(ctx, OWN_DEACTIVATION);
  checkVersionIfStated(ctx, row.version);
  if (!row.active) {
    setEtag(ctx.reply, row.version);
    return presentUser(row);
  }
  await ctx.db
    .updateTable('app_user')
    .set({ active: false, deactivated_at: sql`now()`, ...nextVersion() })
    .where('id', '=', row.id)
    .execute();
  const sessionsEnded = await endUserSessions(ctx.db, row.id, 'deactivated');
  // Neither a password link handed out earlier nor an old API token may outlive the deactivation (a
  // reactivated person gets a fresh link and makes new tokens).
  await ctx.db
    .updateTable('one_time_link')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', row.id)
    .where('used_at', 'is', null)
    .execute();
  const tokens = await ctx.db
    .updateTable('api_token')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', row.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await ctx.audit({
    action: 'user.deactivated',
    resourceType: 'user',
    resourceIds: [row.id],
    details: {
      changedFields: ['active', 'deactivatedAt'],
      sessionsEnded,
      tokensRevoked: Number(tokens.numUpdatedRows),
    },
  });
  const after = presentUser((await findUser(ctx.db, undefined, row.id))!);
  setEtag(ctx.reply, after.version);
  return after;
}

export async function reactivateUser(ctx: Context, row: UserRow): Promise<UserOut> {
  checkVersionIfStated(ctx, row.version);
  if (row.active) {
    setEtag(ctx.reply, row.version);
    return presentUser(row);
  }
  await ctx.db
    .updateTable('app_user')
    .set({ active: true, deactivated_at: null, ...nextVersion() })
    .where('id', '=', row.id)
    .execute();
  await ctx.audit({
    action: 'user.reactivated',
    resourceType: 'user',
    resourceIds: [row.id],
    details: { changedFields: ['active', 'deactivatedAt'] },
  });
  const after = presentUser((await findUser(ctx.db, undefined, row.id))!);
  setEtag(ctx.reply, after.version);
  return after;
}
