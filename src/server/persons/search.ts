import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { CASE_NUMBER_PATTERN } from '../../core/cases/case-input.ts';
import { normaliseDocumentNumber } from '../../core/cases/person-input.ts';
import { foldName } from '../../core/names/normalise.ts';
import {
  KEY_PREFIX,
  NORMAL_PREFIX,
  parseNameQuery,
  type NameQueryTerm,
} from '../../core/names/search-terms.ts';
import { auditRecordList, queryDigest } from '../cases/audit.ts';
import {
  caseVisible,
  personVisible,
  personVisibleEach,
  viewerOf,
  visiblePersonIds,
  type Viewer,
} from '../cases/visibility.ts';
import type { Database } from '../platform/db/database.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { documentNumberIndex } from './identity-documents.ts';
import { presentPersons } from './present.ts';
import { searchQuery, searchResult } from './schemas.ts';
import { personColumns } from './store.ts';

/**
 * Person search. Names are found through their index tokens (folded words and
 * phonetic keys, src/core/names/search-terms.ts: every word typed must match a word of the name, in any
 * order, so a missing or swapped surname still finds the person). When nothing matches that way, the trigram
 * similarity of the folded full name finds spelling variants the phonetic key does not cover (comparing the
 * query with every name on each search costs too much at a million persons). An identity document is found
 * by its exact number through the blind index, a case by its number. Only what the searcher may see is
 * returned.
 */

const tags = ['persons'];

type MatchKind = 'name' | 'similar_name' | 'identity_document' | 'case_number';
type Hits = SelectQueryBuilder<Database, never, { person_id: string; kind: MatchKind }>;

/**
 * The tokens that satisfy one query term, without those another already covers: a person holding n:<word>
 * holds the phonetic keys of that word too, and the typed prefix n:<word>% takes in n:<word> itself. Fewer
 * tokens read, same persons.
 */
function termTokens(term: NameQueryTerm): string[] {
  const covered = term.prefix !== undefined || term.tokens.some((token) => token.startsWith(KEY_PREFIX));
  return covered ? term.tokens.filter((token) => token !== NORMAL_PREFIX + term.folded) : term.tokens;
}

/** A token satisfying one query term. */
function termCondition(eb: ExpressionBuilder<Database, 'person_name_token'>, term: NameQueryTerm) {
  const tokens = termTokens(term);
  const like = term.prefix ? [eb('person_name_token.token', 'like', `${term.prefix}%`)] : [];
  return eb.or([...(tokens.length > 0 ? [eb('person_name_token.token', 'in', tokens)] : []), ...like]);
}

const isNarrow = (viewer: Viewer) => viewer.scope.kind === 'team' || viewer.scope.kind === 'own';

/**
 * Persons matching every term by name. A team or own scope reaches a few thousand persons at most: each of
 * them is checked term by term through the index of a person's tokens (the person rows are read afterwards,
 * for the few found). A wider scope intersects each term's
 * persons, read from the index alone (exact tokens and the typed prefix as two scans).
 */
function nameHits(ctx: Context, viewer: Viewer, terms: NameQueryTerm[]): Hits {
  if (isNarrow(viewer)) {
    return ctx.db
      .selectFrom(visiblePersonIds(viewer).as('v'))
      .select(['v.person_id', sql<MatchKind>`'name'`.as('kind')])
      .where((eb) =>
        eb.and(
          terms.map((term) =>
            eb.exists(
              eb
                .selectFrom('person_name_token')
                .select(sql`1`.as('one'))
                .whereRef('person_name_token.person_id', '=', 'v.person_id')
                .where((inner) => termCondition(inner, term))
                // OFFSET 0 keeps this a lookup per person: otherwise the planner may read every person of a
                // common name in the agency to join them with the scope's few.
                .modifyEnd(sql`offset 0`),
            ),
          ),
        ),
      ) as unknown as Hits;
  }
  const termSet = (term: NameQueryTerm) => {
    const tokens = (where: (eb: ExpressionBuilder<Database, 'person_name_token'>) => Expression<SqlBool>) => {
      let query = ctx.db.selectFrom('person_name_token').select('person_name_token.person_id').where(where);
      if (viewer.scope.kind !== 'all')
        query = query.where('person_name_token.agency_id', '=', viewer.agencyId);
      return query;
    };
    const exact = termTokens(term);
    const prefix = term.prefix;
    const parts = [
      ...(exact.length > 0 ? [tokens((eb) => eb('person_name_token.token', 'in', exact))] : []),
      ...(prefix ? [tokens((eb) => eb('person_name_token.token', 'like', `${prefix}%`))] : []),
    ];
    const set = parts.length > 1 ? parts[0]!.unionAll(parts[1]!) : parts[0]!;
    return ctx.db.selectFrom(set.as('t')).select('t.person_id');
  };
  let names = termSet(terms[0]!);
  for (const term of terms.slice(1)) names = names.intersect(termSet(term));
  return ctx.db
    .selectFrom(names.as('n'))
    .select(['n.person_id', sql<MatchKind>`'name'`.as('kind')]) as unknown as Hits;
}

