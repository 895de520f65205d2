/**
 * Amparo's comparisons for Guatemalan person records: names compared word by word through the Guatemalan
 * phonetic key (src/core/names), a dropped second given name, surnames swapped or crossed (a child registered
 * under the mother's surname), a missing second surname as unknown, estimated births as year intervals,
 * day and month swapped, the place hierarchy (municipality within department) and the parents' names.
 */

import { jaroWinkler } from '../names/index.ts';
import { birthGap, type Birth } from './birth.ts';
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

/**
 * Jaro–Winkler of two interned name words, remembered under a numeric key: names repeat (García meets López
 * thousands of times), so a registry's comparisons reuse a small vocabulary. Dropped when it grows too big.
 */
const similarities = new Map<number, number>();
const CACHE_LIMIT = 4_000_000;
const ID_SPACE = 2 ** 26;

function similarity(idA: number, a: string, idB: number, b: string): number {
  const key = idA < idB ? idA * ID_SPACE + idB : idB * ID_SPACE + idA;
  let value = similarities.get(key);
  if (value === undefined) {
    if (similarities.size > CACHE_LIMIT) similarities.clear();
    // Always in the same order: Jaro's greedy matching is not symmetric, and what is remembered must not
    // depend on which of the two orders came first (nor differ between the batch's worker threads).
    value = a < b ? jaroWinkler(a, b) : jaroWinkler(b, a);
    similarities.set(key, value);
  }
  return value;
}

/** 2 for the same word, 1.5 for the same phonetic key, otherwise the Jaro–Winkler similarity. */
function wordScore(a: NamePart, i: number, b: NamePart, j: number): number {
  if (a.ids[i] === b.ids[j]) return EXACT;
  if (shareKey(a.wordKeys[i]!, b.wordKeys[j]!)) return PHONETIC;
  return similarity(a.ids[i]!, a.words[i]!, b.ids[j]!, b.words[j]!);
}

/** The same scale for whole parts ("de la Cruz", two-word surnames). */
export function partScore(a: NamePart, b: NamePart): number {
  if (a.keyId === b.keyId) return EXACT;
  if (shareKey(a.keys, b.keys)) return PHONETIC;
  return similarity(a.keyId, a.key, b.keyId, b.key);
}

/** Same part or same phonetic key, without computing a similarity. */
const soundsSame = (a: NamePart | undefined, b: NamePart | undefined) =>
  a !== undefined && b !== undefined && (a.keyId === b.keyId || shareKey(a.keys, b.keys));

const agrees = (a: NamePart | undefined, b: NamePart | undefined, at = FUZZY_HIGH) =>
  a !== undefined && b !== undefined && partScore(a, b) >= at;

/** The phonetic key two parts share, for the frequency of a phonetic agreement. */
function sharedKey(a: NamePart | undefined, b: NamePart | undefined): string | undefined {
  return a?.keys.find((key) => b?.keys.includes(key));
}

interface Alignment {
  /** The weakest of the best matches of the shorter name's words in the longer name. */
  weakest: number;
  /** Some word agrees exactly or phonetically. */
  anyShared: boolean;
  sameCount: boolean;
}

