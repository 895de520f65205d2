import { isDeepStrictEqual } from 'node:util';
import { deny } from '../admin/shared.ts';
import { notFound } from '../platform/http/problem.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { scopedAgency } from '../platform/policy/authorize.ts';
import {
  agencyQuery,
  ruleBody,
  ruleItemSchema,
  ruleKeyParams,
  ruleListSchema,
  type RuleBody,
  type RuleItem,
} from './schemas.ts';
import {
  contentOf,
  deleteOverride,
  listRules,
  readItem,
  ruleForUpdate,
  updateDefault,
  writeOverride,
} from './store.ts';

/**
 * When case work falls due (src/core/cases/due-dates.ts): the installation's default rules, and each
 * agency's own rule replacing a default of the same key. An agency's administrator changes only their own
 * agency's rules; the defaults take setting:manage over the whole installation. Every change states the
 * version it was based on — for an agency's rule, "0" while the agency has none — and is audited.
 */

const tags = ['case-due-rules'];
const resourceType = 'case_due_rule';

/** The agency whose rules are meant: the actor's own, or — for a grant over every agency — the one named. */
async function agencyOf(ctx: Context, requested: string | undefined): Promise<string> {
  if (!requested || requested === ctx.actor.agencyId) return ctx.actor.agencyId;
  if (scopedAgency(ctx.scope)) return deny(ctx, 'Solo puede configurar los plazos de su propia agencia.');
  const agency = await ctx.db
    .selectFrom('agency')
    .select('id')
    .where('id', '=', requested)
    .executeTakeFirst();
  if (!agency) throw notFound('La agencia');
  return agency.id;
}

/** The ETag of a key for an agency: the version of the agency's own rule, 0 while it has none. */
const setOverrideEtag = (ctx: Context, item: RuleItem) => setEtag(ctx.reply, item.override?.version ?? 0);

async function lockedRule(ctx: Context, agencyId: string, key: string) {
  const rule = await ruleForUpdate(ctx.db, agencyId, key);
  if (!rule) throw notFound('La regla de plazo');
  return rule;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/case-due-rules',
  summary: 'Plazos del ciclo del caso: reglas de la instalación y las propias de la agencia',
  tags,
  policy: { permission: 'setting:read' },
  schema: { querystring: agencyQuery, response: ruleListSchema },
  handler: async (ctx, { query }) => {
    const agencyId = await agencyOf(ctx, query.agencyId);
    return {
      agencyId,
      defaultsEditable: ctx.actor.grants.get('setting:manage')?.scope === 'all',
      items: await listRules(ctx.db, agencyId),
    };
  },
});

const override = defineRoute({
  method: 'PUT',
  url: '/api/case-due-rules/:key',
  summary: 'Fijar la regla propia de la agencia para un plazo (If-Match: su versión, o "0" si no tiene)',
  tags,
  policy: { permission: 'setting:manage' },
  schema: { params: ruleKeyParams, querystring: agencyQuery, body: ruleBody, response: ruleItemSchema },
  handler: async (ctx, { params, query, body }) => {
    const agencyId = await agencyOf(ctx, query.agencyId);
    const { own, item } = await lockedRule(ctx, agencyId, params.key);
    requireVersion(ctx.request, own?.version ?? 0);
    if (item.override && isDeepStrictEqual(contentOf(item.override), contentOf(body))) {
      setOverrideEtag(ctx, item);
      return item;
    }
    await writeOverride(ctx.db, agencyId, params.key, body, own);
    const after = await readItem(ctx.db, agencyId, params.key);
    await auditChange(ctx, 'case_due_rule.overridden', agencyId, params.key, item, after.override);
    setOverrideEtag(ctx, after);
    return after;
  },
});

const reset = defineRoute({
  method: 'DELETE',
  url: '/api/case-due-rules/:key',
  summary: 'Quitar la regla propia de la agencia y volver a la de la instalación (If-Match)',
  tags,
  policy: { permission: 'setting:manage' },
  schema: { params: ruleKeyParams, querystring: agencyQuery, response: ruleItemSchema },
  handler: async (ctx, { params, query }) => {
    const agencyId = await agencyOf(ctx, query.agencyId);
    const { own, item } = await lockedRule(ctx, agencyId, params.key);
    if (!own) throw notFound('La regla propia de la agencia');
    requireVersion(ctx.request, own.version);
    await deleteOverride(ctx.db, own.id);
    const after = await readItem(ctx.db, agencyId, params.key);
    await auditChange(ctx, 'case_due_rule.reset', agencyId, params.key, item, null);
    setOverrideEtag(ctx, after);
    return after;
  },
});

const updateDefaultRule = defineRoute({
  method: 'PUT',
  url: '/api/case-due-rules/:key/default',
  summary:
    'Cambiar la regla de la instalación para un plazo (If-Match; administración de toda la instalación)',
  tags,
  policy: { permission: 'setting:manage', scope: 'all' },
  schema: { params: ruleKeyParams, body: ruleBody, response: ruleItemSchema },
  handler: async (ctx, { params, body }) => {
    const agencyId = ctx.actor.agencyId;
    const { fallback, item } = await lockedRule(ctx, agencyId, params.key);
    requireVersion(ctx.request, fallback.version);
    if (!isDeepStrictEqual(contentOf(item.default), contentOf(body))) {
      await updateDefault(ctx.db, fallback.id, body);
      const after = await readItem(ctx.db, agencyId, params.key);
      await ctx.audit({
        action: 'case_due_rule.default_updated',
        resourceType,
        resourceIds: [fallback.id],
        details: {
          category: 'configuration',
          key: params.key,
          from: contentOf(item.default),
          to: contentOf(after.default),
        },
      });
      setEtag(ctx.reply, after.default.version);
      return after;
    }
    setEtag(ctx.reply, item.default.version);
    return item;
  },
});

async function auditChange(
  ctx: Context,
  action: string,
  agencyId: string,
  key: string,
  before: RuleItem,
  to: RuleBody | RuleItem['override'],
) {
  await ctx.audit({
    action,
    resourceType,
    resourceIds: [key],
    details: {
      category: 'configuration',
      agencyId,
      key,
      from: contentOf(before.effective),
      to: contentOf(to ?? before.default),
      ...(to === null && { returnedToDefault: true }),
    },
  });
}

export const dueRuleRoutes = [list, override, reset, updateDefaultRule];
