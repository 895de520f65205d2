import { z } from 'zod';
import { matchPersonInput } from '../../core/cases/person-input.ts';
import { MATCH_PROBABILITY_THRESHOLD } from '../../core/linkage/index.ts';
import { PERSON_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { auditRecordList, queryDigest } from '../cases/audit.ts';
import { requireWriteClearance } from '../cases/clearance.ts';
import { personVisible, readingViewer } from '../cases/visibility.ts';
import { personSchema } from '../persons/schemas.ts';
import { personColumns } from '../persons/store.ts';
import { defineRoute } from '../platform/http/route.ts';
import { presentPersonsAsSeen } from '../sharing/persons.ts';
import {
  publicExplanation,
  round,
  scoreOf,
  searchCandidates,
  type PublicExplanationTerm,
} from './candidates.ts';
import { noticeSchema, noticesFor } from './contacts.ts';
import { birthOf } from './person-record.ts';
import { explanationSchema } from './schemas.ts';

/**
 * The duplicate check while registering a person: the records the person may already have, found by the
 * linkage engine (blocking keys, the active model, each candidate's score explained). Records the registrar
 * may see are shown; a likely record they may not see (another team, another agency) is reported only as
 * "a possible record exists at this agency, contact …", with no data.
 */

/** Candidates shown to the registrar: a human decides, so the bar is low (1 %). */
export const REGISTRATION_MIN_PROBABILITY = 0.01;
const MAX_CANDIDATES = 10;
/** Records the registrar may not see are mentioned only when the model itself calls them a match. */
const NOTICE_MIN_SCORE = scoreOf(MATCH_PROBABILITY_THRESHOLD);

/** Given-name levels at which the name itself agrees (a second name may be missing on one side). */
const GIVEN_NAME_AGREES = new Set(['exact', 'phonetic', 'one_dropped', 'fuzzy_92']);

/** The reasons the registration screen names (POST /api/persons/match `reasons`), from the explanation. */
export function reasonsOf(explanation: readonly PublicExplanationTerm[]): string[] {
  const reasons: string[] = [];
  for (const { field, level, weight } of explanation) {
    if (field === 'given_names' && weight > 0) {
      reasons.push(GIVEN_NAME_AGREES.has(level) ? 'given_name' : 'other_given_name');
    } else if (field === 'first_surname' && weight > 0) {
      if (level === 'swapped') reasons.push('surnames_swapped');
      else if (level === 'crossed') reasons.push('surname_in_other_position');
      else if (level !== 'swapped_with_given') reasons.push('first_surname');
    } else if (field === 'second_surname' && weight > 0) {
      reasons.push('second_surname');
    } else if (field === 'birth_date' && level !== 'null') {
      reasons.push(weight > 0 ? 'date_of_birth_compatible' : 'date_of_birth_conflict');
    }
  }
  return reasons;
}

export const registrationMatchResult = z.object({
  candidates: z.array(
    z.object({
      person: personSchema,
      /** Match weight in bits: the sum of the explanation's weights. */
      score: z.number(),
      probability: z.number(),
      reasons: z.array(z.string()),
      explanation: explanationSchema,
    }),
  ),
  /** Likely records the registrar may not see: where they are and whom to ask, nothing else. */
  elsewhere: z.array(noticeSchema),
  modelVersion: z.number().int(),
});

const match = defineRoute({
  method: 'POST',
  url: '/api/persons/match',
  summary: 'Posibles registros existentes de la persona que se va a registrar (dentro de su alcance)',
  tags: ['persons'],
  policy: { permission: 'person:create' },
  schema: { body: matchPersonInput, response: registrationMatchResult },
  handler: async (ctx, { body }) => {
    // Looking a child up by name is reading identity data, as registering one is writing it.
    requireWriteClearance(ctx.actor, body, PERSON_FIELD_CLASSES);
    const search = await searchCandidates(
      ctx.db,
      {
        givenNames: body.givenNames,
        firstSurname: body.firstSurname,
        secondSurname: body.secondSurname,
        birth: birthOf(body.dateOfBirth),
      },
      { minScore: scoreOf(REGISTRATION_MIN_PROBABILITY) },
    );
    const ids = search.candidates.map((c) => c.row.id);
    const viewer = await readingViewer(ctx);
    const visibleRows =
      ids.length === 0
        ? []
        : await ctx.db
            .selectFrom('person')
            .select(personColumns)
            .where('person.id', 'in', ids)
            .where((eb) => personVisible(eb, viewer, { shared: true }))
            .execute();
    const visible = new Map(visibleRows.map((row) => [row.id, row]));
    const shown = search.candidates.filter((c) => visible.has(c.row.id)).slice(0, MAX_CANDIDATES);
    const hidden = search.candidates.filter(
      (c) => !visible.has(c.row.id) && !c.row.restricted && c.score >= NOTICE_MIN_SCORE,
    );
    const persons = await presentPersonsAsSeen(
      ctx,
      viewer,
      shown.map((c) => visible.get(c.row.id)!),
    );
    const elsewhere = await noticesFor(
      ctx.db,
      hidden.map((c) => c.row.agency_id),
    );
    const fullName = [body.givenNames, body.firstSurname, body.secondSurname].filter(Boolean).join(' ');
    await auditRecordList(
      ctx,
      'person.matched',
      'person',
      persons.map((p) => p.id),
      {
        queryDigest: queryDigest(ctx, fullName),
        dateOfBirth: body.dateOfBirth?.precision,
        modelVersion: search.modelVersion,
        elsewhere: elsewhere.length,
      },
    );
    return {
      candidates: shown.map((c, i) => {
        const explanation = publicExplanation(search.model.explain(search.query, c.record).explanation);
        return {
          person: persons[i]!,
          score: round(c.score),
          probability: round(c.probability, 4),
          reasons: reasonsOf(explanation),
          explanation,
        };
      }),
      elsewhere,
      modelVersion: search.modelVersion,
    };
  },
});

export const registrationRoutes = [match];
