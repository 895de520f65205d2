import { sql } from 'kysely';
import { z } from 'zod';
import { caseVisible, personVisible, viewerOf } from '../cases/visibility.ts';
import { idParams } from '../cases/shared.ts';
import { presentPersonRef, presentPersons } from '../persons/present.ts';
import { personRefSchema, personSchema } from '../persons/schemas.ts';
import { noContactByPerson, noContactQuery, personColumns, personRefsQuery } from '../persons/store.ts';
import { notFound, ProblemError } from '../platform/http/problem.ts';
import { pageWithCount, together } from '../platform/db/together.ts';
import { offsetOf, paginated, paginationQuery } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { requireVersion, setEtag } from '../platform/http/versioning.ts';
import { scopedAgency } from '../platform/policy/authorize.ts';
import { present } from '../platform/policy/present.ts';
import { mergePersons } from './merge.ts';
import { parentsOf } from './person-record.ts';
import { explanationSchema } from './schemas.ts';
import type { PairStatus } from './tables.ts';

/**
 * The duplicate review queue of coordinators (permission person:merge): candidate pairs of their agency with
 * the score and its explanation, both records side by side, and the two decisions — "same child" merges them
 * (reversibly, src/server/linkage/merge.ts), "not the same child" is remembered so the pair is never proposed
 * again. A pair is reachable only when the reviewer may see both persons.
 */

const tags = ['linkage'];

const pairColumns = [
  'linkage_pair.id',
  'linkage_pair.agency_id',
  'linkage_pair.person_a',
  'linkage_pair.person_b',
  'linkage_pair.score',
  'linkage_pair.probability',
  'linkage_pair.explanation',
  'linkage_pair.model_version',
  'linkage_pair.found_by',
  'linkage_pair.status',
  'linkage_pair.decided_at',
  'linkage_pair.version',
  'linkage_pair.created_at',
] as const;

interface PairRow {
  id: string;
  agency_id: string;
  person_a: string;
  person_b: string;
  score: number;
  probability: number;
  explanation: unknown;
  model_version: number;
  found_by: string;
  status: PairStatus;
  decided_at: Date | null;
  version: number;
  created_at: Date;
}

export const pairSummary = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'merged', 'not_same']),
  score: z.number(),
  probability: z.number(),
  modelVersion: z.number().int(),
  foundBy: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  persons: z.array(personRefSchema),
});

const side = z.object({
  person: personSchema,
  parents: z.object({
    mother: z.string().nullable().optional(),
    father: z.string().nullable().optional(),
    redacted: z.array(z.string()),
  }),
  cases: z.array(z.object({ id: z.uuid(), number: z.string(), status: z.string(), openedAt: z.string() })),
});

export const pairDetail = pairSummary.extend({ explanation: explanationSchema, sides: z.array(side) });

/** Pairs the viewer may see: of their agency, both persons visible (so neither merged nor restricted). */
async function visiblePairs(ctx: Context) {
  const viewer = await viewerOf(ctx);
  const visible = () =>
    ctx.db
      .selectFrom('person')
      .select('person.id')
      .where((eb) => personVisible(eb, viewer));
  let query = ctx.db
    .selectFrom('linkage_pair')
    .where('linkage_pair.person_a', 'in', visible())
    .where('linkage_pair.person_b', 'in', visible());
  const agency = scopedAgency(ctx.scope);
  if (agency) query = query.where('linkage_pair.agency_id', '=', agency);
  return query;
}

async function pairOrNotFound(ctx: Context, id: string, forUpdate = false): Promise<PairRow> {
  let query = (await visiblePairs(ctx)).select(pairColumns).where('linkage_pair.id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as PairRow | undefined;
  if (!row) throw notFound('El par de registros');
  return row;
}

/** The pairs with both persons as references (names by clearance, no-contact warnings). */
async function summaries(ctx: Context, rows: PairRow[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.person_a, r.person_b]))];
  const [persons, noContactRows] = await together(ctx.db, [
    personRefsQuery(ctx.db, ids),
    noContactQuery(ctx.db, ids),
  ]);
  const noContact = noContactByPerson(ids, noContactRows);
  const byId = new Map(persons.map((p) => [p.id, p]));
  const ref = (id: string) => presentPersonRef(ctx.actor, byId.get(id)!, noContact.get(id) ?? []);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    score: row.score,
    probability: row.probability,
    modelVersion: row.model_version,
    foundBy: row.found_by,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    version: row.version,
    persons: [ref(row.person_a), ref(row.person_b)],
  }));
}

/** Merged pairs are reached through the survivor's merges (the merged record is hidden). */
const listQuery = z.object({
  status: z.enum(['pending', 'not_same']).default('pending'),
  ...paginationQuery,
});

const list = defineRoute({
  method: 'GET',
  url: '/api/linkage/pairs',
  summary: 'Cola de revisión de posibles duplicados de su institución, los más probables primero',
  tags,
  policy: { permission: 'person:merge' },
  schema: { querystring: listQuery, response: paginated(pairSummary) },
  handler: async (ctx, { query }) => {
    const base = (await visiblePairs(ctx)).where('linkage_pair.status', '=', query.status);
    const [pageRows, count] = await pageWithCount(
      ctx.db,
      base
        .select(pairColumns)
        .orderBy('linkage_pair.score', 'desc')
        .orderBy('linkage_pair.id')
        .limit(query.pageSize)
        .offset(offsetOf(query)),
      base.select(sql<number>`count(*)::int`.as('n')),
    );
    const rows = pageRows as PairRow[];
    const items = await summaries(ctx, rows);
    await ctx.audit({
      action: 'linkage.pairs_listed',
      resourceType: 'linkage_pair',
      resourceIds: rows.flatMap((r) => [r.id, r.person_a, r.person_b]),
      details: { status: query.status, page: query.page, total: count.n },
    });
    return { items, total: count.n, page: query.page, pageSize: query.pageSize };
  },
});

