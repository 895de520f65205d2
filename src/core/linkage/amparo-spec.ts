/**
 * Amparo's linkage configuration for the fields a data set has. The same rules serve every data set (the
 * evaluation does not tune per data set): comparisons for the fields present, blocking on phonetic name keys
 * alone and with the birth date or the place, the birth date, a parent's name with the birth year or the
 * child's given name, and any generic field by its value; training sessions on names and on the exact date of
 * birth.
 */

import {
  birthComparison,
  fatherComparison,
  firstSurnameComparison,
  genericExactComparison,
  genericFuzzyComparison,
  givenNamesComparison,
  motherComparison,
  placeComparison,
  secondSurnameComparison,
  sexComparison,
} from './amparo-comparisons.ts';
import { birthYears } from './birth.ts';
import type { FieldKind, NamePart, ParentName, PreparedRecord, RecordSchema } from './record.ts';
import type { BlockingRule, Comparison, LinkageSpec, TermFrequencyTableSpec, TrainingRule } from './spec.ts';

export const AMPARO_SPEC_NAME = 'amparo-gt';
export const AMPARO_SPEC_VERSION = 1;

const NONE: readonly string[] = [];
/** A generic field blocks only if it narrows a record down to a few others. */
const GENERIC_PAIRS_PER_RECORD = 5;

function givenKeys(r: PreparedRecord): string[] {
  return r.given ? r.given.wordKeys.flat() : [];
}

function surnameKeys(r: PreparedRecord): string[] {
  return [...(r.first?.keys ?? NONE), ...(r.second?.keys ?? NONE)];
}

function givenSurnameKeys(r: PreparedRecord): string[] {
  return product(givenKeys(r), surnameKeys(r), true);
}

/** Both surnames' keys in a fixed order (swapped surnames file together); one surname alone if only one. */
function surnamePairKeys(r: PreparedRecord): string[] {
  if (!r.first) return [];
  return r.second ? product(r.first.keys, r.second.keys, true) : [...r.first.keys];
}

function years(r: PreparedRecord): number[] {
  return r.birth ? birthYears(r.birth) : [];
}

/** The date with day and month in a fixed order, so that a swapped day and month file together. */
function dateKey(r: PreparedRecord): string | undefined {
  const b = r.birth;
  if (!b || b.precision !== 'exact') return undefined;
  const [x, y] = b.day! <= b.month! ? [b.day!, b.month!] : [b.month!, b.day!];
  return `${b.year}-${x}-${y}`;
}

function placeKey(r: PreparedRecord): string | undefined {
  return r.municipality ?? (r.place ? r.place.keys[0] : undefined) ?? r.department;
}

/** A rule's keys within the place of origin; none without a place. */
function withPlace(keys: (r: PreparedRecord) => string[]) {
  return (r: PreparedRecord): string[] => {
    const place = placeKey(r);
    return place ? product(keys(r), [place]) : [];
  };
}

function product(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
  unordered = false,
): string[] {
  const keys: string[] = [];
  for (const x of a) {
    for (const y of b) keys.push(unordered && String(y) < String(x) ? `${y}|${x}` : `${x}|${y}`);
  }
  return keys;
}

/** A parent's given-name and surname keys with each of the child's given-name keys. */
function parentWithGivenKeys(parent: ParentName | undefined, r: PreparedRecord): string[] {
  if (!parent?.given || !parent.first || !r.given) return [];
  return product([`${parent.given.wordKeys[0]![0]!}|${parent.first.keys[0]!}`], givenKeys(r));
}

function parentKeys(parent: ParentName | undefined, r: PreparedRecord): string[] {
  const given: NamePart | undefined = parent?.given;
  const surname = parent?.first;
  if (!given || !surname) return [];
  return product(product([given.wordKeys[0]![0]!], [surname.keys[0]!]), years(r));
}

function comparisonsFor(schema: RecordSchema): Comparison[] {
  const has = (kind: FieldKind) => schema.kinds.has(kind);
  const comparisons: Comparison[] = [];
  if (has('given_names') || has('full_name')) comparisons.push(givenNamesComparison);
  if (has('first_surname') || has('full_name')) comparisons.push(firstSurnameComparison);
  if (has('second_surname') || has('full_name')) comparisons.push(secondSurnameComparison);
  if (has('birth_date') || has('birth_year_min') || has('birth_year_max')) comparisons.push(birthComparison);
  if (has('sex')) comparisons.push(sexComparison);
  if (has('municipality') || has('department') || has('place')) comparisons.push(placeComparison);
  if (has('mother_name')) comparisons.push(motherComparison);
  if (has('father_name')) comparisons.push(fatherComparison);
  schema.generic.forEach((field, index) =>
    comparisons.push(
      field.mode === 'exact'
        ? genericExactComparison(field.name, index)
        : genericFuzzyComparison(field.name, index),
    ),
  );
  return comparisons;
}

