import { sql } from 'kysely';
import { z } from 'zod';
import { hasPermission } from '../platform/auth/actor.ts';
import { together } from '../platform/db/together.ts';
import { defineRoute } from '../platform/http/route.ts';

/**
 * Where cases live in the actor's agency: the names of its programmes and teams (a case names them by id;
 * caseworkers hold neither programme:read nor team:read), and — for those who assign cases — the staff a
 * case can be given to, reassigned to or restricted to. Only the actor's own agency; no children's data,
 * so reading it is not audited (like the administration lists).
 */

export const placementsSchema = z.object({
  programmes: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), active: z.boolean() })),
  teams: z.array(
    z.object({ id: z.uuid(), name: z.string(), programmeId: z.uuid().nullable(), active: z.boolean() }),
  ),
  /** The actor's own teams (a new case goes to one of them by default). */
  myTeamIds: z.array(z.uuid()),
  /** Active staff who can read cases: everyone for holders of case:assign, else the actor alone. */
  staff: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
});

const MAX_STAFF = 1000;

const placements = defineRoute({
  method: 'GET',
  url: '/api/cases/placements',
  summary: 'Programas, equipos y personal de su institución para abrir, asignar o restringir casos',
  tags: ['cases'],
  policy: { permission: 'case:read' },
  schema: { response: placementsSchema },
  handler: async (ctx) => {
    const agencyId = ctx.actor.agencyId;
    const canAssign = hasPermission(ctx.actor, 'case:assign');
    const [programmes, teams, assignable] = await together(ctx.db, [
      ctx.db
        .selectFrom('programme')
        .select(['id', 'name', 'kind', 'active'])
        .where('agency_id', '=', agencyId)
        .orderBy('name'),
      ctx.db
        .selectFrom('team')
        .select(['id', 'name', 'programme_id', 'active'])
        .where('agency_id', '=', agencyId)
        .orderBy('name'),
      canAssign
        ? ctx.db
            .selectFrom('app_user')
            .select(['id', 'display_name'])
            .where('agency_id', '=', agencyId)
            .where('active', '=', true)
            .where((eb) =>
              eb.exists(
                eb
                  .selectFrom('user_role')
                  .innerJoin('role', 'role.id', 'user_role.role_id')
                  .select(sql`1`.as('one'))
                  .whereRef('user_role.user_id', '=', 'app_user.id')
                  .where(sql<boolean>`'case:read' = ANY(role.permissions)`),
              ),
            )
            .orderBy('display_name')
            .limit(MAX_STAFF)
        : undefined,
    ]);
    const staff = canAssign ? assignable : [{ id: ctx.actor.userId, display_name: ctx.actor.displayName }];
    return {
      programmes,
      teams: teams.map((t) => ({ id: t.id, name: t.name, programmeId: t.programme_id, active: t.active })),
      myTeamIds: ctx.actor.teamIds,
      staff: staff.map((s) => ({ id: s.id, displayName: s.display_name })),
    };
  },
});

export const placementRoutes = [placements];
