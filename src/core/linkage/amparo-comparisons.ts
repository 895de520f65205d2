/**
 * Amparo's comparisons for Guatemalan person records: names compared word by word through the Guatemalan
 * phonetic key (src/core/names), a dropped second given name, surnames swapped or crossed (a child registered
 * under the mother's surname), a missing second surname as unknown, estimated births as year intervals,
 * day and month swapped, the place hierarchy (municipality within department) and the parents' names.
 */

import { jaroWinkler } from '../names/index.ts';
import { birthGap } from './birth.ts';
import type { NamePart, ParentName, PreparedRecord } from './record.ts';
import { NULL_LEVEL, type Comparison } from './spec.ts';
import { damerauLevenshtein } from './strings.ts';

const EXACT = 2;
const PHONETIC = 1.5;
const FUZZY_HIGH = 0.92;
const FUZZY_LOW = 0.8;
const YEAR = 366;

function shareKey(a: readonly string[], b: readonly string[]): boolean {
  for (const key of a) if (b.includes(key)) return true;
  return false;
}

/** 2 for the same word, 1.5 for the same phonetic key, otherwise the Jaro–Winkler similarity. */
function wordScore(a: NamePart, i: number, b: NamePart, j: number): number {
  if (a.words[i] === b.words[j]) return EXACT;
  if (shareKey(a.wordKeys[i]!, b.wordKeys[j]!)) return PHONETIC;
  return jaroWinkler(a.words[i]!, b.words[j]!);
}

/** The same scale for whole parts ("de la Cruz", two-word surnames). */
export function partScore(a: NamePart, b: NamePart): number {
  if (a.key === b.key) return EXACT;
  if (shareKey(a.keys, b.keys)) return PHONETIC;
  return jaroWinkler(a.key, b.key);
}

const agrees = (a: NamePart | undefined, b: NamePart | undefined, at = FUZZY_HIGH) =>
  a !== undefined && b !== undefined && partScore(a, b) >= at;

interface Alignment {
  /** The weakest of the best matches of the shorter name's words in the longer name. */
  weakest: number;
  /** Some word agrees exactly or phonetically. */
  anyShared: boolean;
  sameCount: boolean;
}

function align(a: NamePart, b: NamePart): Alignment {
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  let weakest = Infinity;
  let anyShared = false;
  for (let i = 0; i < short.words.length; i++) {
    let best = 0;
    for (let j = 0; j < long.words.length && best < EXACT; j++)
      best = Math.max(best, wordScore(short, i, long, j));
    if (best >= PHONETIC) anyShared = true;
    weakest = Math.min(weakest, best);
  }
  return { weakest, anyShared, sameCount: short.words.length === long.words.length };
}

const GIVEN_LEVELS = [
  'exact',
  'phonetic',
  'one_dropped',
  'fuzzy_92',
  'fuzzy_80',
  'partial',
  'swapped_with_surname',
  'else',
];

/** Given names: all words, word order free, a dropped second name recognised. */
export const givenNamesComparison: Comparison = {
  name: 'given_names',
  levels: GIVEN_LEVELS,
  compare(a, b) {
    if (!a.given || !b.given) return NULL_LEVEL;
    if (a.given.key === b.given.key) return 0;
    const { weakest, anyShared, sameCount } = align(a.given, b.given);
    if (weakest >= PHONETIC) return sameCount ? 1 : 2;
    if (weakest >= FUZZY_HIGH) return 3;
    if (agrees(a.given, b.first) && agrees(a.first, b.given)) return 6;
    if (weakest >= FUZZY_LOW) return 4;
    if (anyShared) return 5;
    return 7;
  },
  termFrequency: [{ level: 0, table: 'given', value: (a) => a.given?.key }],
};

function firstSurnameLevel(a: PreparedRecord, b: PreparedRecord): number {
  if (!a.first || !b.first) return NULL_LEVEL;
  const score = partScore(a.first, b.first);
  if (score === EXACT) return 0;
  if (score >= PHONETIC) return 1;
  if (score >= FUZZY_HIGH) return 2;
  const ab = agrees(a.first, b.second);
  const ba = agrees(a.second, b.first);
  if (ab && ba) return 3;
  if (ab || ba) return 4;
  if (score >= FUZZY_LOW) return 5;
  if (agrees(a.first, b.given) && agrees(a.given, b.first)) return 6;
  return 7;
}

export const firstSurnameComparison: Comparison = {
  name: 'first_surname',
  levels: ['exact', 'phonetic', 'fuzzy_92', 'swapped', 'crossed', 'fuzzy_80', 'swapped_with_given', 'else'],
  compare: firstSurnameLevel,
  termFrequency: [{ level: 0, table: 'surname', value: (a) => a.first?.key }],
};

/** The second (maternal) surname: missing on either side is unknown, never a disagreement. */
export const secondSurnameComparison: Comparison = {
  name: 'second_surname',
  levels: ['exact', 'phonetic', 'fuzzy_92', 'swapped', 'crossed', 'fuzzy_80', 'else'],
  compare(a, b) {
    if (!a.second || !b.second) return NULL_LEVEL;
    const score = partScore(a.second, b.second);
    if (score === EXACT) return 0;
    if (score >= PHONETIC) return 1;
    if (score >= FUZZY_HIGH) return 2;
    const ab = agrees(a.second, b.first);
    const ba = agrees(a.first, b.second);
    if (ab && ba) return 3;
    if (ab || ba) return 4;
    if (score >= FUZZY_LOW) return 5;
    return 6;
  },
  termFrequency: [{ level: 0, table: 'surname', value: (a) => a.second?.key }],
};

