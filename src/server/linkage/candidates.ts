import {
  probabilityOf,
  type ExplanationTerm,
  type LinkageModel,
  type PreparedRecord,
} from '../../core/linkage/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { blockKeysOf, personsSharingKeys } from './keys.ts';
import { activeModel } from './models.ts';
import { linkagePersons, prepareKnown, type KnownPerson, type LinkagePersonRow } from './person-record.ts';

/**
 * Candidates for one record (a registration being typed, a tracing request): the persons sharing a blocking
 * key with it in `person_block_key`, scored by the active model. No scope is applied here: callers decide
 * what of each candidate the actor may learn (everything, or only that a record exists and where).
 */

export interface Candidate {
  row: LinkagePersonRow;
  record: PreparedRecord;
  score: number;
  probability: number;
}

export interface CandidateSearch {
  modelVersion: number;
  model: LinkageModel;
  query: PreparedRecord;
  /** Best first. */
  candidates: Candidate[];
}

/** The explanation as stored and shown: no compared value, only what agreed and how much it weighed. */
export interface PublicExplanationTerm {
  field: string;
  level: string;
  weight: number;
  termFrequencyAdjustment?: number;
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export function publicExplanation(terms: readonly ExplanationTerm[]): PublicExplanationTerm[] {
  return terms.map((t) => ({
    field: t.field,
    level: t.level,
    weight: round(t.weight),
    ...(t.termFrequency && { termFrequencyAdjustment: round(t.termFrequency.adjustment) }),
  }));
}

export async function searchCandidates(
  db: Executor,
  known: KnownPerson,
  options: { minScore: number; exclude?: ReadonlySet<string> },
): Promise<CandidateSearch> {
  const { version, model } = await activeModel(db);
  const query = prepareKnown('query', known);
  const ids = [...(await personsSharingKeys(db, blockKeysOf(query)))].filter(
    (id) => !options.exclude?.has(id),
  );
  const persons = await linkagePersons(db, ids, Boolean(known.motherName || known.fatherName));
  const candidates: Candidate[] = [];
  persons.forEach(({ row, known: other }, index) => {
    const record = prepareKnown(row.id, other, index + 1);
    const score = model.score(query, record);
    if (score >= options.minScore) {
      candidates.push({ row, record, score, probability: probabilityOf(score) });
    }
  });
  candidates.sort((a, b) => b.score - a.score || (a.row.id < b.row.id ? -1 : 1));
  return { modelVersion: version, model, query, candidates };
}

/** Probability ↔ score (bits). */
export const scoreOf = (probability: number) => Math.log2(probability / (1 - probability));
