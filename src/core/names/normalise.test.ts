import { describe, expect, it } from 'vitest';
import {
  compareSurnames,
  foldName,
  nameKey,
  parseFullName,
  sameNamePart,
  surnamesSwapped,
  type PersonName,
} from './normalise.ts';

describe('foldName', () => {
  it.each([
    ['José Pérez López', 'jose perez lopez'],
    ['JOSÉ  PÉREZ', 'jose perez'],
    ['Núñez Muñoz', 'nunez munoz'],
    ['Argüello', 'arguello'],
    // The glottal stop, however it was typed, including decomposed accents and OKMA's 7.
    ["B'atz", 'batz'],
    ['B’atz', 'batz'],
    ['Bʼatz', 'batz'],
    ['B`atz', 'batz'],
    ['B´atz', 'batz'],
    ['B7atz', 'batz'],
    ["Q'eqchi'", 'qeqchi'],
    ['Jose\u0301 Pe\u0301rez', 'jose perez'],
    // Punctuation separates, whitespace collapses.
    ['  Pérez-López,\tJosé.  ', 'perez lopez jose'],
    ['Ana (Anita)', 'ana anita'],
    ['', ''],
    ["' ’ ", ''],
  ])('folds %j to %j', (input, expected) => {
    expect(foldName(input)).toBe(expected);
  });

  it('keeps digits that are not a glottal stop', () => {
    expect(foldName('Juan 2')).toBe('juan 2');
    expect(foldName('7 Ajpop')).toBe('7 ajpop');
  });
});

describe('nameKey', () => {
  it('leaves particles out of the key', () => {
    expect(nameKey('de León')).toBe('leon');
    expect(nameKey('De la Cruz')).toBe('cruz');
    expect(nameKey('del Cid')).toBe('cid');
    expect(nameKey('María de los Ángeles')).toBe('maria angeles');
    expect(sameNamePart('de León', 'León')).toBe(true);
    expect(sameNamePart("B'atz", 'Batz')).toBe(true);
    expect(sameNamePart('León', 'Leal')).toBe(false);
    expect(sameNamePart('de', 'del')).toBe(false);
  });
});

describe('parseFullName', () => {
  it.each<[string, PersonName]>([
    ['José Pérez López', { givenNames: ['José'], firstSurname: 'Pérez', secondSurname: 'López' }],
    ['Ana María Xol Caal', { givenNames: ['Ana', 'María'], firstSurname: 'Xol', secondSurname: 'Caal' }],
    ['Juan Pérez', { givenNames: ['Juan'], firstSurname: 'Pérez' }],
    ['Ixchel', { givenNames: ['Ixchel'] }],
    ["Ixchel B'atz", { givenNames: ['Ixchel'], firstSurname: "B'atz" }],
    // Comma order: surnames first.
    ['Pérez López, José', { givenNames: ['José'], firstSurname: 'Pérez', secondSurname: 'López' }],
    ['Xol, Ana María', { givenNames: ['Ana', 'María'], firstSurname: 'Xol' }],
    ['de León Cux, Rosa', { givenNames: ['Rosa'], firstSurname: 'de León', secondSurname: 'Cux' }],
    // Particles stay with their word.
    ['Juan de León', { givenNames: ['Juan'], firstSurname: 'de León' }],
    ['Rosa de la Cruz Tzoc', { givenNames: ['Rosa'], firstSurname: 'de la Cruz', secondSurname: 'Tzoc' }],
    ['Luis García de León', { givenNames: ['Luis'], firstSurname: 'García', secondSurname: 'de León' }],
    ['José Pérez y López', { givenNames: ['José'], firstSurname: 'Pérez', secondSurname: 'López' }],
    // Devotional compound given names.
    ['María del Carmen López', { givenNames: ['María del Carmen'], firstSurname: 'López' }],
    [
      'María de los Ángeles García de León',
      { givenNames: ['María de los Ángeles'], firstSurname: 'García', secondSurname: 'de León' },
    ],
    ['José de Jesús Cuc Pop', { givenNames: ['José de Jesús'], firstSurname: 'Cuc', secondSurname: 'Pop' }],
    // Married surname written with "viuda de".
    [
      'Ana López Pérez vda. de García',
      { givenNames: ['Ana'], firstSurname: 'López', secondSurname: 'Pérez', marriedSurname: 'García' },
    ],
    ['Marta Choc viuda de Caal', { givenNames: ['Marta'], firstSurname: 'Choc', marriedSurname: 'Caal' }],
    ['Ana Choc v. de Caal', { givenNames: ['Ana'], firstSurname: 'Choc', marriedSurname: 'Caal' }],
    // A bare "V." is an initial, not "viuda".
    ['V. Pérez', { givenNames: ['V'], firstSurname: 'Pérez' }],
    // Whitespace and edge punctuation.
    ['  José   Pérez  López. ', { givenNames: ['José'], firstSurname: 'Pérez', secondSurname: 'López' }],
    ['', { givenNames: [] }],
  ])('splits %j', (input, expected) => {
    expect(parseFullName(input)).toEqual(expected);
  });
});

