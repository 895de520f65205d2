/**
 * The evaluation's baseline: the same engine (prepared records, blocking by inverted index, u from random
 * pairs, m by EM sessions, the same λ estimate and the same P ≥ 0.5 threshold) configured the way Splink's
 * documentation configures it, so that the difference measured is Amparo's knowledge of Guatemalan names,
 * dates and places, not the training procedure. What each configuration mirrors:
 *
 * Comparisons (splink/internals/comparison_template_library.py and comparison_library.py, Splink 4):
 * - NameComparison: exact match (term-frequency adjusted), Jaro–Winkler ≥ 0.92, ≥ 0.88, ≥ 0.70, else.
 * - JaroAtThresholds(col) default [0.9, 0.7]: exact, Jaro ≥ 0.9, ≥ 0.7, else.
 * - DateOfBirthComparison (input_is_string): exact, Damerau–Levenshtein ≤ 1 on the date text, within 1 month,
 *   1 year, 10 years, else; invalid dates are null. A date known only as a year is written as 1 January of that
 *   year (the convention Splink's `separate_1st_january` option is about); an estimated range as 1 January of
 *   its middle year.
 * - ExactMatch(col), optionally term-frequency adjusted; DamerauLevenshteinAtThresholds(col, [1, 2]).
 * - EmailComparison: exact, exact username, Jaro–Winkler ≥ 0.88 on the address, ≥ 0.88 on the username, else.
 * Blocking rules are `block_on(...)` equality of the columns as given, no cap on block size (Splink has none).
 * Values are compared after the cleaning any Splink user does (lower case, accents and punctuation removed:
 * foldName), so the baseline is not penalised for accents alone.
 *
 * Per data set, from Splink's own examples (docs/demos/examples/duckdb/ in moj-analytical-services/splink):
 * - FEBRL3: febrl3.ipynb (blocking soc_sec_id, given_name, surname, date_of_birth, postcode; comparisons
 *   NameComparison given_name and surname, DateOfBirthComparison, DamerauLevenshtein soc_sec_id [2],
 *   ExactMatch street_number and postcode with TF; EM sessions on date_of_birth and on postcode).
 * - FEBRL4: febrl4.ipynb "detailed" model (blocking given_name+surname, the two swapped, date_of_birth,
 *   soc_sec_id, state+address_1, street_number+address_1, postcode; NameComparison with TF, DOB,
 *   DamerauLevenshtein soc_sec_id and postcode [1, 2], ExactMatch street_number TF; EM on dob and postcode).
 * - fake_1000: the quick-start model of Splink's README/getting started (NameComparison first_name,
 *   JaroAtThresholds surname, DateOfBirthComparison dob, ExactMatch city TF, EmailComparison email;
 *   blocking first_name+dob and surname; EM sessions on first_name+surname and on email).
 * - Guatemalan set: deduplicate_50k_synthetic.ipynb, the person example, with its columns mapped to ours
 *   (first_name → given names, surname → first surname, postcode_fake → municipality, its first characters →
 *   department, birth_place → municipality): blocking on first 3 letters of the given names + 4 of the surname,
 *   surname+dob, given+dob, municipality+given, municipality+surname, dob+municipality, department+dob,
 *   department+given, department+surname, first 2 + 2 letters of the names + birth year; NameComparison for
 *   given names, both surnames and both parents' names, DateOfBirthComparison, ExactMatch municipality (TF)
 *   and sex; EM sessions on given names+surname and on dob.
 */

import { jaro, jaroWinkler } from '../../src/core/names/index.ts';
import {
  NULL_LEVEL,
  damerauLevenshtein,
  isoDate,
  type BlockingRule,
  type Comparison,
  type LinkageSpec,
  type PreparedRecord,
  type RecordSchema,
  type TermFrequencyTableSpec,
  type TrainingRule,
} from '../../src/core/linkage/index.ts';

export type Getter = (r: PreparedRecord) => string | undefined;

/** Splink's date differences are elapsed time; a month and a year in days. */
const MONTH = 30.4375;
const YEAR = 365.25;

