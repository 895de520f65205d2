import { describe, expect, it } from 'vitest';
import { parseFullName, type PersonName } from './normalise.ts';
import { matchesNameQuery, parseNameQuery, personNameTokens, searchNames } from './search-terms.ts';

const PEOPLE = [
  'José Pérez López',
  'Juana Pérez López',
  'Ixchel Cux',
  "Rosa B'atz",
  'Ana Bʼatz Tzoc',
  'María Xol Caal',
  'Mario Sol Cal',
  'Isabel Cruz',
  'Luis García de León',
  'Carlos Ximénez Pop',
].map((full) => ({ full, name: parseFullName(full) }));

const find = (text: string) => searchNames(PEOPLE, (p) => p.name, text).map((p) => p.full);

describe('person search by name (reference semantics)', () => {
  it.each(['jose perez', 'Perez Lopez Jose', 'Jose Peres', 'JOSÉ PÉREZ LÓPEZ', 'lopez, jose'])(
    'finds José Pérez López from %j',
    (text) => {
      expect(find(text)).toContain('José Pérez López');
      expect(find(text)).not.toContain('Juana Pérez López');
    },
  );

  it('finds Ixchel Cux from "Ixchel Kux" and from "Ishchel Cux"', () => {
    expect(find('Ixchel Kux')).toEqual(['Ixchel Cux']);
    expect(find('Ishchel Cux')).toEqual(['Ixchel Cux']);
  });

  it.each(["B'atz", 'B’atz', 'Bʼatz', 'Batz', 'batz'])('finds every spelling of Bʼatz from %j', (text) => {
    expect(find(text)).toEqual(["Rosa B'atz", 'Ana Bʼatz Tzoc']);
  });

  it('matches order-insensitively, by phonetic key, and by the alternate key of a Spanish x', () => {
    expect(find('Caal Xol Maria')).toEqual(['María Xol Caal']);
    expect(find('maria shol kal')).toEqual(['María Xol Caal']);
    expect(find('Jimenez Carlos')).toEqual(['Carlos Ximénez Pop']);
    expect(find('leon luis')).toEqual(['Luis García de León']);
    expect(find('Luis de Leon')).toEqual(['Luis García de León']);
  });

  it('does not confuse names that merely look alike', () => {
    expect(find('Xol ')).toEqual(['María Xol Caal']);
    expect(find('Sol ')).toEqual(['Mario Sol Cal']);
    expect(find('Kux Isabel')).toEqual([]);
    expect(find('Ixchel Cruz')).toEqual([]);
    expect(find('Mario Xol')).toEqual([]);
    expect(find('Juan Perez')).toEqual([]);
    expect(find('Jose Perez Xol')).toEqual([]);
  });

  it('completes the last word typed, and only the last', () => {
    expect(find('jose pe')).toEqual(['José Pérez López']);
    expect(find('Ixch')).toEqual(['Ixchel Cux']);
    expect(find('juan')).toEqual(['Juana Pérez López']);
    // A finished word (trailing space) or an earlier word is not completed.
    expect(find('juan ')).toEqual([]);
    expect(find('jos perez')).toEqual([]);
  });

  it('finds nothing for a query with nothing to search', () => {
    expect(find('')).toEqual([]);
    expect(find('   ')).toEqual([]);
    expect(find('de la')).toEqual([]);
    expect(parseNameQuery("'’ ,")).toEqual([]);
    expect(matchesNameQuery(new Set(['n:jose']), [])).toBe(false);
  });
});

describe('index tokens', () => {
  it('holds folded words and phonetic keys of every name part, without particles', () => {
    const name: PersonName = {
      givenNames: ['María de los Ángeles'],
      firstSurname: 'Ximénez',
      secondSurname: "B'atz",
    };
    expect(personNameTokens(name).sort()).toEqual(
      [
        'n:maria',
        'k:maria',
        'n:angeles',
        'k:anjeles',
        'n:ximenez',
        'k:ximenes',
        'k:jimenes',
        'n:batz',
        'k:baz',
      ].sort(),
    );
  });

  it('gives each query term the exact tokens that satisfy it and a prefix only on the last', () => {
    expect(parseNameQuery('Peres Jos')).toEqual([
      { folded: 'peres', tokens: ['n:peres', 'k:peres'] },
      { folded: 'jos', tokens: ['n:jos', 'k:jos'], prefix: 'n:jos' },
    ]);
  });
});
