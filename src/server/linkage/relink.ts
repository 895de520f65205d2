import { MATCH_PROBABILITY_THRESHOLD, probabilityOf } from '../../core/linkage/index.ts';
import type { Context } from '../platform/http/route.ts';
import { publicExplanation, round, scoreOf, searchCandidates } from './candidates.ts';
import { refreshBlockKeys } from './keys.ts';
import { upsertPairs, type NewPair } from './pair-upsert.ts';

/**
 * A person registered or changed (names, birth, origin, parents) is linked again at once: their blocking keys
 * are rewritten and the agency's records that now score at the queue's threshold with them wait in the review
 * queue (found by 'registration'), without waiting for the next batch. Nothing is merged, and records of other
 * agencies are never paired. A restricted record is neither queued nor paired, as in the batch.
 */
export async function relinkPerson(ctx: Context, personId: string): Promise<void> {
  const person = await refreshBlockKeys(ctx.db, personId);
  if (!person || person.row.restricted) return;
  const search = await searchCandidates(ctx.db, person.known, {
    minScore: scoreOf(MATCH_PROBABILITY_THRESHOLD),
    exclude: new Set([personId]),
  });
  const pairs: NewPair[] = search.candidates
    .filter((c) => c.row.agency_id === person.row.agency_id && !c.row.restricted)
    .map((c) => {
      // Scored and explained in the order of the ids, as the batch stores a pair.
      const first = personId < c.row.id;
      const { score, explanation } = first
        ? search.model.explain(search.query, c.record)
        : search.model.explain(c.record, search.query);
      return {
        agency_id: person.row.agency_id,
        person_a: first ? personId : c.row.id,
        person_b: first ? c.row.id : personId,
        score: round(score),
        probability: round(probabilityOf(score), 6),
        explanation: JSON.stringify(publicExplanation(explanation)),
        model_version: search.modelVersion,
        found_by: 'registration' as const,
      };
    })
    .filter((pair) => pair.score >= scoreOf(MATCH_PROBABILITY_THRESHOLD));
  const saved = await upsertPairs(ctx.db, pairs);
  if (saved.length === 0) return;
  await ctx.audit({
    action: 'linkage.pairs_queued',
    resourceType: 'linkage_pair',
    resourceIds: saved.map((p) => p.id),
    details: { personId, queued: saved.filter((p) => p.inserted).length },
  });
}
