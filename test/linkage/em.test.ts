import { describe, expect, it } from 'vitest';
import {
  expectationMaximisation,
  NULL_LEVEL,
  PatternCounter,
  seededRandom,
} from '../../src/core/linkage/index.ts';

// Known parameters: three comparisons with 3, 2 and 4 levels.
const TRUE_M = [
  [0.85, 0.1, 0.05],
  [0.9, 0.1],
  [0.6, 0.25, 0.1, 0.05],
];
const TRUE_U = [
  [0.02, 0.08, 0.9],
  [0.15, 0.85],
  [0.01, 0.04, 0.15, 0.8],
];
const TRUE_LAMBDA = 0.15;
const NULL_SHARE = 0.1;

function draw(random: () => number, probabilities: readonly number[]): number {
  let r = random();
  for (let level = 0; level < probabilities.length; level++) {
    r -= probabilities[level]!;
    if (r < 0) return level;
  }
  return probabilities.length - 1;
}

/** Comparison vectors drawn from the Fellegi–Sunter model with the known m, u and λ (some values missing). */
function generatePairs(pairs: number, seed: number): PatternCounter {
  const random = seededRandom(seed);
  const counter = new PatternCounter();
  for (let p = 0; p < pairs; p++) {
    const match = random() < TRUE_LAMBDA;
    const vector = (match ? TRUE_M : TRUE_U).map((row) =>
      random() < NULL_SHARE ? NULL_LEVEL : draw(random, row),
    );
    counter.add(vector);
  }
  return counter;
}

const flat = (rows: number[][]) => rows.flat();
const start = (rows: number[][]) => rows.map((row) => row.map(() => 1 / row.length));

describe('expectation–maximisation', () => {
  const data = generatePairs(40_000, 7);

  it('recovers m, u and λ from unlabelled comparison vectors', () => {
    const result = expectationMaximisation({
      patterns: data.patterns,
      counts: data.counts,
      // Starting guesses only say which level is agreement: m leans to the first level, u to the last.
      m: TRUE_M.map((row) => row.map((_, l) => (l === 0 ? 0.6 : 0.4 / (row.length - 1)))),
      u: TRUE_U.map((row) => row.map((_, l) => (l === row.length - 1 ? 0.6 : 0.4 / (row.length - 1)))),
      lambda: 0.5,
      maxIterations: 500,
      tolerance: 1e-7,
    });
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(TRUE_LAMBDA, 2);
    flat(result.m).forEach((m, i) => expect(Math.abs(m - flat(TRUE_M)[i]!)).toBeLessThan(0.03));
    flat(result.u).forEach((u, i) => expect(Math.abs(u - flat(TRUE_U)[i]!)).toBeLessThan(0.02));
  });

  it('with u fixed (from random pairs), estimates m and λ', () => {
    const result = expectationMaximisation({
      patterns: data.patterns,
      counts: data.counts,
      m: start(TRUE_M),
      u: TRUE_U,
      lambda: 0.5,
      fixU: true,
      maxIterations: 500,
    });
    expect(result.lambda).toBeCloseTo(TRUE_LAMBDA, 2);
    flat(result.m).forEach((m, i) => expect(Math.abs(m - flat(TRUE_M)[i]!)).toBeLessThan(0.03));
    expect(result.u).toEqual(TRUE_U); // fixed means untouched
    // The expected matches at each level add up to λ times the pairs where the comparison is not null.
    const matched = result.matchCounts[1]!.reduce((a, b) => a + b, 0);
    expect(matched / data.pairs).toBeCloseTo(TRUE_LAMBDA * (1 - NULL_SHARE), 2);
  });

  it('gives agreeing patterns a high match probability and disagreeing ones a low one', () => {
    const result = expectationMaximisation({
      patterns: [
        [0, 0, 0],
        [2, 1, 3],
        [NULL_LEVEL, NULL_LEVEL, NULL_LEVEL],
      ],
      counts: [1, 1, 1],
      m: TRUE_M,
      u: TRUE_U,
      lambda: TRUE_LAMBDA,
      fixU: true,
      maxIterations: 1,
    });
    expect(result.posteriors[0]).toBeGreaterThan(0.99);
    expect(result.posteriors[1]).toBeLessThan(0.01);
    // All null: the prior alone.
    expect(result.posteriors[2]).toBeCloseTo(TRUE_LAMBDA, 5);
  });
});
