import { sql, type SelectQueryBuilder } from 'kysely';
import { CASE_NUMBER_PATTERN } from '../../core/cases/case-input.ts';
import { normaliseDocumentNumber } from '../../core/cases/person-input.ts';
import { foldName } from '../../core/names/normalise.ts';
import { parseNameQuery, type NameQueryTerm } from '../../core/names/search-terms.ts';
import { auditRecordList } from '../cases/audit.ts';
import { caseVisible, personVisible, viewerOf, type Viewer } from '../cases/visibility.ts';
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
 * order, so a missing or swapped surname still finds the person) and through trigram similarity of the folded
 * full name (spelling variants the phonetic key does not cover). An identity document is found by its exact
 * number through the blind index, a case by its number. Only what the searcher may see is returned.
 */

const tags = ['persons'];

type MatchKind = 'name' | 'similar_name' | 'identity_document' | 'case_number';
type Hits = SelectQueryBuilder<Database, never, { person_id: string; kind: MatchKind }>;

/** Persons whose tokens satisfy one query term, within the viewer's agency unless the scope is 'all'. */
function tokenMatches(ctx: Context, viewer: Viewer, term: NameQueryTerm) {
  let query = ctx.db
    .selectFrom('person_name_token')
    .select('person_name_token.person_id')
    .where((eb) =>
      eb.or([
        eb('person_name_token.token', 'in', term.tokens),
        ...(term.prefix ? [eb('person_name_token.token', 'like', `${term.prefix}%`)] : []),
      ]),
    );
  if (viewer.scope.kind !== 'all') query = query.where('person_name_token.agency_id', '=', viewer.agencyId);
  return query;
}

/** The ways a query can match, each as (person_id, kind) rows. */
function hitQueries(ctx: Context, viewer: Viewer, q: string): { hits: Hits[]; folded: string } {
  const hits: Hits[] = [];
  const inAgency = viewer.scope.kind !== 'all';
  const terms = parseNameQuery(q);
  if (terms.length > 0) {
    let names = tokenMatches(ctx, viewer, terms[0]!);
    for (const term of terms.slice(1)) names = names.intersect(tokenMatches(ctx, viewer, term));
    hits.push(
      ctx.db
        .selectFrom(names.as('n'))
        .select(['n.person_id', sql<MatchKind>`'name'`.as('kind')]) as unknown as Hits,
    );
  }
  const folded = foldName(q);
  if (folded.replace(/ /g, '').length >= 3) {
    let similar = ctx.db
      .selectFrom('person')
      .select(['person.id as person_id', sql<MatchKind>`'similar_name'`.as('kind')])
      .where(sql<boolean>`person.search_name % ${folded}`);
    if (inAgency) similar = similar.where('person.agency_id', '=', viewer.agencyId);
    hits.push(similar as unknown as Hits);
  }
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
  return { hits, folded };
}

async function searchPersons(ctx: Context, q: string, page: { page: number; pageSize: number }) {
  const viewer = await viewerOf(ctx);
  const { hits, folded } = hitQueries(ctx, viewer, q);
  if (hits.length === 0) return { rows: [], total: 0 };
  let union = hits[0]!;
  for (const more of hits.slice(1)) union = union.unionAll(more);
  const base = ctx.db
    .with('hit', () => union)
    .selectFrom('hit')
    .innerJoin('person', 'person.id', 'hit.person_id')
    .where((eb) => personVisible(eb, viewer));
  const [rows, count] = await Promise.all([
    base
      .select(personColumns)
      .select([
        sql<MatchKind[]>`array_agg(DISTINCT hit.kind ORDER BY hit.kind)`.as('matched_by'),
        sql<number>`similarity(person.search_name, ${folded})`.as('similarity'),
      ])
      .groupBy('person.id')
      .orderBy(sql`bool_or(hit.kind <> 'similar_name')`, 'desc')
      .orderBy('similarity', 'desc')
      .orderBy('person.id')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute(),
    base.select(sql<number>`count(DISTINCT person.id)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
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
      { query: q, page: query.page, pageSize: query.pageSize, total },
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

// Registration matching (POST /api/persons/match) is the linkage engine's: src/server/linkage/registration.ts.

export const personSearchRoutes = [search];
