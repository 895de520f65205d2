import { sql } from 'kysely';
import { z } from 'zod';
import { historyOf, historyPage } from '../cases/history.ts';
import { idParams } from '../cases/shared.ts';
import { presentPersonRef } from '../persons/present.ts';
import { personRefSchema } from '../persons/schemas.ts';
import { noContactByPerson, noContactQuery, personOrNotFound, personRefsQuery } from '../persons/store.ts';
import { together } from '../platform/db/together.ts';
import { notFound } from '../platform/http/problem.ts';
import { paginationQuery } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { refOf, userRefsOf, userRefsQuery } from '../services/shared.ts';
import { unmergePersons, type MergeRow } from './merge.ts';
import type { MovedRows } from './tables.ts';

/**
 * The merges of a record, shown in the survivor's history: who merged whom and when, what moved, the merged
 * record's own change history, and the unmerge (permission person:merge) that restores both records.
 */

const tags = ['linkage'];

const userRef = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const mergeSchema = z.object({
  id: z.uuid(),
  survivorId: z.uuid(),
  merged: personRefSchema,
  mergedAt: z.string(),
  mergedBy: userRef,
  unmergedAt: z.string().nullable(),
  unmergedBy: userRef,
  /** Rows re-pointed to the survivor, by table and column ("case_file.person_id": 2). */
  moved: z.record(z.string(), z.number().int()),
  version: z.number().int(),
});

const mergeColumns = [
  'linkage_merge.id',
  'linkage_merge.agency_id',
  'linkage_merge.pair_id',
  'linkage_merge.survivor_id',
  'linkage_merge.merged_id',
  'linkage_merge.moved',
  'linkage_merge.merged_at',
  'linkage_merge.merged_by',
  'linkage_merge.unmerged_at',
  'linkage_merge.unmerged_by',
  'linkage_merge.version',
] as const;

type MergeListRow = MergeRow & { merged_at: Date; merged_by: string | null; unmerged_by: string | null };

async function presentMerges(ctx: Context, rows: MergeListRow[]) {
  const mergedIds = rows.map((r) => r.merged_id);
  const [persons, noContactRows, userRows] = await together(ctx.db, [
    personRefsQuery(ctx.db, mergedIds),
    noContactQuery(ctx.db, mergedIds),
    userRefsQuery(
      ctx.db,
      rows.flatMap((r) => [r.merged_by, r.unmerged_by]),
    ),
  ]);
  const noContact = noContactByPerson(mergedIds, noContactRows);
  const users = userRefsOf(userRows);
  const byId = new Map(persons.map((p) => [p.id, p]));
  return rows.map((row) => ({
    id: row.id,
    survivorId: row.survivor_id,
    merged: presentPersonRef(ctx.actor, byId.get(row.merged_id)!, noContact.get(row.merged_id) ?? []),
    mergedAt: row.merged_at.toISOString(),
    mergedBy: refOf(users, row.merged_by),
    unmergedAt: row.unmerged_at ? row.unmerged_at.toISOString() : null,
    unmergedBy: refOf(users, row.unmerged_by),
    moved: Object.fromEntries(
      (row.moved as MovedRows[]).map((m) => [`${m.table}.${m.column}`, m.ids.length]),
    ),
    version: row.version,
  }));
}

/** A merge whose survivor the actor may see (the merged record itself is hidden while merged). */
async function mergeOrNotFound(ctx: Context, id: string, forUpdate = false): Promise<MergeListRow> {
  let query = ctx.db.selectFrom('linkage_merge').select(mergeColumns).where('linkage_merge.id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as MergeListRow | undefined;
  if (!row) throw notFound('La fusión');
  await personOrNotFound(ctx, row.survivor_id).catch(() => {
    throw notFound('La fusión');
  });
  return row;
}

const list = defineRoute({
  method: 'GET',
  url: '/api/persons/:id/merges',
  summary: 'Registros fusionados en esta persona (y fusiones deshechas)',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, response: z.object({ items: z.array(mergeSchema) }) },
  handler: async (ctx, { params }) => {
    const person = await personOrNotFound(ctx, params.id);
    const rows = (await ctx.db
      .selectFrom('linkage_merge')
      .select(mergeColumns)
      .where('linkage_merge.survivor_id', '=', person.id)
      .orderBy('linkage_merge.merged_at', 'desc')
      .orderBy('linkage_merge.id')
      .execute()) as MergeListRow[];
    const items = await presentMerges(ctx, rows);
    await ctx.audit({
      action: 'linkage.merges_listed',
      resourceType: 'person',
      resourceIds: [person.id, ...rows.flatMap((r) => [r.id, r.merged_id])],
    });
    return { items };
  },
});

const history = defineRoute({
  method: 'GET',
  url: '/api/linkage/merges/:id/history',
  summary: 'Historial de cambios del registro fusionado, tal como quedó',
  tags,
  policy: { permission: 'person:read' },
  schema: { params: idParams, querystring: z.object({ ...paginationQuery }), response: historyPage },
  handler: async (ctx, { params, query }) => {
    const merge = await mergeOrNotFound(ctx, params.id);
    const page = await historyOf(ctx, merge.merged_id, query);
    await ctx.audit({
      action: 'person.history_read',
      resourceType: 'person',
      resourceIds: [merge.merged_id, merge.survivor_id, merge.id],
      details: { page: query.page, entries: page.items.length, viaMerge: true },
    });
    return page;
  },
});

const unmergeInput = z.strictObject({
  /** Also record the pair as "not the same child" so that it is not proposed again. */
  notSame: z.boolean().optional(),
});

const unmerge = defineRoute({
  method: 'POST',
  url: '/api/linkage/merges/:id/unmerge',
  summary: 'Deshacer una fusión: ambos registros vuelven a ser como eran, con sus casos (If-Match)',
  tags,
  policy: { permission: 'person:merge' },
  schema: { params: idParams, body: unmergeInput, response: mergeSchema },
  handler: async (ctx, { params, body }) => {
    const merge = await mergeOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, merge.version);
    await unmergePersons(ctx.db, merge, ctx.actor.userId);
    await ctx.db
      .updateTable('linkage_pair')
      .set({
        status: body.notSame ? 'not_same' : 'pending',
        decided_by: body.notSame ? ctx.actor.userId : null,
        decided_at: body.notSame ? new Date() : null,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', merge.pair_id)
      .execute();
    await ctx.audit({
      action: 'person.unmerged',
      resourceType: 'person',
      resourceIds: [merge.survivor_id, merge.merged_id, merge.pair_id, merge.id],
      details: {
        moved: Object.fromEntries(merge.moved.map((m) => [`${m.table}.${m.column}`, m.ids.length])),
        pairStatus: body.notSame ? 'not_same' : 'pending',
      },
    });
    const [row] = (await ctx.db
      .selectFrom('linkage_merge')
      .select(mergeColumns)
      .where('id', '=', merge.id)
      .execute()) as MergeListRow[];
    setEtag(ctx.reply, row!.version);
    const [presented] = await presentMerges(ctx, [row!]);
    return presented!;
  },
});

export const mergeRoutes = [list, history, unmerge];
