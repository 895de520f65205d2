/**
 * Evaluation against known truth (labels are read here only, after linkage has run): pairwise precision,
 * recall and F1 of the proposed matches, pairs completeness (share of true pairs that blocking proposed) and
 * reduction ratio (share of all possible pairs that blocking did not propose).
 */

import { isLinkTask } from './blocking.ts';
import { matchedPairs, type LinkResult } from './engine.ts';

export interface Evaluation {
  precision: number;
  recall: number;
  f1: number;
  pairsCompleteness: number;
  reductionRatio: number;
  candidatePairs: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  recordsPerSecond: number;
}

/** True pairs: records with the same label (across the two files when linking). Unlabelled records are alone. */
export function countTruePairs(
  labels: readonly (string | undefined)[],
  sources: readonly (0 | 1)[],
  link: boolean,
) {
  const counts = new Map<string, [number, number]>();
  labels.forEach((label, i) => {
    if (label === undefined || label === '') return;
    const entry = counts.get(label) ?? [0, 0];
    entry[sources[i]!]++;
    counts.set(label, entry);
  });
  let total = 0;
  for (const [a, b] of counts.values()) total += link ? a * b : ((a + b) * (a + b - 1)) / 2;
  return total;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function evaluate(result: LinkResult, labels: readonly (string | undefined)[]): Evaluation {
  const { records, candidates } = result;
  const same = (p: number) => {
    const a = labels[candidates.left[p]!];
    return a !== undefined && a !== '' && a === labels[candidates.right[p]!];
  };
  const link = isLinkTask(records);
  const truePairs = countTruePairs(
    labels,
    records.map((r) => r.source),
    link,
  );
  let found = 0;
  for (let p = 0; p < candidates.count; p++) if (same(p)) found++;
  const matched = matchedPairs(result);
  const truePositives = matched.filter(same).length;
  const precision = ratio(truePositives, matched.length);
  const recall = ratio(truePositives, truePairs);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    pairsCompleteness: ratio(found, truePairs),
    reductionRatio: 1 - ratio(candidates.count, candidates.possiblePairs),
    candidatePairs: candidates.count,
    truePairs,
    predictedPairs: matched.length,
    truePositives,
    recordsPerSecond: records.length / (result.timings.totalMs / 1000),
  };
}

/**
 * The best recall at which precision is still at least `minPrecision`, over all score cut-offs: a diagnostic
 * of how well the scores rank pairs, independent of the threshold. It reads the labels to pick the cut-off,
 * so it is never how the threshold is chosen.
 */
export function recallAtPrecision(
  result: LinkResult,
  labels: readonly (string | undefined)[],
  minPrecision: number,
): { recall: number; precision: number; score: number } {
  const { candidates, scores } = result;
  const truePairs = countTruePairs(
    labels,
    result.records.map((r) => r.source),
    isLinkTask(result.records),
  );
  const order = Array.from({ length: candidates.count }, (_, p) => p).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let best = { recall: 0, precision: 1, score: Infinity };
  order.forEach((p, rank) => {
    const a = labels[candidates.left[p]!];
    if (a !== undefined && a !== '' && a === labels[candidates.right[p]!]) tp++;
    const next = order[rank + 1];
    if (next !== undefined && scores[next] === scores[p]) return; // cut only between distinct scores
    const precision = tp / (rank + 1);
    const recall = ratio(tp, truePairs);
    if (precision >= minPrecision && recall > best.recall) best = { recall, precision, score: scores[p]! };
  });
  return best;
}
