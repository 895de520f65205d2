import type { ShippedPlace } from '../reference/places.ts';
import {
  DEFAULT_DUPLICATE_RATE,
  DUPLICATE_ERROR_RATES,
  EXTRA_RECORDS,
  type ErrorRates,
} from './error-rates.ts';
import { duplicateRecord, ErrorTally, firstRecord, type SyntheticRecord } from './errors.ts';
import { PersonGenerator, STREAM } from './person.ts';
import { Rng, WeightedTable } from './prng.ts';

export interface DatasetOptions {
  seed: number | string;
  /** Distinct persons (clusters); the data set has more records than this. */
  persons: number;
  /** Share of persons registered more than once. */
  duplicateRate?: number;
  /**
   * Overrides of the fixed error model, for experiments only: evaluations report on the fixed rates
   * (error-rates.ts, issue 4 "Honest evaluation").
   */
  errorRates?: Partial<ErrorRates>;
  referenceDate?: string;
  femaleShare?: number;
  places?: readonly ShippedPlace[];
}

export interface Dataset {
  /** Every record, shuffled; `clusterId` is the truth (same child ⇔ same clusterId). */
  records: SyntheticRecord[];
  persons: number;
  duplicateRate: number;
  errorRates: ErrorRates;
  /** Per error kind: how many times it could have happened and how many times it did. */
  tally: ErrorTally;
}

/**
 * A labelled data set for record linkage: each person's first registration, plus for a share of persons
 * one to three later registrations made by the error model. Deterministic for a seed; person i is the same
 * person in every data set of that seed.
 */
export function generateDataset(options: DatasetOptions): Dataset {
  const duplicateRate = options.duplicateRate ?? DEFAULT_DUPLICATE_RATE;
  if (!(duplicateRate >= 0 && duplicateRate <= 1)) throw new Error('duplicateRate debe estar entre 0 y 1');
  if (!Number.isInteger(options.persons) || options.persons < 0)
    throw new Error('persons debe ser un entero no negativo');
  const errorRates: ErrorRates = { ...DUPLICATE_ERROR_RATES, ...options.errorRates };
  const generator = new PersonGenerator(
    { seed: options.seed, referenceDate: options.referenceDate, femaleShare: options.femaleShare },
    options.places,
  );
  const extra = WeightedTable.fromRecord(EXTRA_RECORDS);
  const tally = new ErrorTally();
  const records: SyntheticRecord[] = [];
  for (let i = 0; i < options.persons; i++) {
    const person = generator.person(i);
    records.push(firstRecord(person, generator));
    const rng = new Rng(options.seed, STREAM.duplicates, i);
    if (!rng.chance(duplicateRate)) continue;
    const copies = Number(extra.draw(rng));
    for (let copy = 0; copy < copies; copy++) {
      const errorRng = new Rng(options.seed, STREAM.errors, i, copy);
      records.push(duplicateRecord(person, generator, errorRng, errorRates, tally));
    }
  }
  new Rng(options.seed, STREAM.shuffle).shuffle(records);
  const width = Math.max(6, String(records.length).length);
  records.forEach((record, index) => {
    record.recordId = `sint-r${String(index + 1).padStart(width, '0')}`;
  });
  return { records, persons: options.persons, duplicateRate, errorRates, tally };
}