/** Matches each word of the shorter name in the longer one; `fuzzy` false skips similarities. */
function align(a: NamePart, b: NamePart, fuzzy = true): Alignment {
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  let weakest = Infinity;
  let anyShared = false;
  for (let i = 0; i < short.words.length; i++) {
    let best = 0;
    for (let j = 0; j < long.words.length && best < EXACT; j++) {
      if (short.ids[i] === long.ids[j]) best = EXACT;
      else if (best < PHONETIC && shareKey(short.wordKeys[i]!, long.wordKeys[j]!)) best = PHONETIC;
    }
    // A similarity is needed only for a word with no exact or phonetic match.
    for (let j = 0; fuzzy && j < long.words.length && best < PHONETIC; j++) {
      best = Math.max(best, similarity(short.ids[i]!, short.words[i]!, long.ids[j]!, long.words[j]!));
    }
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
  'shared_and_fuzzy_80',
  'fuzzy_80',
  'partial',
  'swapped_with_surname',
  'else',
];

/** The one given name of the shorter of two given names (the name kept when the other was dropped). */
function keptName(a: PreparedRecord): string | undefined {
  return a.given && a.given.words.length === 1 ? a.given.words[0] : undefined;
}

/** Given names: all words, word order free, a dropped second name recognised. */
export const givenNamesComparison: Comparison = {
  name: 'given_names',
  levels: GIVEN_LEVELS,
  compare(a, b) {
    if (!a.given || !b.given) return NULL_LEVEL;
    if (a.given.keyId === b.given.keyId) return 0;
    const { weakest, anyShared, sameCount } = align(a.given, b.given);
    if (weakest >= PHONETIC) return sameCount ? 1 : 2;
    if (weakest >= FUZZY_HIGH) return 3;
    if (weakest >= FUZZY_LOW) return anyShared ? 4 : 5;
    if (agrees(a.given, b.first) && agrees(a.first, b.given)) return 7;
    return anyShared ? 6 : 8;
  },
  termFrequency: [
    { level: 0, table: 'given', value: (a) => a.given?.key },
    { level: 2, table: 'given_word', value: (a, b) => keptName(a) ?? keptName(b) },
  ],
};

/**
 * How the surnames cross: 2 when both do (Pérez López ↔ López Pérez, one of them possibly mistyped), 1 when
 * one surname stands in the other place (a child registered under the mother's surname), 0 otherwise.
 */
function crossing(a: PreparedRecord, b: PreparedRecord): number {
  const ab = soundsSame(a.first, b.second);
  const ba = soundsSame(a.second, b.first);
  if (ab && ba) return 2;
  if (ab) return agrees(a.second, b.first, FUZZY_LOW) ? 2 : 1;
  if (ba) return agrees(a.first, b.second, FUZZY_LOW) ? 2 : 1;
  return 0;
}

function firstSurnameLevel(a: PreparedRecord, b: PreparedRecord): number {
  if (!a.first || !b.first) return NULL_LEVEL;
  const score = partScore(a.first, b.first);
  if (score === EXACT) return 0;
  if (score >= PHONETIC) return 1;
  if (score >= FUZZY_HIGH) return 2;
  const crossed = crossing(a, b);
  if (crossed > 0) return crossed === 2 ? 3 : 4;
  if (score >= FUZZY_LOW) return 5;
  if (agrees(a.first, b.given) && agrees(a.given, b.first)) return 6;
  return 7;
}

export const firstSurnameComparison: Comparison = {
  name: 'first_surname',
  levels: ['exact', 'phonetic', 'fuzzy_92', 'swapped', 'crossed', 'fuzzy_80', 'swapped_with_given', 'else'],
  compare: firstSurnameLevel,
  termFrequency: [
    { level: 0, table: 'surname', value: (a) => a.first?.key },
    { level: 1, table: 'surname_key', value: (a, b) => sharedKey(a.first, b.first) },
    // Swapped: both surnames agree, each as rare as it is.
    { level: 3, table: 'surname', value: (a) => a.first?.key },
    { level: 3, table: 'surname', value: (a) => a.second?.key },
  ],
};

/** The second (maternal) surname: missing on either side is unknown, never a disagreement. */
export const secondSurnameComparison: Comparison = {
  name: 'second_surname',
  levels: ['exact', 'phonetic', 'fuzzy_92', 'fuzzy_80', 'else'],
  compare(a, b) {
    if (!a.second || !b.second) return NULL_LEVEL;
    const score = partScore(a.second, b.second);
    if (score === EXACT) return 0;
    if (score >= PHONETIC) return 1;
    if (score >= FUZZY_HIGH) return 2;
    // A crossing is scored once, by the first surname: counting it again here would double the evidence.
    if (crossing(a, b) > 0 && (!a.first || !b.first || partScore(a.first, b.first) < FUZZY_HIGH))
      return NULL_LEVEL;
    if (score >= FUZZY_LOW) return 3;
    return 4;
  },
  termFrequency: [
    { level: 0, table: 'surname', value: (a) => a.second?.key },
    { level: 1, table: 'surname_key', value: (a, b) => sharedKey(a.second, b.second) },
  ],
};

/** An estimate of at most about a year (a year of birth, or a date). */
const narrow = (birth: Birth) => birth.hi - birth.lo <= YEAR;

export const birthComparison: Comparison = {
  name: 'birth_date',
  levels: [
    'exact',
    'day_month_swapped',
    'year_shifted',
    'one_digit',
    'within_1_year',
    'within_2_years',
    'estimate_year_overlaps',
    'estimate_range_overlaps',
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
      if (x.day === y.day && x.month === y.month && Math.abs(x.year! - y.year!) <= 2) return 2;
      if (damerauLevenshtein(x.digits!, y.digits!, 1) <= 1) return 3;
      const days = Math.abs(x.lo - y.lo);
      if (days <= YEAR) return 4;
      if (days <= 2 * YEAR) return 5;
      return 9;
    }
    const gap = birthGap(x, y);
    if (gap === 0) return narrow(x) && narrow(y) ? 6 : 7;
    if (gap <= 2 * YEAR) return 8;
    return 9;
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
  if (a.full.keyId === b.full.keyId) return 0;
  const given = a.given !== undefined && b.given !== undefined;
  const givenAll = given && align(a.given!, b.given!, false).weakest >= PHONETIC;
  const second = !a.second || !b.second || soundsSame(a.second, b.second);
  if (givenAll && soundsSame(a.first, b.first) && second) return 1;
  const givenFirst = given && wordScore(a.given!, 0, b.given!, 0) >= FUZZY_HIGH;
  const first = agrees(a.first, b.first);
  if (givenFirst && first) return 2;
  if (givenFirst) return 3;
  if (first) return 4;
  return 5;
}

const PARENT_LEVELS = ['exact', 'phonetic', 'given_and_surname', 'given_only', 'surname_only', 'else'];

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

/** The level of two different values of a fuzzy field, by the scale of genericFuzzyComparison. */
function fuzzyLevel(x: string, y: string): number {
  if (x.replace(SPACES, '') === y.replace(SPACES, '')) return 1;
  const [short, long] = x.length <= y.length ? [x.length, y.length] : [y.length, x.length];
  // Jaro–Winkler cannot reach 0.80 when the lengths differ this much (all of the shorter matching, prefix 4).
  const bestJaro = (short / long + 2) / 3;
  if (long - short > 2 && bestJaro + 0.4 * (1 - bestJaro) < FUZZY_LOW) return 3;
  const edits = damerauLevenshtein(x, y, 2);
  if (edits <= 1) return 1;
  const similarity = jaroWinkler(x, y);
  if (similarity >= FUZZY_HIGH) return 1;
  return edits <= 2 || similarity >= FUZZY_LOW ? 2 : 3;
}

/**
 * Text or codes with typos: the same without spaces, one edit or Jaro–Winkler ≥ 0.92 (close); two edits or
 * ≥ 0.80 (similar). Levels of value pairs are remembered (postcodes and place names repeat).
 */
export function genericFuzzyComparison(name: string, index: number): Comparison {
  const levels = new Map<number, number>();
  return {
    name,
    levels: ['exact', 'close', 'similar', 'else'],
    compare(a, b) {
      const x = a.genericIds[index]!;
      const y = b.genericIds[index]!;
      if (x < 0 || y < 0) return NULL_LEVEL;
      if (x === y) return 0;
      const key = x < y ? x * ID_SPACE + y : y * ID_SPACE + x;
      let level = levels.get(key);
      if (level === undefined) {
        if (levels.size > CACHE_LIMIT) levels.clear();
        const [p, q] = [a.generic[index]!, b.generic[index]!];
        level = p < q ? fuzzyLevel(p, q) : fuzzyLevel(q, p); // in one order, as similarity() does
        levels.set(key, level);
      }
      return level;
    },
    termFrequency: [{ level: 0, table: `field:${name}`, value: (a) => a.generic[index] }],
  };
}
