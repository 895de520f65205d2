/**
 * Writes a labelled synthetic data set of Guatemalan children (src/core/synthetic) as CSV, for
 * `amparo linkage evaluate` and other tools:
 *
 *   node --import tsx scripts/generate-synthetic.ts --seed 1 --persons 10000 --out sint.csv
 *
 * Options: --duplicate-rate R (share of persons registered more than once, default 0.25),
 * --reference-date YYYY-MM-DD (ages are counted at this date, default 2025-01-01). The error model of the
 * duplicates is the fixed one (src/core/synthetic/error-rates.ts) and cannot be changed from here.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  DEFAULT_DUPLICATE_RATE,
  DEFAULT_REFERENCE_DATE,
  ERROR_KINDS,
  csvHeader,
  csvRow,
  generateDataset,
} from '../src/core/synthetic/index.ts';

const USAGE =
  'Uso: node --import tsx scripts/generate-synthetic.ts --seed N --persons N --out ARCHIVO.csv ' +
  '[--duplicate-rate 0.25] [--reference-date AAAA-MM-DD]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        seed: { type: 'string' },
        persons: { type: 'string' },
        out: { type: 'string' },
        'duplicate-rate': { type: 'string' },
        'reference-date': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const integer = (name: string, text: string | undefined) => {
  if (text === undefined || !/^\d+$/.test(text)) fail(`--${name} debe ser un número entero no negativo.`);
  return Number(text);
};
const seed = integer('seed', values.seed);
const persons = integer('persons', values.persons);
if (!values.out) fail('Falta --out ARCHIVO.csv.');
const duplicateRate =
  values['duplicate-rate'] === undefined ? DEFAULT_DUPLICATE_RATE : Number(values['duplicate-rate']);
if (!(duplicateRate >= 0 && duplicateRate <= 1)) fail('--duplicate-rate debe estar entre 0 y 1.');
const referenceDate = values['reference-date'] ?? DEFAULT_REFERENCE_DATE;
if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) fail('--reference-date debe tener la forma AAAA-MM-DD.');

const started = performance.now();
const dataset = generateDataset({ seed, persons, duplicateRate, referenceDate });
const out = fs.createWriteStream(values.out);
out.write(csvHeader());
for (const record of dataset.records) {
  if (!out.write(csvRow(record))) await once(out, 'drain');
}
out.end();
await finished(out);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `${dataset.records.length} registros de ${persons} personas (semilla ${seed}) escritos en ${values.out} en ${seconds} s.\n` +
    'Errores aplicados a los duplicados (observado / fijado, sobre casos posibles):\n' +
    ERROR_KINDS.map(
      (kind) =>
        `  ${kind.padEnd(22)} ${dataset.tally.observedRate(kind).toFixed(3)} / ${dataset.errorRates[kind]} ` +
        `(${dataset.tally.applied[kind]} de ${dataset.tally.eligible[kind]})`,
    ).join('\n') +
    '\n',
);
