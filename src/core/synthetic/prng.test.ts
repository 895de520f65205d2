import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng, WeightedTable } from './prng.ts';

describe('Rng', () => {
  it('gives the same sequence for the same seed and path, another for another', () => {
    const draw = (rng: Rng) => Array.from({ length: 20 }, () => rng.nextUint32());
    expect(draw(new Rng(42, 1, 7))).toEqual(draw(new Rng(42, 1, 7)));
    expect(draw(new Rng(42, 1, 7))).not.toEqual(draw(new Rng(42, 1, 8)));
    expect(draw(new Rng(42, 1, 7))).not.toEqual(draw(new Rng(43, 1, 7)));
    expect(draw(new Rng('semilla'))).toEqual(draw(new Rng('semilla')));
    expect(deriveSeed(2 ** 40 + 1)).not.toBe(deriveSeed(1));
    expect(() => new Rng(1.5)).toThrow();
  });

  it('is a known sequence (a change of algorithm would silently change every data set)', () => {
    const rng = new Rng(1);
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toMatchInlineSnapshot(`
      [
        1914192922,
        4826266,
        931031299,
        1603025554,
      ]
    `);
  });

  it('is uniform enough: mean, range, and every value of int(n) reached', () => {
    const rng = new Rng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
      counts[rng.int(10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('WeightedTable', () => {
  it('draws in proportion to the weights', () => {
    const table = new WeightedTable(['a', 'b', 'c', 'd'], [50, 30, 20, 0]);
    const rng = new Rng(3);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[table.draw(rng)]!++;
    expect(counts.d).toBe(0);
    for (const [key, p] of [
      ['a', 0.5],
      ['b', 0.3],
      ['c', 0.2],
    ] as const) {
      expect(Math.abs(counts[key]! / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(table.probability(['a', 'b', 'c'].indexOf(key))).toBeCloseTo(p, 10);
    }
  });

  it('refuses tables that cannot be drawn from', () => {
    expect(() => new WeightedTable([], [])).toThrow();
    expect(() => new WeightedTable(['a'], [0])).toThrow();
    expect(() => new WeightedTable(['a', 'b'], [1, -1])).toThrow();
    expect(() => new WeightedTable(['a'], [1, 2])).toThrow();
  });
});
