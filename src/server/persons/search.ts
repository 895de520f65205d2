import { sql, type SelectQueryBuilder } from 'kysely';
import { CASE_NUMBER_PATTERN } from '../../core/cases/case-input.ts';
import { compareBirth } from '../../core/cases/date-of-birth.ts';
import { matchPersonInput, normaliseDocumentNumber } from '../../core/cases/person-input.ts';
import {
  compareSurnames,
  foldedWords,
  foldName,
  isParticle,
  type PersonName,
} from '../../core/names/normalise.ts';
import { soundAlike } from '../../core/names/phonetic.ts';
import { parseNameQuery, type NameQueryTerm } from '../../core/names/search-terms.ts';
import { auditRecordList } from '../cases/audit.ts';
import { caseVisible, personVisible, viewerOf, type Viewer } from '../cases/visibility.ts';
import type { Database } from '../platform/db/database.ts';
import { offsetOf } from '../platform/http/pagination.ts';
import { defineRoute, type Context } from '../platform/http/route.ts';
import { documentNumberIndex } from './identity-documents.ts';
import { presentPersons } from './present.ts';
import { matchResult, searchQuery, searchResult } from './schemas.ts';
import { personColumns, personFieldsOf, type PersonRow } from './store.ts';

/**
 * Person search and registration matching. Names are found through their index tokens (folded words and
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

/* Registration matching ------------------------------------------------------------------------------- */

const MAX_CANDIDATES = 10;
const MIN_SCORE = 0.4;

const words = (text: string | null | undefined) => foldedWords(text ?? '').filter((w) => !isParticle(w));

interface Scored {
  row: PersonRow;
  score: number;
  reasons: string[];
}

function scoreCandidate(
  input: ReturnType<typeof matchPersonInput.parse>,
  row: PersonRow,
  similarity: number,
): Scored {
  const reasons: string[] = [];
  let score = 0;
  const givenA = words(input.givenNames);
  const givenB = words(row.given_names);
  if (givenA[0] && givenB[0] && soundAlike(givenA[0], givenB[0])) {
    score += 0.3;
    reasons.push('given_name');
  } else if (givenA.some((a) => givenB.some((b) => soundAlike(a, b)))) {
    score += 0.2;
    reasons.push('other_given_name');
  }
  const nameA: PersonName = {
    givenNames: [input.givenNames],
    ...(input.firstSurname && { firstSurname: input.firstSurname }),
    ...(input.secondSurname && { secondSurname: input.secondSurname }),
  };
  const nameB: PersonName = {
    givenNames: [row.given_names],
    ...(row.first_surname && { firstSurname: row.first_surname }),
    ...(row.second_surname && { secondSurname: row.second_surname }),
  };
  const surnames = compareSurnames(nameA, nameB, soundAlike);
  if (surnames.swapped) {
    score += 0.35;
    reasons.push('surnames_swapped');
  } else {
    if (surnames.first === 'same') {
      score += 0.25;
      reasons.push('first_surname');
    } else if (surnames.crossed) {
      score += 0.2;
      reasons.push('surname_in_other_position');
    }
    if (surnames.second === 'same') {
      score += 0.15;
      reasons.push('second_surname');
    }
  }
  score += 0.1 * similarity;
  const birth = compareBirth(input.dateOfBirth, personFieldsOf(row).dateOfBirth);
  if (birth === 'compatible') {
    score += 0.2;
    reasons.push('date_of_birth_compatible');
  } else if (birth === 'conflict') {
    score -= 0.4;
    reasons.push('date_of_birth_conflict');
  }
  return { row, score: Math.round(score * 100) / 100, reasons };
}

const match = defineRoute({
  method: 'POST',
  url: '/api/persons/match',
  summary: 'Posibles registros existentes de la persona que se va a registrar (dentro de su alcance)',
  tags,
  policy: { permission: 'person:create' },
  schema: { body: matchPersonInput, response: matchResult },
  handler: async (ctx, { body }) => {
    const viewer = await viewerOf(ctx);
    const fullName = [body.givenNames, body.firstSurname, body.secondSurname].filter(Boolean).join(' ');
    const folded = foldName(fullName);
    const givenTerms = parseNameQuery(`${body.givenNames} `);
    const surnameTerms = parseNameQuery(`${body.firstSurname ?? ''} ${body.secondSurname ?? ''} `);
    const anyOf = (terms: NameQueryTerm[]) =>
      tokenMatches(ctx, viewer, { folded: '', tokens: [...new Set(terms.flatMap((t) => t.tokens))] });
    const rows = await ctx.db
      .selectFrom('person')
      .select(personColumns)
      .select(sql<number>`similarity(person.search_name, ${folded})`.as('similarity'))
      .where((eb) =>
        eb.and([
          personVisible(eb, viewer),
          eb.or([
            eb.and([
              eb('person.id', 'in', anyOf(givenTerms)),
              ...(surnameTerms.length > 0 ? [eb('person.id', 'in', anyOf(surnameTerms))] : []),
            ]),
            sql<boolean>`person.search_name % ${folded}`,
          ]),
        ]),
      )
      .orderBy('similarity', 'desc')
      .orderBy('person.id')
      .limit(50)
      .execute();
    const scored = rows
      .map((row) => scoreCandidate(body, row, row.similarity))
      .filter((c) => c.score >= MIN_SCORE)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_CANDIDATES);
    const persons = await presentPersons(
      ctx.db,
      ctx.actor,
      scored.map((c) => c.row),
    );
    await auditRecordList(
      ctx,
      'person.matched',
      'person',
      persons.map((p) => p.id),
      { query: fullName, dateOfBirth: body.dateOfBirth?.precision },
    );
    return {
      candidates: scored.map((c, i) => ({ person: persons[i]!, score: c.score, reasons: c.reasons })),
    };
  },
});

export const personSearchRoutes = [search, match];
