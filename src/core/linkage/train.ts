/**
 * Unsupervised training, as Splink does it:
 * 1. u from random pairs: nearly all random pairs are different persons, so the share of random pairs at
 *    each level estimates u.
 * 2. m by EM, in sessions: each session takes the pairs that share a training key (e.g. surname and given
 *    name) and agree on the comparisons that key implies; those comparisons are left out of the session and
 *    EM estimates m of the others with u fixed. Every comparison is estimated in some session; where several
 *    sessions estimate it, their expected counts are pooled.
 * 3. λ: a session's λ is the share of matches among its pairs; undoing its blocking (dividing its odds by
 *    the Bayes factor of the agreement that selected the pairs) gives λ over all pairs. λ is the geometric
 *    mean, in odds, over the sessions.
 * Two refinements over Splink: random pairs include a share λ of matches, which inflates u of strong levels
 * (an exact date of birth) when duplicates are common, so u is corrected to (u_random − λm)/(1 − λ) and the
 * sessions run again; and a level seen neither in random pairs nor among matches gets weight 0 instead of a
 * weight made of two floors. The labels of the data are never read.
 */

import { isLinkTask, pairsSharingKey, possiblePairs } from './blocking.ts';
import { expectationMaximisation, NULL_LEVEL, PatternCounter } from './em.ts';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ComparisonParameters,
  type ModelParameters,
  type SessionSummary,
} from './model.ts';
import type { PreparedRecord } from './record.ts';
import type { LinkageSpec, TrainingRule } from './spec.ts';
import { seededRandom } from './strings.ts';

export interface TrainingOptions {
  /** Random pairs drawn to estimate u. */
  uPairs?: number;
  /** Pairs at most per training session. */
  sessionPairs?: number;
  /** Training blocks larger than this are skipped. */
  sessionBlockSize?: number;
  /** Rounds of (sessions, λ, u correction). */
  rounds?: number;
  seed?: number;
}

export const TRAINING_DEFAULTS = {
  uPairs: 300_000,
  sessionPairs: 300_000,
  sessionBlockSize: 1_000,
  rounds: 2,
  seed: 1,
};

/** Pseudo-count of matching pairs spread over the levels like the first guess of m. */
const M_PRIOR_PAIRS = 1;
const FLOOR = 1e-6;

/** The first m guess: agreement levels likely in matches, the catch-all unlikely. */
function initialM(levels: number): number[] {
  const m = Array.from({ length: levels }, (_, l) => 0.5 ** (l + 1));
  m[levels - 1] = 0.02;
  const total = m.reduce((a, b) => a + b, 0);
  return m.map((p) => p / total);
}

const normalise = (row: number[]) => {
  const floored = row.map((p) => Math.max(p, FLOOR));
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((p) => p / total);
};

export interface RandomPairCounts {
  /** counts[k][l]: random pairs at level l of comparison k (nulls not counted). */
  counts: number[][];
  pairs: number;
}

/** Levels of random pairs, counted per comparison. */
export function countRandomPairs(
  spec: LinkageSpec,
  records: readonly PreparedRecord[],
  pairs: number,
  seed: number,
): RandomPairCounts {
  const counts = spec.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const random = seededRandom(seed);
  const link = isLinkTask(records);
  const left = link ? records.filter((r) => r.source === 0) : records;
  const right = link ? records.filter((r) => r.source === 1) : records;
  if (left.length === 0 || right.length === 0 || (!link && records.length < 2)) return { counts, pairs: 0 };
  for (let p = 0; p < pairs; p++) {
    const a = left[Math.floor(random() * left.length)]!;
    let b = right[Math.floor(random() * right.length)]!;
    while (!link && b === a) b = right[Math.floor(random() * right.length)]!;
    spec.comparisons.forEach((comparison, k) => {
      const level = comparison.compare(a, b);
      if (level !== NULL_LEVEL) counts[k]![level]!++;
    });
  }
  return { counts, pairs };
}

/** u from counts of random pairs, with half a pair per level so that no u is 0. */
export function uFromCounts(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (c + 0.5) / (total + 0.5 * row.length));
  });
}

interface SessionData {
  rule: TrainingRule;
  agree: { comparison: number; levels: number[] }[];
  active: number[];
  patterns: PatternCounter;
}

/** The pairs of a training session as patterns over its active comparisons. */
function sessionData(
  spec: LinkageSpec,
  records: readonly PreparedRecord[],
  rule: TrainingRule,
  index: number,
  settings: typeof TRAINING_DEFAULTS,
): SessionData {
  const names = spec.comparisons.map((c) => c.name);
  const agree = Object.entries(rule.agree).map(([name, levels]) => {
    const comparison = names.indexOf(name);
    if (comparison < 0) throw new Error(`Sesión ${rule.name}: comparación desconocida ${name}`);
    return { comparison, levels: levels.map((l) => spec.comparisons[comparison]!.levels.indexOf(l)) };
  });
  const active = spec.comparisons.map((_, k) => k).filter((k) => !agree.some((a) => a.comparison === k));
  const sample = pairsSharingKey(records, rule.keys, {
    maxBlockSize: settings.sessionBlockSize,
    maxPairs: settings.sessionPairs,
    seed: settings.seed + index + 1,
  });
  const patterns = new PatternCounter();
  const vector = new Array<number>(active.length);
  for (let p = 0; p < sample.left.length; p++) {
    const a = records[sample.left[p]!]!;
    const b = records[sample.right[p]!]!;
    const selected = agree.every(({ comparison, levels }) =>
      levels.includes(spec.comparisons[comparison]!.compare(a, b)),
    );
    if (!selected) continue;
    active.forEach((k, i) => (vector[i] = spec.comparisons[k]!.compare(a, b)));
    patterns.add(vector);
  }
  return { rule, agree, active, patterns };
}

