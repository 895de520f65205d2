/**
 * A trained Fellegi–Sunter model: for each comparison level the probability m of seeing it in a match and
 * u in a non-match, and λ, the probability that two records drawn at random are the same person. A pair's
 * score is its match weight in bits: log2(λ/(1−λ)) + Σ log2(m/u) over its comparisons, with the weight of
 * an exact agreement moved by how rare the agreeing value is (term frequency: a rare Mayan surname says
 * more than López). The match probability is 2^score / (1 + 2^score).
 */

import type { PreparedRecord } from './record.ts';
import { NULL_LEVEL, type LinkageSpec, type TermFrequencyTable } from './spec.ts';

export const MODEL_FORMAT = 'amparo.linkage.model';
export const MODEL_FORMAT_VERSION = 1;

export interface LevelParameters {
  level: string;
  m: number;
  u: number;
}

export interface ComparisonParameters {
  name: string;
  levels: LevelParameters[];
}

export interface SessionSummary {
  name: string;
  pairs: number;
  iterations: number;
  converged: boolean;
  /** λ among the session's pairs, and the λ over all pairs it implies once the blocking is undone. */
  sessionLambda: number;
  impliedLambda: number;
  estimated: string[];
}

export interface ModelParameters {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** The configuration the parameters belong to, e.g. "amparo-gt" version 1. */
  spec: { name: string; version: number };
  lambda: number;
  comparisons: ComparisonParameters[];
  training: { uPairs: number; sessions: SessionSummary[]; records: number };
}

export interface ExplanationTerm {
  /** "prior" for the λ term, otherwise the comparison's field. */
  field: string;
  level: string;
  /** Bits; the terms sum to the score. */
  weight: number;
  /** The part of the weight that comes from the agreeing value's frequency. */
  termFrequency?: { value: string; adjustment: number };
}

export interface ScoredPair {
  score: number;
  probability: number;
  explanation: ExplanationTerm[];
}

export const log2 = Math.log2;

/** Bits of rounding a bound may differ by from the sum it bounds: a pair is given up only below it. */
const BOUND_SLACK = 1e-9;

export function probabilityOf(score: number): number {
  return score > 60 ? 1 : score < -60 ? 0 : 1 / (1 + 2 ** -score);
}

export function serialiseModel(params: ModelParameters): string {
  return JSON.stringify(params);
}

/** Parses stored parameters and checks they fit the configuration (same comparisons and levels). */
export function parseModel(text: string, spec: LinkageSpec): ModelParameters {
  const params = JSON.parse(text) as ModelParameters;
  if (params.format !== MODEL_FORMAT || params.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new Error('Parámetros de enlace con un formato desconocido');
  }
  if (params.spec.name !== spec.name || params.spec.version !== spec.version) {
    throw new Error(`Parámetros de otra configuración: ${params.spec.name} v${params.spec.version}`);
  }
  const fits =
    params.comparisons.length === spec.comparisons.length &&
    spec.comparisons.every(
      (c, k) =>
        params.comparisons[k]!.name === c.name &&
        params.comparisons[k]!.levels.map((l) => l.level).join() === c.levels.join(),
    );
  if (!fits) throw new Error('Los parámetros no corresponden a las comparaciones de la configuración');
  return params;
}

export class LinkageModel {
  /** weights[k][l] = log2(m/u). */
  readonly weights: number[][];
  readonly prior: number;
  private readonly vector: number[];
  /** bestFrom[k]: the most comparisons k, k+1, … can add to a score (their best level, rarest value). */
  private readonly bestFrom: Float64Array;

  constructor(
    readonly spec: LinkageSpec,
    readonly params: ModelParameters,
    readonly termFrequencies: ReadonlyMap<string, TermFrequencyTable>,
  ) {
    this.weights = params.comparisons.map((c) => c.levels.map((l) => log2(l.m) - log2(l.u)));
    this.prior = log2(params.lambda) - log2(1 - params.lambda);
    this.vector = new Array<number>(spec.comparisons.length);
    this.bestFrom = new Float64Array(spec.comparisons.length + 1);
    for (let k = spec.comparisons.length - 1; k >= 0; k--) {
      this.bestFrom[k] = this.bestFrom[k + 1]! + this.bestWeight(k);
    }
  }

