/**
 * Deterministic pseudo-random numbers for the synthetic data: xoshiro128** seeded through splitmix32.
 * Never Math.random: the same seed must give the same data on every machine and Node version.
 *
 * A generator is derived from a seed and a path of integers (stream, index…), so that person i of seed s is
 * the same whether 100 or 1,000,000 persons are generated, and the error model of a duplicate does not
 * shift when another field's generation changes.
 */

const fmix32 = (h: number) => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Folds a seed (any safe integer or string) and a path of integers into one 32-bit word. */
export function deriveSeed(seed: number | string, ...path: number[]): number {
  let h = 0x811c9dc5;
  const words: number[] = [];
  if (typeof seed === 'string') for (const ch of seed) words.push(ch.codePointAt(0)!);
  else {
    if (!Number.isSafeInteger(seed)) throw new Error(`La semilla debe ser un entero: ${seed}`);
    words.push(seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, seed < 0 ? 1 : 0);
  }
  words.push(0x9e3779b9, ...path);
  for (const word of words) h = fmix32((h ^ word) + 0x9e3779b9);
  return h;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | string, ...path: number[]) {
    let x = deriveSeed(seed, ...path);
    const splitmix = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick: lista vacía');
    return items[this.int(items.length)]!;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Draws items in proportion to their weights (cumulative table, binary search). */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length)
      throw new Error('WeightedTable: elementos y pesos no coinciden');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`Peso no válido: ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('WeightedTable: todos los pesos son cero');
    this.total = sum;
  }

  static fromRecord<K extends string>(weights: Readonly<Partial<Record<K, number>>>): WeightedTable<K> {
    const entries = Object.entries(weights) as Array<[K, number]>;
    return new WeightedTable(
      entries.map(([k]) => k),
      entries.map(([, w]) => w),
    );
  }

  /** The probability of the item at an index. */
  probability(index: number): number {
    return (this.cumulative[index]! - (index > 0 ? this.cumulative[index - 1]! : 0)) / this.total;
  }

  draw(rng: Rng): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