/** u without the share λ of matches that random pairs contain: (u_random − λm)/(1 − λ). */
function correctedU(uObserved: readonly number[][], m: readonly number[][], lambda: number): number[][] {
  return uObserved.map((row, k) =>
    normalise(row.map((p, l) => Math.max(p - lambda * m[k]![l]!, 0) / (1 - lambda))),
  );
}

/**
 * λ over all pairs implied by a session's λ. The session's pairs were selected by agreement on some
 * comparisons, which has Bayes factor Π m_sel/u_sel, where u_sel is the non-match share at the selected
 * levels: (u_random,sel − λ·m_sel)/(1 − λ). Solves odds(λ) = odds(λ_session) / Π m_sel/u_sel(λ) by
 * bisection (the left side grows with λ, the right side falls).
 */
function impliedLambda(
  sessionLambda: number,
  agree: readonly { comparison: number; levels: number[] }[],
  m: readonly number[][],
  uObserved: readonly number[][],
): number {
  const selected = agree.map(({ comparison, levels }) => ({
    m: levels.reduce((sum, l) => sum + m[comparison]![l]!, 0),
    u: levels.reduce((sum, l) => sum + uObserved[comparison]![l]!, 0),
  }));
  const sessionOdds = sessionLambda / (1 - sessionLambda);
  const gap = (lambda: number) => {
    let odds = sessionOdds;
    for (const s of selected) odds *= Math.max((s.u - lambda * s.m) / (1 - lambda), FLOOR * s.u) / s.m;
    return Math.log(lambda / (1 - lambda)) - Math.log(odds);
  };
  let lo = 1e-12;
  let hi = Math.min(0.5, ...selected.map((s) => s.u / s.m));
  if (gap(hi) <= 0) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (gap(mid) > 0) hi = mid;
    else lo = mid;
  }
  return Math.sqrt(lo * hi);
}

export function trainModel(
  spec: LinkageSpec,
  records: readonly PreparedRecord[],
  options: TrainingOptions = {},
): ModelParameters {
  const settings = { ...TRAINING_DEFAULTS, ...options };
  // Drawing more random pairs than there are pairs adds nothing.
  const uPairs = Math.min(settings.uPairs, Math.max(possiblePairs(records), 1));
  const random = countRandomPairs(spec, records, uPairs, settings.seed);
  const uObserved = uFromCounts(random.counts);
  const data = spec.training
    .map((rule, s) => sessionData(spec, records, rule, s, settings))
    .filter((session) => session.patterns.pairs >= 10);

  let u = uObserved;
  let m = spec.comparisons.map((c) => initialM(c.levels.length));
  let matchEvidence = spec.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  let lambda = 1 / Math.max(records.length, 2);
  let summaries: SessionSummary[] = [];

  for (let round = 0; round < settings.rounds; round++) {
    const evidence = spec.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
    let startM = m;
    summaries = [];
    const sessionLambdas: number[] = [];
    for (const session of data) {
      const result = expectationMaximisation({
        patterns: session.patterns.patterns,
        counts: session.patterns.counts,
        m: session.active.map((k) => startM[k]!),
        u: session.active.map((k) => u[k]!),
        lambda: 0.1,
        fixU: true,
      });
      startM = startM.map((row, k) => {
        const i = session.active.indexOf(k);
        return i < 0 ? row : result.m[i]!;
      });
      session.active.forEach((k, i) => result.matchCounts[i]!.forEach((c, l) => (evidence[k]![l]! += c)));
      sessionLambdas.push(result.lambda);
      summaries.push({
        name: session.rule.name,
        pairs: session.patterns.pairs,
        iterations: result.iterations,
        converged: result.converged,
        sessionLambda: result.lambda,
        impliedLambda: NaN,
        estimated: session.active.map((k) => spec.comparisons[k]!.name),
      });
    }
    m = spec.comparisons.map((c, k) => {
      const counts = evidence[k]!;
      const total = counts.reduce((a, b) => a + b, 0);
      if (total === 0) return initialM(c.levels.length);
      const prior = initialM(c.levels.length);
      return normalise(counts.map((n, l) => (n + M_PRIOR_PAIRS * prior[l]!) / (total + M_PRIOR_PAIRS)));
    });
    matchEvidence = evidence;

    // λ over all pairs: each session's odds with the Bayes factor of its selection removed.
    const logOdds = data.map((session, s) => {
      const implied = impliedLambda(sessionLambdas[s]!, session.agree, m, uObserved);
      summaries[s]!.impliedLambda = implied;
      return Math.log(implied) - Math.log(1 - implied);
    });
    if (logOdds.length > 0) {
      lambda = 1 / (1 + Math.exp(-logOdds.reduce((a, b) => a + b, 0) / logOdds.length));
    }
    u = correctedU(uObserved, m, lambda);
  }

  const comparisons: ComparisonParameters[] = spec.comparisons.map((c, k) => ({
    name: c.name,
    levels: c.levels.map((level, l) => {
      const unseen = random.counts[k]![l] === 0 && matchEvidence[k]![l]! < 1;
      // Seen in neither class: no evidence either way, weight 0.
      return { level, m: unseen ? u[k]![l]! : m[k]![l]!, u: u[k]![l]! };
    }),
  }));
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    spec: { name: spec.name, version: spec.version },
    lambda,
    comparisons,
    training: { uPairs: random.pairs, sessions: summaries, records: records.length },
  };
}
