/**
 * The labelled data sets of the linkage evaluation, each read through the same field mapping a user would
 * give `amparo linkage evaluate` (src/core/linkage/csv-input.ts), with the Splink-like baseline for it.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseFieldMapping,
  readLabelledCsv,
  schemaOf,
  type LinkInput,
  type LinkageSpec,
  type RecordSchema,
  type TruthOptions,
} from '../../src/core/linkage/index.ts';
import { generateDataset, toCsv } from '../../src/core/synthetic/index.ts';
import { fake1000Baseline, febrl3Baseline, febrl4Baseline, guatemalanBaseline } from './splink-baseline.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LINKAGE_DATA = process.env.AMPARO_LINKAGE_DATA ?? path.resolve(ROOT, '../shared/data/linkage');

export const FEBRL_MAP =
  'given_names=given_name,first_surname=surname,birth_date=date_of_birth,place=suburb,department=state,' +
  'exact:street_number=street_number,fuzzy:address_1=address_1,fuzzy:address_2=address_2,' +
  'fuzzy:postcode=postcode,fuzzy:soc_sec_id=soc_sec_id';
export const FEBRL_TRUTH: TruthOptions = { truthFrom: 'rec_id', truthPattern: 'rec-(\\d+)' };

export const FAKE_1000_MAP =
  'given_names=first_name,first_surname=surname,birth_date=dob,place=city,fuzzy:email=email';

/** The synthetic CSV's columns; pueblo and language are left out (the error model never changes them). */
export const SYNTHETIC_MAP =
  'given_names=given_names,first_surname=first_surname,second_surname=second_surname,sex=sex,' +
  'birth_date=birth_date,birth_precision=birth_precision,birth_year_min=birth_year_min,' +
  'birth_year_max=birth_year_max,department=department_code,municipality=municipality_code,' +
  'mother_name=mother_name,father_name=father_name';

export interface LabelledSet {
  inputs: LinkInput[];
  labels: (string | undefined)[];
  schema: RecordSchema;
}

export function readSet(
  files: { text: string; name: string }[],
  map: string,
  truth: TruthOptions,
): LabelledSet {
  const mapping = parseFieldMapping(map);
  const inputs: LinkInput[] = [];
  const labels: (string | undefined)[] = [];
  files.forEach((file, source) => {
    const read = readLabelledCsv(file.text, mapping, truth, { source: source as 0 | 1, file: file.name });
    inputs.push(...read.inputs);
    labels.push(...read.labels);
  });
  return { inputs, labels, schema: schemaOf(inputs, mapping.generic) };
}

const file = (relative: string) => ({
  name: relative,
  text: fs.readFileSync(path.join(LINKAGE_DATA, relative), 'utf8'),
});

export interface BenchDataset {
  name: string;
  description: string;
  /** The set the model is reported on. */
  load: () => LabelledSet;
  /** When set, parameters are trained on this set (unsupervised) and applied to `load()`. */
  train?: () => LabelledSet;
  baseline: (schema: RecordSchema) => LinkageSpec;
}

/** The same synthetic records for a registry that does not record the parents' names. */
export const SYNTHETIC_MAP_WITHOUT_PARENTS = SYNTHETIC_MAP.replace(
  ',mother_name=mother_name,father_name=father_name',
  '',
);

export function benchDatasets(options: { persons: number }): BenchDataset[] {
  const csv = new Map<number, string>();
  const synthetic = (seed: number, map: string) => () => {
    if (!csv.has(seed)) csv.set(seed, toCsv(generateDataset({ seed, persons: options.persons }).records));
    return readSet([{ name: `sintético semilla ${seed}`, text: csv.get(seed)! }], map, {
      truth: 'cluster_id',
    });
  };
  return [
    {
      name: 'FEBRL3',
      description: 'dataset3.csv, 5000 registros, deduplicación',
      load: () => readSet([file('febrl/dataset3.csv')], FEBRL_MAP, FEBRL_TRUTH),
      baseline: febrl3Baseline,
    },
    {
      name: 'FEBRL4',
      description: 'dataset4a.csv × dataset4b.csv, 5000 × 5000, enlace',
      load: () => readSet([file('febrl/dataset4a.csv'), file('febrl/dataset4b.csv')], FEBRL_MAP, FEBRL_TRUTH),
      baseline: febrl4Baseline,
    },
    {
      name: 'fake_1000',
      description: 'Splink fake_1000.csv, 1000 registros, deduplicación',
      load: () => readSet([file('splink/fake_1000.csv')], FAKE_1000_MAP, { truth: 'cluster' }),
      baseline: fake1000Baseline,
    },
    {
      name: 'Sintético GT',
      description: `generador sintético, ${options.persons} personas; entrenado en la semilla 1, medido en la semilla 2`,
      load: synthetic(2, SYNTHETIC_MAP),
      train: synthetic(1, SYNTHETIC_MAP),
      baseline: guatemalanBaseline,
    },
    {
      name: 'Sintético GT sin padres',
      description:
        'los mismos registros sin los nombres de la madre y del padre (un registro que no los pide)',
      load: synthetic(2, SYNTHETIC_MAP_WITHOUT_PARENTS),
      train: synthetic(1, SYNTHETIC_MAP_WITHOUT_PARENTS),
      baseline: guatemalanBaseline,
    },
  ];
}