/** Column accessors over prepared records: the column text as a Splink user would clean it. */
export const col = {
  given: (r: PreparedRecord) => r.given?.folded,
  first: (r: PreparedRecord) => r.first?.folded,
  second: (r: PreparedRecord) => r.second?.folded,
  mother: (r: PreparedRecord) => r.mother?.full.folded,
  father: (r: PreparedRecord) => r.father?.full.folded,
  place: (r: PreparedRecord) => r.place?.folded,
  municipality: (r: PreparedRecord) => r.municipality,
  department: (r: PreparedRecord) => r.department,
  sex: (r: PreparedRecord) => r.sex,
  dob: (r: PreparedRecord) => dateText(r),
  field: (schema: RecordSchema, name: string): Getter => {
    const index = schema.generic.findIndex((g) => g.name === name);
    if (index < 0) throw new Error(`Campo genérico desconocido: ${name}`);
    return (r) => r.generic[index];
  },
};

/** The date as Splink would hold it: ISO text; a year or range as 1 January of (the middle) year. */
function dateText(r: PreparedRecord): string | undefined {
  const birth = r.birth;
  if (!birth) return undefined;
  if (birth.precision === 'exact') return isoDate(birth);
  const from = new Date(birth.lo * 86_400_000).getUTCFullYear();
  const to = new Date(birth.hi * 86_400_000).getUTCFullYear();
  return `${Math.floor((from + to) / 2)}-01-01`;
}

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function tfLevel(name: string, get: Getter, level = 0) {
  return [{ level, table: `splink:${name}`, value: (a: PreparedRecord) => get(a) }];
}

function twoValues(get: Getter, a: PreparedRecord, b: PreparedRecord): [string, string] | undefined {
  const x = get(a);
  const y = get(b);
  return x === undefined || y === undefined || x === '' || y === '' ? undefined : [x, y];
}

export function nameComparison(name: string, get: Getter, tf = true): Comparison {
  return {
    name,
    levels: ['exact', 'jw_0.92', 'jw_0.88', 'jw_0.70', 'else'],
    compare(a, b) {
      const v = twoValues(get, a, b);
      if (!v) return NULL_LEVEL;
      if (v[0] === v[1]) return 0;
      const s = jaroWinkler(v[0], v[1]);
      return s >= 0.92 ? 1 : s >= 0.88 ? 2 : s >= 0.7 ? 3 : 4;
    },
    termFrequency: tf ? tfLevel(name, get) : undefined,
  };
}

export function jaroAtThresholds(name: string, get: Getter): Comparison {
  return {
    name,
    levels: ['exact', 'jaro_0.9', 'jaro_0.7', 'else'],
    compare(a, b) {
      const v = twoValues(get, a, b);
      if (!v) return NULL_LEVEL;
      if (v[0] === v[1]) return 0;
      const s = jaro(v[0], v[1]);
      return s >= 0.9 ? 1 : s >= 0.7 ? 2 : 3;
    },
  };
}

export function dateOfBirthComparison(name = 'birth_date'): Comparison {
  return {
    name,
    levels: ['exact', 'damerau_levenshtein_1', 'within_1_month', 'within_1_year', 'within_10_years', 'else'],
    compare(a, b) {
      const v = twoValues(col.dob, a, b);
      if (!v) return NULL_LEVEL;
      if (v[0] === v[1]) return 0;
      if (damerauLevenshtein(v[0], v[1], 1) <= 1) return 1;
      const days = Math.abs(dayOf(v[0]) - dayOf(v[1]));
      return days <= MONTH ? 2 : days <= YEAR ? 3 : days <= 10 * YEAR ? 4 : 5;
    },
  };
}

export function exactMatch(name: string, get: Getter, tf = false): Comparison {
  return {
    name,
    levels: ['exact', 'else'],
    compare(a, b) {
      const v = twoValues(get, a, b);
      return v ? (v[0] === v[1] ? 0 : 1) : NULL_LEVEL;
    },
    termFrequency: tf ? tfLevel(name, get) : undefined,
  };
}

