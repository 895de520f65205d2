import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import { auditRecordList } from '../cases/audit.ts';
import { idParams } from '../cases/shared.ts';
import { caseOrNotFound } from '../cases/store.ts';
import { viewerOf } from '../cases/visibility.ts';
import { together } from '../platform/db/together.ts';
import { paginationQuery } from '../platform/http/pagination.ts';
import { defineRoute } from '../platform/http/route.ts';
import { presentReferrals } from './present.ts';
import { REFERRAL_STATUSES, referralPage } from './schemas.ts';
import { referralPageOf, referralSentBy, selectReferrals } from './store.ts';

/**
 * What the case record's referral and consent sections need beyond routes.ts: the referrals sent from one
 * case (the sending side's view only), and whom a referral or a consent for this case can name — the active
 * agencies of the installation and the other active programmes of the case's agency. Both hang under a case
 * the reader reaches, so nobody learns other agencies' ids without a record of their own to refer.
 */

const tags = ['case work'];

const caseReferralQuery = z.object({ ...paginationQuery, status: z.enum(REFERRAL_STATUSES).optional() });

const ofCase = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/referrals',
  summary: 'Referencias y traslados enviados desde un caso',
  tags,
  policy: { permission: 'referral:read' },
  schema: { params: idParams, querystring: caseReferralQuery, response: referralPage },
  handler: async (ctx, { params, query }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const viewer = await viewerOf(ctx);
    const base = selectReferrals(ctx.db, viewer)
      .where('referral.case_id', '=', kase.id)
      .where((eb) => referralSentBy(eb, viewer));
    const { rows, total } = await referralPageOf(ctx.db, base, query);
    const items = await presentReferrals(ctx, rows);
    await auditRecordList(ctx, 'referral.list', 'referral', [kase.id, ...rows.map((r) => r.id)], {
      caseId: kase.id,
      status: query.status,
      page: query.page,
      pageSize: query.pageSize,
      ...(kase.in_scope ? {} : { emergency: true }),
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

export const destinationsSchema = z.object({
  agencies: z.array(z.object({ id: z.uuid(), name: z.string(), orgType: z.enum(ORGANISATION_TYPES) })),
  /** The case agency's other active programmes (a referral within the agency names one). */
  programmes: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

const destinations = defineRoute({
  method: 'GET',
  url: '/api/cases/:id/referral-destinations',
  summary: 'Agencias activas y otros programas de la agencia a los que se puede referir el caso',
  tags,
  policy: { permission: 'case:read' },
  schema: { params: idParams, response: destinationsSchema },
  handler: async (ctx, { params }) => {
    const kase = await caseOrNotFound(ctx, params.id);
    const [agencies, programmes] = await together(ctx.db, [
      ctx.db
        .selectFrom('agency')
        .select(['id', 'name', 'org_type'])
        .where('active', '=', true)
        .orderBy('name'),
      ctx.db
        .selectFrom('programme')
        .select(['id', 'name'])
        .where('agency_id', '=', kase.agency_id)
        .where('id', '<>', kase.programme_id)
        .where('active', '=', true)
        .orderBy('name'),
    ]);
    return {
      agencies: agencies.map((a) => ({
        id: a.id,
        name: a.name,
        orgType: a.org_type as (typeof ORGANISATION_TYPES)[number],
      })),
      programmes,
    };
  },
});

export const caseReferralRoutes = [ofCase, destinations];
