/**
 * Synthetic Guatemalan children for demo data, benchmarks and the record-linkage evaluation: realistic,
 * clearly synthetic (ids "sint-…"), deterministic for a seed. See data/SOURCE.md for how the name and place
 * frequencies were estimated and error-rates.ts for the fixed error model of duplicates.
 */
export { Rng, WeightedTable, deriveSeed } from './prng.ts';
export {
  PersonGenerator,
  DEFAULT_REFERENCE_DATE,
  type Birth,
  type GeneratorOptions,
  type PersonName,
  type SyntheticPerson,
} from './person.ts';
export { generateDataset, type Dataset, type DatasetOptions } from './dataset.ts';
export { ErrorTally, type SyntheticRecord } from './errors.ts';
export {
  DUPLICATE_ERROR_RATES,
  DEFAULT_DUPLICATE_RATE,
  ERROR_KINDS,
  type ErrorKind,
  type ErrorRates,
} from './error-rates.ts';
export { CSV_COLUMNS, birthYears, csvHeader, csvRow, toCsv } from './export.ts';