export function damerauLevenshteinAtThresholds(
  name: string,
  get: Getter,
  thresholds: readonly number[],
  tf = false,
): Comparison {
  return {
    name,
    levels: ['exact', ...thresholds.map((t) => `damerau_levenshtein_${t}`), 'else'],
    compare(a, b) {
      const v = twoValues(get, a, b);
      if (!v) return NULL_LEVEL;
      if (v[0] === v[1]) return 0;
      const d = damerauLevenshtein(v[0], v[1], thresholds[thresholds.length - 1]);
      const at = thresholds.findIndex((t) => d <= t);
      return at < 0 ? thresholds.length + 1 : at + 1;
    },
    termFrequency: tf ? tfLevel(name, get) : undefined,
  };
}

export function emailComparison(name: string, get: Getter): Comparison {
  const user = (email: string) => email.split('@')[0] ?? email;
  return {
    name,
    levels: ['exact', 'exact_username', 'jw_0.88_email', 'jw_0.88_username', 'else'],
    compare(a, b) {
      const v = twoValues(get, a, b);
      if (!v) return NULL_LEVEL;
      if (v[0] === v[1]) return 0;
      if (user(v[0]) === user(v[1])) return 1;
      if (jaroWinkler(v[0], v[1]) >= 0.88) return 2;
      return jaroWinkler(user(v[0]), user(v[1])) >= 0.88 ? 3 : 4;
    },
  };
}

type KeyPart = Getter;

/** block_on(a, b, …): records with all the columns equal (and not null). */
export function blockOn(name: string, ...parts: KeyPart[]): BlockingRule {
  return {
    name,
    keys(r) {
      const values = parts.map((p) => p(r));
      return values.some((v) => v === undefined || v === '') ? [] : [values.join('|')];
    },
  };
}

/** "l.a = r.b and l.b = r.a" together with block_on(a, b): the unordered pair. */
export function blockOnEitherOrder(name: string, a: KeyPart, b: KeyPart): BlockingRule {
  return {
    name,
    keys(r) {
      const x = a(r);
      const y = b(r);
      if (!x || !y) return [];
      return [x < y ? `${x}|${y}` : `${y}|${x}`];
    },
  };
}

/** substr(col, 1, n) */
export const substr =
  (get: Getter, n: number): Getter =>
  (r) =>
    get(r)?.slice(0, n);

/** An EM session blocked on exact equality of some comparisons' columns. */
export function emSession(name: string, parts: KeyPart[], exactOn: string[]): TrainingRule {
  return {
    name,
    keys: blockOn(name, ...parts).keys,
    agree: Object.fromEntries(exactOn.map((c) => [c, ['exact']])),
  };
}

function termFrequencies(comparisons: readonly Comparison[], getters: Record<string, Getter>) {
  return comparisons
    .filter((c) => c.termFrequency)
    .map((c): TermFrequencyTableSpec => ({
      name: `splink:${c.name}`,
      values: (r) => [getters[c.name]!(r)],
    }));
}

function spec(
  name: string,
  entries: [Comparison, Getter][],
  blocking: BlockingRule[],
  training: TrainingRule[],
): LinkageSpec {
  const comparisons = entries.map(([c]) => c);
  const getters = Object.fromEntries(entries.map(([c, g]) => [c.name, g]));
  return {
    name,
    version: 1,
    comparisons,
    blocking,
    training,
    termFrequencies: termFrequencies(comparisons, getters),
  };
}

/** No cap on block size, as in Splink. */
export const SPLINK_BLOCKING = { maxBlockSize: Infinity };

export function febrl3Baseline(schema: RecordSchema): LinkageSpec {
  const f = (n: string) => col.field(schema, n);
  return spec(
    'splink-febrl3',
    [
      [nameComparison('given_names', col.given), col.given],
      [nameComparison('first_surname', col.first), col.first],
      [dateOfBirthComparison(), col.dob],
      [damerauLevenshteinAtThresholds('soc_sec_id', f('soc_sec_id'), [2]), f('soc_sec_id')],
      [exactMatch('street_number', f('street_number'), true), f('street_number')],
      [exactMatch('postcode', f('postcode'), true), f('postcode')],
    ],
    [
      blockOn('soc_sec_id', f('soc_sec_id')),
      blockOn('given_name', col.given),
      blockOn('surname', col.first),
      blockOn('date_of_birth', col.dob),
      blockOn('postcode', f('postcode')),
    ],
    [
      emSession('date_of_birth', [col.dob], ['birth_date']),
      emSession('postcode', [f('postcode')], ['postcode']),
    ],
  );
}