  /**
   * The largest weight comparison k can give a pair: its best level with each term-frequency adjustment of
   * that level at the rarest value of its table (a value not in the table adds nothing), or 0 when unknown.
   */
  private bestWeight(k: number): number {
    let best = 0;
    this.weights[k]!.forEach((weight, level) => {
      let most = weight;
      for (const entry of this.spec.comparisons[k]!.termFrequency ?? []) {
        const table = this.termFrequencies.get(entry.table);
        if (entry.level !== level || !table || table.total === 0) continue;
        let rarest = Infinity;
        for (const count of table.counts.values()) rarest = Math.min(rarest, count);
        if (rarest !== Infinity) most += Math.max(0, log2(table.sumSquares) - log2(rarest / table.total));
      }
      best = Math.max(best, most);
    });
    return best;
  }

  /**
   * The term-frequency adjustment of comparison k at level l for this pair, in bits: log2(Σf² / f(value)),
   * positive for a value rarer than the typical agreeing one. Summed when a level has several entries.
   */
  private adjustment(k: number, level: number, a: PreparedRecord, b: PreparedRecord) {
    const entries = this.spec.comparisons[k]!.termFrequency;
    if (!entries) return undefined;
    let found: { value: string; adjustment: number } | undefined;
    for (const entry of entries) {
      if (entry.level !== level) continue;
      const value = entry.value(a, b);
      const adjustment = this.bitsOf(entry.table, value);
      if (value === undefined || adjustment === undefined) continue;
      found = found
        ? { value: `${found.value} ${value}`, adjustment: found.adjustment + adjustment }
        : { value, adjustment };
    }
    return found;
  }

  /** The bits of one value's frequency in a table; undefined when the value or the table is not known. */
  private bitsOf(tableName: string, value: string | undefined): number | undefined {
    const table = this.termFrequencies.get(tableName);
    if (value === undefined || !table || table.total === 0) return undefined;
    const count = table.counts.get(value);
    return count === undefined ? undefined : log2(table.sumSquares) - log2(count / table.total);
  }

  /** adjustment()'s bits alone (0 when none), without making its description: what scoring needs. */
  private adjustmentBits(k: number, level: number, a: PreparedRecord, b: PreparedRecord): number {
    let bits = 0;
    for (const entry of this.spec.comparisons[k]!.termFrequency!) {
      if (entry.level !== level) continue;
      bits += this.bitsOf(entry.table, entry.value(a, b)) ?? 0;
    }
    return bits;
  }

  score(a: PreparedRecord, b: PreparedRecord): number {
    let score = this.prior;
    const comparisons = this.spec.comparisons;
    for (let k = 0; k < comparisons.length; k++) {
      const level = comparisons[k]!.compare(a, b);
      this.vector[k] = level;
      if (level === NULL_LEVEL) continue;
      score += this.weights[k]![level]!;
      if (comparisons[k]!.termFrequency) score += this.adjustmentBits(k, level, a, b);
    }
    return score;
  }

  /**
   * The pair's score, exactly as score() gives it, when it can still reach `min`; -Infinity once what the
   * comparisons so far add up to, plus the most the remaining ones could add, stays below `min` (weights are
   * additive). The same comparisons in the same order: a pair at or above `min` is never given up, and the
   * costly comparisons last in the configuration (parents' names) are skipped for most non-matches.
   */
  scoreAtLeast(a: PreparedRecord, b: PreparedRecord, min: number): number {
    let score = this.prior;
    const comparisons = this.spec.comparisons;
    const floor = min - BOUND_SLACK;
    for (let k = 0; k < comparisons.length; k++) {
      if (score + this.bestFrom[k]! < floor) return -Infinity;
      const level = comparisons[k]!.compare(a, b);
      this.vector[k] = level;
      if (level === NULL_LEVEL) continue;
      score += this.weights[k]![level]!;
      if (comparisons[k]!.termFrequency) score += this.adjustmentBits(k, level, a, b);
    }
    return score;
  }

  /** The levels of the pair last scored (valid until the next call to score). */
  get lastVector(): readonly number[] {
    return this.vector;
  }

  explain(a: PreparedRecord, b: PreparedRecord): ScoredPair {
    const explanation: ExplanationTerm[] = [{ field: 'prior', level: 'prior', weight: this.prior }];
    this.spec.comparisons.forEach((comparison, k) => {
      const level = comparison.compare(a, b);
      if (level === NULL_LEVEL) {
        explanation.push({ field: comparison.name, level: 'null', weight: 0 });
        return;
      }
      const term: ExplanationTerm = {
        field: comparison.name,
        level: comparison.levels[level]!,
        weight: this.weights[k]![level]!,
      };
      const tf = this.adjustment(k, level, a, b);
      if (tf) {
        term.weight += tf.adjustment;
        term.termFrequency = tf;
      }
      explanation.push(term);
    });
    const score = explanation.reduce((sum, t) => sum + t.weight, 0);
    return { score, probability: probabilityOf(score), explanation };
  }
}