/** Exact matches of the whole query: an identity document number, a case number. */
function numberHits(ctx: Context, viewer: Viewer, q: string): Hits[] {
  const hits: Hits[] = [];
  const inAgency = viewer.scope.kind !== 'all';
  const number = normaliseDocumentNumber(q.trim());
  if (/\d/.test(number) && number.length >= 4) {
    let documents = ctx.db
      .selectFrom('person_identity_document')
      .select(['person_identity_document.person_id', sql<MatchKind>`'identity_document'`.as('kind')])
      .where('person_identity_document.number_index', '=', documentNumberIndex(ctx.services.hasher, number));
    if (inAgency) documents = documents.where('person_identity_document.agency_id', '=', viewer.agencyId);
    hits.push(documents as unknown as Hits);
  }
  const caseNumber = q.trim().toUpperCase();
  if (CASE_NUMBER_PATTERN.test(caseNumber)) {
    hits.push(
      ctx.db
        .selectFrom('case_file')
        .select(['case_file.person_id', sql<MatchKind>`'case_number'`.as('kind')])
        .where('case_file.number', '=', caseNumber)
        .where((eb) => caseVisible(eb, viewer)) as unknown as Hits,
    );
  }
  return hits;
}

/** pg_trgm's default similarity threshold, which the % operator applies. */
const SIMILARITY_THRESHOLD = 0.3;

/**
 * Names similar to the query. A narrow scope compares its few persons' names one by one (the function, not
 * the indexable operator, so that the planner does not search the whole agency's names first); a wider
 * scope searches the trigram index.
 */
function similarHits(ctx: Context, viewer: Viewer, folded: string): Hits {
  const similar = ctx.db
    .selectFrom('person')
    .select(['person.id as person_id', sql<MatchKind>`'similar_name'`.as('kind')]);
  if (isNarrow(viewer))
    return similar
      .where((eb) => personVisible(eb, viewer))
      .where(
        sql<boolean>`similarity(person.search_name, ${folded}) >= ${sql.lit(SIMILARITY_THRESHOLD)}`,
      ) as unknown as Hits;
  const indexed = similar.where(sql<boolean>`person.search_name % ${folded}`);
  return (viewer.scope.kind === 'all'
    ? indexed
    : indexed.where('person.agency_id', '=', viewer.agencyId)) as unknown as Hits;
}

/** One page of the visible persons among the hits, best first, with the number of them all. */
async function pageOf(
  ctx: Context,
  viewer: Viewer,
  hits: Hits[],
  folded: string,
  page: { page: number; pageSize: number },
) {
  let union = hits[0]!;
  for (const more of hits.slice(1)) union = union.unionAll(more);
  const base = ctx.db
    .with('hit', () => union)
    .selectFrom('hit')
    .innerJoin('person', 'person.id', 'hit.person_id')
    .where((eb) => personVisibleEach(eb, viewer));
  const rows = await base
    .select(personColumns)
    .select([
      sql<MatchKind[]>`array_agg(DISTINCT hit.kind ORDER BY hit.kind)`.as('matched_by'),
      sql<number>`similarity(person.search_name, ${folded})`.as('similarity'),
      sql<number>`(count(*) OVER ())::int`.as('total'),
    ])
    .groupBy('person.id')
    .orderBy(sql`bool_or(hit.kind <> 'similar_name')`, 'desc')
    .orderBy('similarity', 'desc')
    .orderBy('person.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  if (rows.length > 0 || page.page === 1) return { rows, total: rows[0]?.total ?? 0 };
  // A page past the end: the total still has to be counted.
  const count = await base
    .select(sql<number>`count(DISTINCT person.id)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: count.n };
}

async function searchPersons(ctx: Context, q: string, page: { page: number; pageSize: number }) {
  const viewer = await viewerOf(ctx);
  const folded = foldName(q);
  const terms = parseNameQuery(q);
  const hits = [...(terms.length > 0 ? [nameHits(ctx, viewer, terms)] : []), ...numberHits(ctx, viewer, q)];
  const found = hits.length > 0 ? await pageOf(ctx, viewer, hits, folded, page) : { rows: [], total: 0 };
  if (found.total > 0 || folded.replace(/ /g, '').length < 3) return found;
  return pageOf(ctx, viewer, [similarHits(ctx, viewer, folded)], folded, page);
}

const search = defineRoute({
  method: 'GET',
  url: '/api/persons/search',
  summary: 'Buscar personas por nombre, documento de identidad o número de caso',
  tags,
  policy: { permission: 'person:read' },
  schema: { querystring: searchQuery, response: searchResult },
  handler: async (ctx, { query }) => {
    // Untrimmed for the search: a trailing space says the last word is complete (no prefix match).
    const raw = query.q ?? '';
    const q = raw.trim();
    const { rows, total } = q ? await searchPersons(ctx, raw, query) : { rows: [], total: 0 };
    const presented = await presentPersons(ctx.db, ctx.actor, rows);
    const items = presented.map((person, i) => ({ ...person, matchedBy: rows[i]!.matched_by }));
    await auditRecordList(
      ctx,
      'person.searched',
      'person',
      items.map((p) => p.id),
      { queryDigest: queryDigest(ctx, q), page: query.page, pageSize: query.pageSize, total },
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

// Registration matching (POST /api/persons/match) is the linkage engine's: src/server/linkage/registration.ts.

export const personSearchRoutes = [search];
