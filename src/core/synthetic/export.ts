import { csvLine } from '../reference/csv.ts';
import type { SyntheticRecord } from './errors.ts';
import type { Birth } from './person.ts';

/**
 * The CSV form of a synthetic data set, for `amparo linkage evaluate` and any other tool: one row per
 * record, `cluster_id` the truth, `errors` what the error model did (for analysis; an engine must not read
 * either). Dates are YYYY-MM-DD; an estimated birth has no birth_date but the range of years it allows.
 */

export const CSV_COLUMNS = [
  'record_id',
  'cluster_id',
  'given_names',
  'first_surname',
  'second_surname',
  'sex',
  'birth_date',
  'birth_precision',
  'birth_year_min',
  'birth_year_max',
  'department_code',
  'municipality_code',
  'place_text',
  'pueblo',
  'comunidad',
  'primary_language',
  'mother_name',
  'father_name',
  'errors',
] as const;

/** The years of birth a recorded birth allows (an age range at a date spans one more year than its ages). */
export function birthYears(birth: Birth): [min: number, max: number] {
  switch (birth.precision) {
    case 'exact': {
      const year = Number(birth.date.slice(0, 4));
      return [year, year];
    }
    case 'year':
      return [birth.year, birth.year];
    case 'age_range': {
      const asOf = Number(birth.asOf.slice(0, 4));
      return [asOf - birth.ageMax - 1, asOf - birth.ageMin];
    }
  }
}

export const csvHeader = () => csvLine([...CSV_COLUMNS]);

export function csvRow(record: SyntheticRecord): string {
  const [yearMin, yearMax] = birthYears(record.birth);
  return csvLine([
    record.recordId,
    record.clusterId,
    record.givenNames.join(' '),
    record.firstSurname,
    record.secondSurname,
    record.sex,
    record.birth.precision === 'exact' ? record.birth.date : '',
    record.birth.precision,
    yearMin,
    yearMax,
    record.departmentCode,
    record.municipalityCode,
    record.placeText,
    record.pueblo,
    record.comunidad,
    record.primaryLanguage,
    record.motherName,
    record.fatherName,
    record.errors.join(' '),
  ]);
}

export const toCsv = (records: Iterable<SyntheticRecord>) => {
  let out = csvHeader();
  for (const record of records) out += csvRow(record);
  return out;
};
