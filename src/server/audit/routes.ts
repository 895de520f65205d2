import { verifyAuditChain } from '../platform/audit/verify.ts';
import { defineRoute } from '../platform/http/route.ts';
import { scopedAgency } from '../platform/policy/authorize.ts';
import { auditSearchQuery, auditSearchResult, chainVerification } from './schemas.ts';
import { searchAuditEvents } from './store.ts';

const search = defineRoute({
  method: 'GET',
  url: '/api/audit-events',
  summary: 'Busca en la bitácora de auditoría (por usuario, registro, acción o fechas)',
  tags: ['audit'],
  policy: { permission: 'audit:read' },
  schema: { querystring: auditSearchQuery, response: auditSearchResult },
  handler: async (ctx, { query }) => {
    const { items, total } = await searchAuditEvents(ctx.db, scopedAgency(ctx.scope), query);
    const { page, pageSize, ...filters } = query;
    await ctx.audit({
      action: 'audit.searched',
      resourceType: 'audit_event',
      resourceIds: items.map((item) => String(item.seq)),
      details: { filters, page, pageSize, total },
    });
    return { items, total, page, pageSize };
  },
});

const verify = defineRoute({
  method: 'GET',
  url: '/api/audit-events/verify',
  summary: 'Comprueba la integridad de toda la cadena de auditoría',
  tags: ['audit'],
  policy: { permission: 'audit:read' },
  schema: { response: chainVerification },
  handler: async (ctx) => {
    const result = await verifyAuditChain(ctx.services.db, { dataDir: ctx.services.config.dataDir });
    await ctx.audit({
      action: 'audit.verified',
      resourceType: 'audit_event',
      details: {
        ok: result.ok,
        events: result.events,
        ...(result.firstBad && { firstBad: result.firstBad.seq }),
      },
    });
    return { ok: result.ok, events: result.events, firstBad: result.firstBad ?? null };
  },
});

export const auditRoutes = [search, verify];
