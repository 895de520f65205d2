/**
 * Expectation–maximisation for the Fellegi–Sunter mixture: comparison vectors are drawn from matches
 * (levels with probabilities m) or non-matches (probabilities u), each comparison independent given the
 * class. Vectors are grouped into distinct patterns with counts, so an iteration costs one pass over the
 * patterns, not the pairs. A level of -1 is a null (a value missing on either side): it says nothing and
 * is left out of both the likelihood and the counts. Never reads labels.
 */

export const NULL_LEVEL = -1;

export interface EmInput {
  /** Distinct comparison vectors: patterns[p][k] is the level of comparison k, or NULL_LEVEL. */
  patterns: readonly (readonly number[])[];
  /** How many pairs had each pattern. */
  counts: readonly number[];
  /** Starting values; m[k][l], u[k][l]. */
  m: readonly (readonly number[])[];
  u: readonly (readonly number[])[];
  lambda: number;
  /** Keep u as given (estimated from random pairs): only m and λ are estimated. */
  fixU?: boolean;
  maxIterations?: number;
  /** Stop when no parameter moves by more than this. */
  tolerance?: number;
}

export interface EmResult {
  m: number[][];
  u: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
  /** Posterior match probability of each pattern under the final parameters. */
  posteriors: number[];
  /** Expected number of matching pairs at each level (the evidence behind m). */
  matchCounts: number[][];
}

/** Probabilities are kept off 0 and 1 so that a level unseen in one class does not become certain. */
const FLOOR = 1e-6;

function normalise(row: number[]): number[] {
  const floored = row.map((p) => Math.max(p, FLOOR));
  const total = floored.reduce((a, b) => a + b, 0);
  return floored.map((p) => p / total);
}

export function expectationMaximisation(input: EmInput): EmResult {
  const { patterns, counts } = input;
  const maxIterations = input.maxIterations ?? 100;
  const tolerance = input.tolerance ?? 1e-5;
  const comparisons = input.m.length;
  let m = input.m.map((row) => normalise([...row]));
  let u = input.u.map((row) => normalise([...row]));
  let lambda = Math.min(Math.max(input.lambda, FLOOR), 1 - FLOOR);
  const posteriors = new Array<number>(patterns.length).fill(0);
  let iterations = 0;
  let converged = false;
  let matchCounts = input.m.map((row) => new Array<number>(row.length).fill(0));

  while (iterations < maxIterations) {
    iterations++;
    // E-step, in logs: a pattern with many comparisons has products far below the float range.
    const logPrior = Math.log(lambda) - Math.log(1 - lambda);
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p]!;
      let logRatio = logPrior;
      for (let k = 0; k < comparisons; k++) {
        const level = pattern[k]!;
        if (level === NULL_LEVEL) continue;
        logRatio += Math.log(m[k]![level]!) - Math.log(u[k]![level]!);
      }
      posteriors[p] = logRatio > 40 ? 1 : logRatio < -40 ? 0 : 1 / (1 + Math.exp(-logRatio));
    }
    // M-step.
    const mCounts = input.m.map((row) => new Array<number>(row.length).fill(0));
    const uCounts = input.u.map((row) => new Array<number>(row.length).fill(0));
    let matches = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p]!;
      const count = counts[p]!;
      const wMatch = posteriors[p]! * count;
      const wNonMatch = count - wMatch;
      matches += wMatch;
      total += count;
      for (let k = 0; k < comparisons; k++) {
        const level = pattern[k]!;
        if (level === NULL_LEVEL) continue;
        mCounts[k]![level]! += wMatch;
        uCounts[k]![level]! += wNonMatch;
      }
    }
    matchCounts = mCounts;
    const nextM = mCounts.map((row, k) => (row.some((c) => c > 0) ? normalise(row) : m[k]!));
    const nextU = input.fixU ? u : uCounts.map((row, k) => (row.some((c) => c > 0) ? normalise(row) : u[k]!));
    const nextLambda = Math.min(Math.max(matches / Math.max(total, 1), FLOOR), 1 - FLOOR);

    let change = Math.abs(nextLambda - lambda);
    for (let k = 0; k < comparisons; k++) {
      for (let l = 0; l < nextM[k]!.length; l++) {
        change = Math.max(change, Math.abs(nextM[k]![l]! - m[k]![l]!), Math.abs(nextU[k]![l]! - u[k]![l]!));
      }
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, u, lambda, iterations, converged, posteriors, matchCounts };
}

/** Groups comparison vectors into distinct patterns with counts. */
export class PatternCounter {
  private readonly index = new Map<string, number>();
  readonly patterns: number[][] = [];
  readonly counts: number[] = [];

  add(vector: readonly number[], count = 1): void {
    const key = vector.join(',');
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.patterns.length);
      this.patterns.push([...vector]);
      this.counts.push(count);
    } else this.counts[at]! += count;
  }

  get pairs(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }
}
