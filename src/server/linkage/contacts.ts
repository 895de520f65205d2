import { z } from 'zod';
import type { Executor } from '../platform/db/database.ts';
import { defineRoute } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import './tables.ts';

/**
 * Whom another agency should contact about a possible record held here. A match in another agency reveals
 * only this: the agency's name and its contact, never the record — until that agency shares it.
 */

export interface AgencyNotice {
  agency: string;
  contact: string | null;
}

export async function noticesFor(db: Executor, agencyIds: readonly string[]): Promise<AgencyNotice[]> {
  const ids = [...new Set(agencyIds)];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('agency')
    .leftJoin('linkage_contact', 'linkage_contact.agency_id', 'agency.id')
    .select(['agency.name', 'linkage_contact.contact'])
    .where('agency.id', 'in', ids)
    .orderBy('agency.name')
    .execute();
  return rows.map((row) => ({ agency: row.name, contact: row.contact ?? null }));
}

export const noticeSchema = z.object({
  agency: z.string(),
  contact: z.string().nullable(),
});

const contactSchema = z.object({ contact: z.string().nullable(), version: z.number().int() });
const contactInput = z.strictObject({ contact: z.string().trim().min(1).max(500) });

const tags = ['linkage'];

const getContact = defineRoute({
  method: 'GET',
  url: '/api/linkage/contact',
  summary: 'A quién debe contactar otra institución ante un posible registro de esta',
  tags,
  policy: { permission: 'setting:read' },
  schema: { response: contactSchema },
  handler: async (ctx) => {
    const row = await ctx.db
      .selectFrom('linkage_contact')
      .select(['contact', 'version'])
      .where('agency_id', '=', ctx.actor.agencyId)
      .executeTakeFirst();
    setEtag(ctx.reply, row?.version ?? 0);
    return { contact: row?.contact ?? null, version: row?.version ?? 0 };
  },
});

const putContact = defineRoute({
  method: 'PUT',
  url: '/api/linkage/contact',
  summary: 'Fijar el contacto de su institución para posibles registros (If-Match)',
  tags,
  policy: { permission: 'setting:manage' },
  schema: { body: contactInput, response: contactSchema },
  handler: async (ctx, { body }) => {
    const agencyId = ctx.actor.agencyId;
    const current = await ctx.db
      .selectFrom('linkage_contact')
      .select('version')
      .where('agency_id', '=', agencyId)
      .forUpdate()
      .executeTakeFirst();
    requireVersion(ctx.request, current?.version ?? 0);
    const row = await ctx.db
      .insertInto('linkage_contact')
      .values({ agency_id: agencyId, contact: body.contact, updated_by: ctx.actor.userId })
      .onConflict((oc) =>
        oc.column('agency_id').doUpdateSet((eb) => ({
          contact: body.contact,
          updated_by: ctx.actor.userId,
          updated_at: new Date(),
          version: eb('linkage_contact.version', '+', 1),
        })),
      )
      .returning(['contact', 'version'])
      .executeTakeFirstOrThrow();
    await ctx.audit({
      action: 'linkage.contact_updated',
      resourceType: 'agency',
      resourceIds: [agencyId],
    });
    setEtag(ctx.reply, row.version);
    return row;
  },
});

export const linkageContactRoutes = [getContact, putContact];