export const birthComparison: Comparison = {
  name: 'birth_date',
  levels: [
    'exact',
    'day_month_swapped',
    'one_digit',
    'within_1_year',
    'within_2_years',
    'estimate_overlaps',
    'estimate_within_2_years',
    'else',
  ],
  compare(a, b) {
    const x = a.birth;
    const y = b.birth;
    if (!x || !y) return NULL_LEVEL;
    if (x.precision === 'exact' && y.precision === 'exact') {
      if (x.lo === y.lo) return 0;
      if (x.year === y.year && x.day === y.month && x.month === y.day) return 1;
      if (damerauLevenshtein(x.digits!, y.digits!, 1) <= 1) return 2;
      const days = Math.abs(x.lo - y.lo);
      if (days <= YEAR) return 3;
      if (days <= 2 * YEAR) return 4;
      return 7;
    }
    const gap = birthGap(x, y);
    if (gap === 0) return 5;
    if (gap <= 2 * YEAR) return 6;
    return 7;
  },
};

/** Municipality (within its department), else the free-text place, else the department. */
export const placeComparison: Comparison = {
  name: 'place',
  levels: ['municipality', 'place_exact', 'place_similar', 'department', 'else'],
  compare(a, b) {
    const sameDepartment = a.department !== undefined && a.department === b.department;
    if (a.municipality && b.municipality) {
      if (a.municipality === b.municipality) return 0;
      return sameDepartment ? 3 : 4;
    }
    if (a.place && b.place) {
      const score = partScore(a.place, b.place);
      if (score === EXACT) return 1;
      if (score >= FUZZY_HIGH) return 2;
      return sameDepartment ? 3 : 4;
    }
    if (a.department && b.department) return sameDepartment ? 3 : 4;
    return NULL_LEVEL;
  },
  termFrequency: [
    { level: 0, table: 'municipality', value: (a) => a.municipality },
    { level: 1, table: 'place', value: (a) => a.place?.key },
  ],
};

export const sexComparison: Comparison = {
  name: 'sex',
  levels: ['same', 'different'],
  compare: (a, b) => (!a.sex || !b.sex ? NULL_LEVEL : a.sex === b.sex ? 0 : 1),
};

function parentLevel(a: ParentName | undefined, b: ParentName | undefined): number {
  if (!a || !b) return NULL_LEVEL;
  if (a.full.key === b.full.key) return 0;
  const givenAll = a.given && b.given ? align(a.given, b.given).weakest >= PHONETIC : false;
  const givenFirst =
    a.given !== undefined && b.given !== undefined && shareKey(a.given.wordKeys[0]!, b.given.wordKeys[0]!);
  const first = agrees(a.first, b.first, PHONETIC);
  const second = !a.second || !b.second || agrees(a.second, b.second, PHONETIC);
  if (givenAll && first && second) return 1;
  if (givenFirst && first) return 2;
  if (givenFirst) return 3;
  if (first) return 4;
  if (jaroWinkler(a.full.key, b.full.key) >= 0.88) return 5;
  return 6;
}

const PARENT_LEVELS = [
  'exact',
  'phonetic',
  'given_and_surname',
  'given_only',
  'surname_only',
  'fuzzy_88',
  'else',
];

export const motherComparison: Comparison = {
  name: 'mother_name',
  levels: PARENT_LEVELS,
  compare: (a, b) => parentLevel(a.mother, b.mother),
};

export const fatherComparison: Comparison = {
  name: 'father_name',
  levels: PARENT_LEVELS,
  compare: (a, b) => parentLevel(a.father, b.father),
};

export function genericExactComparison(name: string, index: number): Comparison {
  return {
    name,
    levels: ['exact', 'else'],
    compare(a, b) {
      const x = a.generic[index];
      const y = b.generic[index];
      if (x === undefined || y === undefined) return NULL_LEVEL;
      return x === y ? 0 : 1;
    },
    termFrequency: [{ level: 0, table: `field:${name}`, value: (a) => a.generic[index] }],
  };
}

const SPACES = /\s+/g;

/** Text or codes with typos: same without spaces or one edit or Jaro–Winkler ≥ 0.92; two edits or ≥ 0.80. */
export function genericFuzzyComparison(name: string, index: number): Comparison {
  return {
    name,
    levels: ['exact', 'close', 'similar', 'else'],
    compare(a, b) {
      const x = a.generic[index];
      const y = b.generic[index];
      if (x === undefined || y === undefined) return NULL_LEVEL;
      if (x === y) return 0;
      if (x.replace(SPACES, '') === y.replace(SPACES, '')) return 1;
      const edits = damerauLevenshtein(x, y, 2);
      const similarity = jaroWinkler(x, y);
      if (edits <= 1 || similarity >= FUZZY_HIGH) return 1;
      if (edits <= 2 || similarity >= FUZZY_LOW) return 2;
      return 3;
    },
    termFrequency: [{ level: 0, table: `field:${name}`, value: (a) => a.generic[index] }],
  };
}
