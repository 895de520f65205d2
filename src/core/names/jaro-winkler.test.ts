import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler.ts';

describe('Jaro–Winkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  it('gives the Jaro similarity without the prefix boost', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.822, 3);
    expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.767, 3);
  });

  it('handles identical, empty and disjoint strings', () => {
    expect(jaroWinkler('xol', 'xol')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('xol', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('caps the common prefix at four characters and boosts only above 0.7', () => {
    // Common prefix of 5: boost as for 4.
    const j = jaro('abcdefgh', 'abcdexyz');
    expect(jaroWinkler('abcdefgh', 'abcdexyz')).toBeCloseTo(j + 0.4 * (1 - j), 10);
    // Jaro 0.7 or below: no boost although the first letter agrees.
    expect(jaro('abcdef', 'azzzzz')).toBeLessThanOrEqual(0.7);
    expect(jaroWinkler('abcdef', 'azzzzz')).toBe(jaro('abcdef', 'azzzzz'));
  });

  it('gives the same answer after a long comparison reused its scratch buffers', () => {
    const long = 'x'.repeat(500);
    expect(jaroWinkler(long, long + 'y')).toBeGreaterThan(0.99);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
  });
});