async function sideOf(ctx: Context, personId: string) {
  const viewer = await viewerOf(ctx);
  const [rows, parents, cases] = await Promise.all([
    ctx.db.selectFrom('person').select(personColumns).where('person.id', '=', personId).execute(),
    parentsOf(ctx.db, [personId]),
    ctx.db
      .selectFrom('case_file')
      .select(['case_file.id', 'case_file.number', 'case_file.status', 'case_file.opened_at'])
      .where('case_file.person_id', '=', personId)
      .where((eb) => caseVisible(eb, viewer))
      .orderBy('case_file.opened_at')
      .execute(),
  ]);
  const [person] = await presentPersons(ctx.db, ctx.actor, rows);
  const known = parents.get(personId) ?? {};
  return {
    person: person!,
    parents: present(
      ctx.actor,
      { mother: known.mother ?? null, father: known.father ?? null },
      { mother: 'identity', father: 'identity' },
    ),
    cases: cases.map((c) => ({
      id: c.id,
      number: c.number,
      status: c.status,
      openedAt: c.opened_at.toISOString(),
    })),
  };
}

const get = defineRoute({
  method: 'GET',
  url: '/api/linkage/pairs/:id',
  summary: 'Un par de posibles duplicados, lado a lado, con la explicación de su puntuación',
  tags,
  policy: { permission: 'person:merge' },
  schema: { params: idParams, response: pairDetail },
  handler: async (ctx, { params }) => {
    const row = await pairOrNotFound(ctx, params.id);
    const [[summary], a, b] = await Promise.all([
      summaries(ctx, [row]),
      sideOf(ctx, row.person_a),
      sideOf(ctx, row.person_b),
    ]);
    await ctx.audit({
      action: 'linkage.pair_read',
      resourceType: 'linkage_pair',
      resourceIds: [row.id, row.person_a, row.person_b],
    });
    setEtag(ctx.reply, row.version);
    return {
      ...summary!,
      explanation: row.explanation as z.infer<typeof explanationSchema>,
      sides: [a, b],
    };
  },
});

const decisionInput = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('same'),
    /** The record kept (the other is merged into it); by default the one registered first. */
    keep: z.uuid().optional(),
  }),
  z.strictObject({ decision: z.literal('not_same') }),
]);

const decisionResult = z.object({ pair: pairSummary, mergeId: z.uuid().nullable() });

const decide = defineRoute({
  method: 'POST',
  url: '/api/linkage/pairs/:id/decision',
  summary: 'Decidir un par: la misma niña o niño (fusionar, reversible) o no (no se vuelve a proponer)',
  tags,
  policy: { permission: 'person:merge' },
  schema: { params: idParams, body: decisionInput, response: decisionResult },
  handler: async (ctx, { params, body }) => {
    const row = await pairOrNotFound(ctx, params.id, true);
    requireVersion(ctx.request, row.version);
    if (row.status !== 'pending') throw new ProblemError('conflict', 'Este par ya fue decidido.');
    let mergeId: string | null = null;
    if (body.decision === 'same') {
      const keep = body.keep ?? (await firstRegistered(ctx, row.person_a, row.person_b));
      if (keep !== row.person_a && keep !== row.person_b) {
        throw new ProblemError('validation', 'El registro que se conserva debe ser uno de los dos.', {
          errors: [{ field: 'body.keep', code: 'not_in_pair', message: 'Elija uno de los dos registros.' }],
        });
      }
      const merged = keep === row.person_a ? row.person_b : row.person_a;
      const result = await mergePersons(ctx.db, {
        pairId: row.id,
        survivorId: keep,
        mergedId: merged,
        actorId: ctx.actor.userId,
      });
      mergeId = result.mergeId;
      await ctx.audit({
        action: 'person.merged',
        resourceType: 'person',
        resourceIds: [keep, merged, row.id, mergeId],
        details: {
          survivor: keep,
          merged,
          moved: Object.fromEntries(result.moved.map((m) => [`${m.table}.${m.column}`, m.ids.length])),
          modelVersion: row.model_version,
          score: row.score,
        },
      });
    } else {
      await ctx.audit({
        action: 'linkage.pair_not_same',
        resourceType: 'linkage_pair',
        resourceIds: [row.id, row.person_a, row.person_b],
        details: { modelVersion: row.model_version, score: row.score },
      });
    }
    const updated = (await ctx.db
      .updateTable('linkage_pair')
      .set({
        status: body.decision === 'same' ? 'merged' : 'not_same',
        decided_by: ctx.actor.userId,
        decided_at: new Date(),
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .returning(pairColumns)
      .executeTakeFirstOrThrow()) as PairRow;
    setEtag(ctx.reply, updated.version);
    const [pair] = await summaries(ctx, [updated]);
    return { pair: pair!, mergeId };
  },
});

async function firstRegistered(ctx: Context, a: string, b: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('person')
    .select('id')
    .where('id', 'in', [a, b])
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const queueRoutes = [list, get, decide];