const name = (first?: string, second?: string): PersonName => ({
  givenNames: ['Juan'],
  ...(first === undefined ? {} : { firstSurname: first }),
  ...(second === undefined ? {} : { secondSurname: second }),
});

describe('compareSurnames and surnamesSwapped', () => {
  it('treats a missing second surname as unknown, not different', () => {
    expect(compareSurnames(name('Pérez', 'López'), name('Pérez'))).toEqual({
      first: 'same',
      second: 'unknown',
      swapped: false,
      crossed: false,
    });
    expect(compareSurnames(name('Pérez', 'López'), name('Pérez', 'Xol')).second).toBe('different');
    expect(compareSurnames(name(undefined, 'López'), name('Pérez', 'López')).first).toBe('unknown');
    expect(compareSurnames(name('de', 'López'), name('Pérez', 'López')).first).toBe('unknown');
  });

  it('recognises swapped surnames', () => {
    expect(surnamesSwapped(name('Pérez', 'López'), name('López', 'Pérez'))).toBe(true);
    expect(surnamesSwapped(name('Pérez', 'López'), name('lopez', 'PEREZ'))).toBe(true);
    expect(compareSurnames(name('Pérez', 'López'), name('López', 'Pérez'))).toEqual({
      first: 'different',
      second: 'different',
      swapped: true,
      crossed: true,
    });
    // Not swapped: same order, a surname missing, only one crossing, or both surnames equal.
    expect(surnamesSwapped(name('Pérez', 'López'), name('Pérez', 'López'))).toBe(false);
    expect(surnamesSwapped(name('Pérez', 'López'), name('López'))).toBe(false);
    expect(surnamesSwapped(name('Pérez', 'López'), name('López', 'Xol'))).toBe(false);
    expect(surnamesSwapped(name('López', 'López'), name('López', 'López'))).toBe(false);
  });

  it('flags a child registered under the other surname only as crossed', () => {
    const result = compareSurnames(name('Pérez', 'López'), name('López'));
    expect(result).toEqual({ first: 'different', second: 'unknown', swapped: false, crossed: true });
    expect(compareSurnames(name('Pérez', 'López'), name('Xol')).crossed).toBe(false);
  });

  it('accepts the comparison used for each part', () => {
    const peres = name('Peres', 'Lopes');
    expect(compareSurnames(name('Pérez', 'López'), peres).first).toBe('different');
    const soundsSame = (a: string, b: string) =>
      nameKey(a).replace(/z/g, 's') === nameKey(b).replace(/z/g, 's');
    expect(compareSurnames(name('Pérez', 'López'), peres, soundsSame)).toMatchObject({
      first: 'same',
      second: 'same',
    });
  });
});
