import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { notFound } from '../../platform/http/problem.ts';
import { requireSession } from '../request.ts';
import { activeSessions, clearSessionCookie, endSession, endUserSessions } from '../sessions.ts';

const sessionItem = z.object({
  /** Hex of the session's key (a hash of the cookie value; the cookie value itself is never stored). */
  id: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session making this request. */
  current: z.boolean(),
});

const list = defineRoute({
  method: 'GET',
  url: '/api/me/sessions',
  summary: 'Mis sesiones abiertas',
  tags: ['me'],
  policy: { self: true },
  schema: { response: z.object({ items: z.array(sessionItem) }) },
  handler: async (ctx) => {
    const session = await requireSession(ctx);
    const rows = await activeSessions(ctx.db, ctx.actor.userId, ctx.services.config.sessionIdleMs);
    return {
      items: rows.map((row) => ({
        id: row.id.toString('hex'),
        createdAt: row.created_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
        ip: row.ip,
        userAgent: row.user_agent,
        current: row.id.equals(session.sessionId),
      })),
    };
  },
});

const endOne = defineRoute({
  method: 'DELETE',
  url: '/api/me/sessions/:id',
  summary: 'Cerrar una de mis sesiones',
  tags: ['me'],
  policy: { self: true },
  status: 204,
  schema: { params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }) },
  handler: async (ctx, { params }) => {
    const current = await requireSession(ctx);
    const id = Buffer.from(params.id, 'hex');
    const own = await ctx.db
      .selectFrom('user_session')
      .select('id')
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.userId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (!own) throw notFound('La sesión');
    await endSession(ctx.db, id, 'ended_by_user');
    const isCurrent = id.equals(current.sessionId);
    if (isCurrent) clearSessionCookie(ctx.reply, ctx.services.config);
    await ctx.audit({
      action: 'me.session_ended',
      resourceType: 'user_session',
      resourceIds: [params.id],
      details: { current: isCurrent },
    });
    return undefined;
  },
});

const endAll = defineRoute({
  method: 'POST',
  url: '/api/me/sessions/end-all',
  summary: 'Cerrar sesión en todas partes (incluida esta)',
  tags: ['me'],
  policy: { self: true },
  status: 204,
  schema: {},
  handler: async (ctx) => {
    await requireSession(ctx);
    const ended = await endUserSessions(ctx.db, ctx.actor.userId, 'ended_everywhere');
    clearSessionCookie(ctx.reply, ctx.services.config);
    await ctx.audit({
      action: 'me.sessions_ended',
      resourceType: 'app_user',
      resourceIds: [ctx.actor.userId],
      details: { sessionsEnded: ended },
    });
    return undefined;
  },
});

export const sessionRoutes = [list, endOne, endAll];
