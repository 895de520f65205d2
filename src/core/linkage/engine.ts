/**
 * One linkage run over records in memory: prepare, train (unsupervised), block, score. A pair is proposed as
 * a match when the model's own match probability is at least 0.5 — the same rule for every data set, chosen
 * without labels (MATCH_PROBABILITY_THRESHOLD).
 */

import { candidatePairs, type BlockingOptions, type CandidatePairs } from './blocking.ts';
import { LinkageModel, probabilityOf, type ModelParameters } from './model.ts';
import { prepareRecords, type LinkInput, type PreparedRecord, type RecordSchema } from './record.ts';
import { buildTermFrequencies, type LinkageSpec } from './spec.ts';
import { trainModel, type TrainingOptions } from './train.ts';

/** A pair is a match when P(match) ≥ 0.5, i.e. its score (match weight) is ≥ 0 bits. */
export const MATCH_PROBABILITY_THRESHOLD = 0.5;

export interface LinkOptions extends TrainingOptions, BlockingOptions {
  /** Trained parameters to use instead of training on these records. */
  parameters?: ModelParameters;
  threshold?: number;
}

export interface LinkResult {
  records: PreparedRecord[];
  model: LinkageModel;
  candidates: CandidatePairs;
  /** Score (bits) of each candidate pair, in the order of `candidates`. */
  scores: Float64Array;
  threshold: number;
  timings: { prepareMs: number; trainMs: number; blockMs: number; scoreMs: number; totalMs: number };
}

export function linkPrepared(
  records: PreparedRecord[],
  spec: LinkageSpec,
  options: LinkOptions = {},
): LinkResult {
  const started = performance.now();
  const parameters = options.parameters ?? trainModel(spec, records, options);
  const trained = performance.now();
  const model = new LinkageModel(spec, parameters, buildTermFrequencies(spec, records));
  const candidates = candidatePairs(records, spec.blocking, options);
  const blocked = performance.now();
  const scores = new Float64Array(candidates.count);
  for (let p = 0; p < candidates.count; p++) {
    scores[p] = model.score(records[candidates.left[p]!]!, records[candidates.right[p]!]!);
  }
  const scored = performance.now();
  return {
    records,
    model,
    candidates,
    scores,
    threshold: options.threshold ?? MATCH_PROBABILITY_THRESHOLD,
    timings: {
      prepareMs: 0,
      trainMs: trained - started,
      blockMs: blocked - trained,
      scoreMs: scored - blocked,
      totalMs: scored - started,
    },
  };
}

/** Prepares the inputs for the schema and links them with the configuration `specFor(schema)`. */
export function linkRecords(
  inputs: readonly LinkInput[],
  schema: RecordSchema,
  specFor: (schema: RecordSchema) => LinkageSpec,
  options: LinkOptions = {},
): LinkResult {
  const started = performance.now();
  const records = prepareRecords(inputs, schema);
  const prepareMs = performance.now() - started;
  const result = linkPrepared(records, specFor(schema), options);
  result.timings.prepareMs = prepareMs;
  result.timings.totalMs += prepareMs;
  return result;
}

/** Indexes of the candidate pairs proposed as matches. */
export function matchedPairs(result: LinkResult): number[] {
  const matched: number[] = [];
  for (let p = 0; p < result.scores.length; p++) {
    if (probabilityOf(result.scores[p]!) >= result.threshold) matched.push(p);
  }
  return matched;
}
