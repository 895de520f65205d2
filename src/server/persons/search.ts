import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
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
import { countRowsUpTo, offsetOf, type CappedTotal } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { canSee } from '../platform/policy/present.ts';
import { documentNumberIndex } from './identity-documents.ts';
import { presentPersons } from './present.ts';
import { searchQuery, searchResult } from './schemas.ts';
import { personColumns, tsLexeme, type PersonRow } from './store.ts';

/**
 * Person search. Names are found through their index tokens (folded words and
 * phonetic keys, src/core/names/search-terms.ts: every word typed must match a word of the name, in any
 * order, so a missing or swapped surname still finds the person). A wide scope counts what it finds only up
 * to SEARCH_TOTAL_CAP (decision 0013). When nothing matches that way, the trigram
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
 * for the few found). A wider scope matches every term at once in the GIN index of person.name_tokens.
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
  return ctx.db
    .selectFrom('person')
    .select(['person.id as person_id', sql<MatchKind>`'name'`.as('kind')])
    .where((eb) => nameMatch(eb, viewer, terms)) as unknown as Hits;
}

/**
 * The terms as a tsquery on person.name_tokens: every term, each by any of its tokens or the typed prefix.
 * The GIN index intersects the terms' posting lists itself.
 */
function nameQuery(terms: NameQueryTerm[]): string {
  return terms
    .map((term) => {
      const alternatives = [
        ...termTokens(term).map(tsLexeme),
        ...(term.prefix ? [`${tsLexeme(term.prefix)}:*`] : []),
      ];
      return `(${alternatives.join(' | ')})`;
    })
    .join(' & ');
}

/** Persons of the viewer's agency (every agency for an installation-wide scope) matching every term. */
function nameMatch(eb: ExpressionBuilder<Database, 'person'>, viewer: Viewer, terms: NameQueryTerm[]) {
  const match = sql<boolean>`person.name_tokens @@ ${nameQuery(terms)}::tsquery`;
  return viewer.scope.kind === 'all'
    ? eb.and([match])
    : eb.and([match, eb('person.agency_id', '=', viewer.agencyId)]);
}

/** Exact matches of the whole query: an identity document number (when searched), a case number. */
function numberHits(ctx: Context, viewer: Viewer, q: string, documents: boolean): Hits[] {
  const hits: Hits[] = [];
  const inAgency = viewer.scope.kind !== 'all';
  const number = normaliseDocumentNumber(q.trim());
  if (documents && /\d/.test(number) && number.length >= 4) {
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
): Promise<Found> {
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
  if (rows.length > 0 || page.page === 1) return { rows, total: rows[0]?.total ?? 0, totalCapped: false };
  // A page past the end: the total still has to be counted.
  const count = await base
    .select(sql<number>`count(DISTINCT person.id)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: count.n, totalCapped: false };
}

/**
 * Name search of a programme, agency or installation scope: the persons found are counted (each checked
 * against the scope) only up to SEARCH_TOTAL_CAP. Up to the cap they are all ranked by similarity to the
 * query, as pageOf does. Beyond it, ranking them all would read and compare every one of tens of thousands
 * of persons of a common name: the page is the shortest names first (the closest to what was typed, as
 * similarity mostly ranks them too), and only the persons up to this page are read and checked.
 */
async function widePageOf(
  ctx: Context,
  viewer: Viewer,
  terms: NameQueryTerm[],
  folded: string,
  page: { page: number; pageSize: number },
): Promise<Found> {
  const cap = ctx.services.config.searchTotalCap;
  const visible = ctx.db
    .selectFrom('person')
    .where((eb) => nameMatch(eb, viewer, terms))
    .where((eb) => personVisibleEach(eb, viewer));
  const counted = await countRowsUpTo(ctx.db, visible, cap + 1);
  const matchedBy = sql<MatchKind[]>`ARRAY['name']::text[]`.as('matched_by');
  if (counted <= cap) {
    const rows = await visible
      .select(personColumns)
      .select([matchedBy, sql<number>`similarity(person.search_name, ${folded})`.as('similarity')])
      .orderBy('similarity', 'desc')
      .orderBy('person.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute();
    return { rows, total: counted, totalCapped: false };
  }
  // In the order of an index (person_name_length): each person is read and checked in turn until the page
  // is full, so a common name costs about the same at any size.
  const rows = await visible
    .select(personColumns)
    .select(matchedBy)
    .orderBy(sql`length(person.search_name)`)
    .orderBy('person.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { rows, total: cap, totalCapped: true };
}

interface Found extends CappedTotal {
  rows: Array<PersonRow & { matched_by: MatchKind[] }>;
}

/**
 * Names and document numbers are identity data: finding a person by them would tell a reader not cleared for
 * it that the person is there. Such a reader finds persons by case number only.
 */
const searchesIdentity = (actor: Actor) => canSee(actor, 'identity');

async function searchPersons(
  ctx: Context,
  q: string,
  page: { page: number; pageSize: number },
): Promise<Found> {
  const viewer = await viewerOf(ctx);
  const folded = foldName(q);
  const identity = searchesIdentity(ctx.actor);
  const numbers = numberHits(ctx, viewer, q, identity);
  if (!identity)
    return numbers.length > 0
      ? pageOf(ctx, viewer, numbers, folded, page)
      : { rows: [], total: 0, totalCapped: false };
  const terms = parseNameQuery(q);
  let found: Found;
  if (terms.length > 0 && numbers.length === 0 && !isNarrow(viewer))
    found = await widePageOf(ctx, viewer, terms, folded, page);
  else {
    const hits = [...(terms.length > 0 ? [nameHits(ctx, viewer, terms)] : []), ...numbers];
    found =
      hits.length > 0
        ? await pageOf(ctx, viewer, hits, folded, page)
        : { rows: [], total: 0, totalCapped: false };
  }
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
    const { rows, total, totalCapped } = q
      ? await searchPersons(ctx, raw, query)
      : { rows: [], total: 0, totalCapped: false };
    const presented = await presentPersons(ctx.db, ctx.actor, rows);
    const items = presented.map((person, i) => ({ ...person, matchedBy: rows[i]!.matched_by }));
    await auditRecordList(
      ctx,
      'person.searched',
      'person',
      items.map((p) => p.id),
      { queryDigest: queryDigest(ctx, q), page: query.page, pageSize: query.pageSize, total, totalCapped },
    );
    return {
      items,
      total,
      totalCapped,
      page: query.page,
      pageSize: query.pageSize,
      identitySearched: searchesIdentity(ctx.actor),
    };
  },
});

// Registration matching (POST /api/persons/match) is the linkage engine's: src/server/linkage/registration.ts.

export const personSearchRoutes = [search];