export function febrl4Baseline(schema: RecordSchema): LinkageSpec {
  const f = (n: string) => col.field(schema, n);
  return spec(
    'splink-febrl4',
    [
      [nameComparison('given_names', col.given), col.given],
      [nameComparison('first_surname', col.first), col.first],
      [dateOfBirthComparison(), col.dob],
      [damerauLevenshteinAtThresholds('soc_sec_id', f('soc_sec_id'), [1, 2]), f('soc_sec_id')],
      [exactMatch('street_number', f('street_number'), true), f('street_number')],
      [damerauLevenshteinAtThresholds('postcode', f('postcode'), [1, 2], true), f('postcode')],
    ],
    [
      blockOnEitherOrder('given_name+surname (either order)', col.given, col.first),
      blockOn('date_of_birth', col.dob),
      blockOn('soc_sec_id', f('soc_sec_id')),
      blockOn('state+address_1', col.department, f('address_1')),
      blockOn('street_number+address_1', f('street_number'), f('address_1')),
      blockOn('postcode', f('postcode')),
    ],
    [
      emSession('date_of_birth', [col.dob], ['birth_date']),
      emSession('postcode', [f('postcode')], ['postcode']),
    ],
  );
}

export function fake1000Baseline(schema: RecordSchema): LinkageSpec {
  const email = col.field(schema, 'email');
  return spec(
    'splink-fake_1000',
    [
      [nameComparison('given_names', col.given, false), col.given],
      [jaroAtThresholds('first_surname', col.first), col.first],
      [dateOfBirthComparison(), col.dob],
      [exactMatch('city', col.place, true), col.place],
      [emailComparison('email', email), email],
    ],
    [blockOn('first_name+dob', col.given, col.dob), blockOn('surname', col.first)],
    [
      emSession('first_name+surname', [col.given, col.first], ['given_names', 'first_surname']),
      emSession('email', [email], ['email']),
    ],
  );
}

export function guatemalanBaseline(schema: RecordSchema): LinkageSpec {
  const year = (r: PreparedRecord) => col.dob(r)?.slice(0, 4);
  const parents: [Comparison, Getter][] = [];
  if (schema.kinds.has('mother_name')) parents.push([nameComparison('mother_name', col.mother), col.mother]);
  if (schema.kinds.has('father_name')) parents.push([nameComparison('father_name', col.father), col.father]);
  return spec(
    'splink-persons',
    [
      [nameComparison('given_names', col.given), col.given],
      [nameComparison('first_surname', col.first), col.first],
      [nameComparison('second_surname', col.second), col.second],
      [dateOfBirthComparison(), col.dob],
      [exactMatch('sex', col.sex), col.sex],
      [exactMatch('municipality', col.municipality, true), col.municipality],
      ...parents,
    ],
    [
      blockOn('given[1:3]+surname[1:4]', substr(col.given, 3), substr(col.first, 4)),
      blockOn('surname+dob', col.first, col.dob),
      blockOn('given+dob', col.given, col.dob),
      blockOn('municipality+given', col.municipality, col.given),
      blockOn('municipality+surname', col.municipality, col.first),
      blockOn('dob+municipality', col.dob, col.municipality),
      blockOn('department+dob', col.department, col.dob),
      blockOn('department+given', col.department, col.given),
      blockOn('department+surname', col.department, col.first),
      blockOn('given[1:2]+surname[1:2]+year', substr(col.given, 2), substr(col.first, 2), year),
    ],
    [
      emSession('given+surname', [col.given, col.first], ['given_names', 'first_surname']),
      emSession('dob', [col.dob], ['birth_date']),
    ],
  );
}