function blockingFor(schema: RecordSchema, comparisons: readonly Comparison[]): BlockingRule[] {
  const present = new Set(comparisons.map((c) => c.name));
  const rules: BlockingRule[] = [];
  const names = present.has('given_names') && present.has('first_surname');
  const birth = present.has('birth_date');
  if (names) {
    rules.push({ name: 'given+surname', keys: givenSurnameKeys });
  }
  if (present.has('first_surname')) rules.push({ name: 'surnames', keys: surnamePairKeys });
  if (birth && present.has('given_names')) {
    rules.push({
      name: 'given+birth_date',
      keys: (r) => {
        const date = dateKey(r);
        return date ? product(givenKeys(r), [date]) : [];
      },
    });
  }
  if (birth) {
    rules.push({
      name: 'birth_date',
      keys: (r) => {
        const date = dateKey(r);
        return date ? [date] : [];
      },
    });
  }
  if (birth && present.has('given_names')) {
    rules.push({
      name: 'given_prefix+birth_year',
      keys: (r) => (r.given ? product([r.given.words[0]!.slice(0, 3)], years(r)) : []),
    });
  }
  if (birth && present.has('place')) {
    rules.push({
      name: 'place+birth_year_window',
      keys: (r) => {
        const place = placeKey(r);
        return place
          ? product(
              [place],
              years(r).flatMap((y) => [y, y + 1]),
            )
          : [];
      },
    });
  }
  if (birth && present.has('mother_name'))
    rules.push({ name: 'mother+birth_year', keys: (r) => parentKeys(r.mother, r) });
  if (birth && present.has('father_name'))
    rules.push({ name: 'father+birth_year', keys: (r) => parentKeys(r.father, r) });
  // A common name (María López) fills blocks too large to use in a registry of 10^6; within the place of
  // origin it does not, whatever the birth dates say.
  if (names && present.has('place'))
    rules.push({ name: 'given+surname+place', keys: withPlace(givenSurnameKeys) });
  if (present.has('first_surname') && present.has('place')) {
    rules.push({ name: 'surnames+place', keys: withPlace(surnamePairKeys) });
  }
  // A parent's name keeps a child's records together when the birth dates disagree.
  if (present.has('given_names') && present.has('mother_name')) {
    rules.push({ name: 'mother+given', keys: (r) => parentWithGivenKeys(r.mother, r) });
  }
  if (present.has('given_names') && present.has('father_name')) {
    rules.push({ name: 'father+given', keys: (r) => parentWithGivenKeys(r.father, r) });
  }
  schema.generic.forEach((field, index) =>
    rules.push({
      name: field.name,
      keys: (r) => {
        const value = r.generic[index];
        return value === undefined ? [] : [value];
      },
      maxPairsPerRecord: GENERIC_PAIRS_PER_RECORD,
    }),
  );
  return rules;
}

function trainingFor(schema: RecordSchema, comparisons: readonly Comparison[]): TrainingRule[] {
  const present = new Set(comparisons.map((c) => c.name));
  const rules: TrainingRule[] = [];
  if (present.has('given_names') && present.has('first_surname')) {
    rules.push({
      name: 'given+surname',
      keys: (r) => (r.given && r.first ? [`${r.given.wordKeys[0]![0]}|${r.first.keys[0]}`] : []),
      agree: { given_names: ['exact', 'phonetic'], first_surname: ['exact', 'phonetic'] },
    });
  }
  if (present.has('birth_date')) {
    rules.push({
      name: 'birth_date',
      keys: (r) => (r.birth?.digits ? [r.birth.digits] : []),
      agree: { birth_date: ['exact'] },
    });
  }
  const covered = (name: string) => rules.some((rule) => !(name in rule.agree));
  const uncovered = comparisons.filter((c) => !covered(c.name));
  const exactField = schema.generic.findIndex((f) => f.mode === 'exact');
  const fallback = exactField >= 0 ? exactField : schema.generic.length > 0 ? 0 : -1;
  if ((uncovered.length > 0 || rules.length === 0) && fallback >= 0) {
    const field = schema.generic[fallback]!;
    rules.push({
      name: field.name,
      keys: (r) => {
        const value = r.generic[fallback];
        return value === undefined ? [] : [value];
      },
      agree: { [field.name]: ['exact'] },
    });
  }
  return rules;
}

const TERM_FREQUENCIES: TermFrequencyTableSpec[] = [
  { name: 'given', values: (r) => [r.given?.key] },
  { name: 'given_word', values: (r) => r.given?.words ?? NONE },
  { name: 'surname', values: (r) => [r.first?.key, r.second?.key] },
  { name: 'surname_key', values: (r) => [...(r.first?.keys ?? NONE), ...(r.second?.keys ?? NONE)] },
  { name: 'municipality', values: (r) => [r.municipality] },
  { name: 'place', values: (r) => [r.place?.key] },
];

export function amparoSpec(schema: RecordSchema): LinkageSpec {
  const comparisons = comparisonsFor(schema);
  return {
    name: AMPARO_SPEC_NAME,
    version: AMPARO_SPEC_VERSION,
    comparisons,
    blocking: blockingFor(schema, comparisons),
    training: trainingFor(schema, comparisons),
    termFrequencies: [
      ...TERM_FREQUENCIES,
      ...schema.generic.map((field, index) => ({
        name: `field:${field.name}`,
        values: (r: PreparedRecord) => [r.generic[index]],
      })),
    ],
  };
}
