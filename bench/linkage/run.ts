/**
 * Record-linkage evaluation (issue 4): Amparo's engine against a Splink-like baseline on FEBRL3, FEBRL4,
 * Splink's fake_1000 and the synthetic Guatemalan set, in one process.
 *
 *   npm run bench:linkage [-- --persons 10000] [-- --only FEBRL3,fake_1000]
 *
 * Both engines train without labels and propose a pair when their own match probability is ≥ 0.5; labels are
 * read only to score the result. The synthetic set is generated with the fixed error model; parameters are
 * trained on seed 1 and the result is measured on seed 2. Prints a Markdown table.
 */

import { parseArgs } from 'node:util';
import {
  amparoSpec,
  evaluate,
  linkRecords,
  prepareRecords,
  recallAtPrecision,
  trainModel,
  type Evaluation,
  type LinkOptions,
  type LinkageSpec,
  type RecordSchema,
} from '../../src/core/linkage/index.ts';
import { benchDatasets, type BenchDataset } from './datasets.ts';
import { SPLINK_BLOCKING } from './splink-baseline.ts';

interface EngineRun {
  engine: string;
  evaluation: Evaluation;
  lambda: number;
  /** Diagnostic: best recall with precision ≥ 0.99 over all cut-offs (picked with the labels). */
  recallAtP99: number;
  /** Records per second of processor time: less sensitive than wall time to other load on the machine. */
  cpuRecordsPerSecond: number;
}

function runEngine(
  dataset: BenchDataset,
  engine: string,
  specFor: (schema: RecordSchema) => LinkageSpec,
  options: LinkOptions,
): EngineRun {
  const set = dataset.load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let parameters;
  if (dataset.train) {
    const training = dataset.train();
    const spec = specFor(set.schema);
    parameters = trainModel(spec, prepareRecords(training.inputs, set.schema), options);
  }
  const trainMs = performance.now() - started;
  const result = linkRecords(set.inputs, set.schema, specFor, { ...options, parameters });
  result.timings.totalMs += trainMs;
  const used = process.cpuUsage(cpu);
  return {
    cpuRecordsPerSecond: set.inputs.length / ((used.user + used.system) / 1e6),
    engine,
    evaluation: evaluate(result, set.labels),
    lambda: result.model.params.lambda,
    recallAtP99: recallAtPrecision(result, set.labels, 0.99).recall,
  };
}

const pct = (x: number) => (100 * x).toFixed(2);
const f3 = (x: number) => x.toFixed(4);

function row(dataset: string, run: EngineRun): string {
  const e = run.evaluation;
  return (
    `| ${dataset} | ${run.engine} | ${f3(e.precision)} | ${f3(e.recall)} | ${f3(e.f1)} | ${pct(e.pairsCompleteness)} % ` +
    `| ${pct(e.reductionRatio)} % | ${e.candidatePairs} | ${e.predictedPairs} / ${e.truePairs} | ` +
    `${f3(run.recallAtP99)} | ${Math.round(e.recordsPerSecond)} / ${Math.round(run.cpuRecordsPerSecond)} |`
  );
}

function ratioRow(dataset: string, amparo: EngineRun, baseline: EngineRun): string {
  const r = (x: number, y: number) => (y === 0 ? '—' : `×${(x / y).toFixed(3)}`);
  const [a, b] = [amparo.evaluation, baseline.evaluation];
  return (
    `| ${dataset} | Amparo ÷ base | ${r(a.precision, b.precision)} | ${r(a.recall, b.recall)} | ${r(a.f1, b.f1)} | ` +
    `${r(a.pairsCompleteness, b.pairsCompleteness)} | | ${r(a.candidatePairs, b.candidatePairs)} | | ` +
    `${r(amparo.recallAtP99, baseline.recallAtP99)} | ${r(amparo.cpuRecordsPerSecond, baseline.cpuRecordsPerSecond)} (CPU) |`
  );
}

const { values } = parseArgs({
  options: { persons: { type: 'string', default: '10000' }, only: { type: 'string' } },
  strict: true,
});
const persons = Number(values.persons);
if (!Number.isInteger(persons) || persons < 10) throw new Error('--persons debe ser un entero ≥ 10');
const only = values.only?.split(',').map((s) => s.trim().toLowerCase());

const lines = [
  '| Datos | Motor | Precisión | Exhaustividad | F1 | Completitud de pares | Reducción | Pares candidatos | ' +
    'Propuestos / verdaderos | Exhaustividad con precisión ≥ 0,99 (diagnóstico) | Registros/s (reloj / CPU) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
const notes: string[] = [];
process.stdout.write(
  `Evaluación de enlace de registros (umbral: probabilidad ≥ 0,5; ${new Date().toISOString()})\n\n`,
);
for (const dataset of benchDatasets({ persons })) {
  if (only && !only.includes(dataset.name.toLowerCase())) continue;
  process.stderr.write(`${dataset.name}: ${dataset.description}…\n`);
  const amparo = runEngine(dataset, 'Amparo', amparoSpec, {});
  const baseline = runEngine(dataset, 'Base tipo Splink', dataset.baseline, SPLINK_BLOCKING);
  lines.push(
    row(dataset.name, amparo),
    row(dataset.name, baseline),
    ratioRow(dataset.name, amparo, baseline),
  );
  notes.push(
    `- ${dataset.name} (${dataset.description}): λ estimado Amparo ${amparo.lambda.toExponential(2)}, ` +
      `base ${baseline.lambda.toExponential(2)}; exhaustividad de Amparo − base = ` +
      `${(100 * (amparo.evaluation.recall - baseline.evaluation.recall)).toFixed(2)} puntos en el umbral, ` +
      `${(100 * (amparo.recallAtP99 - baseline.recallAtP99)).toFixed(2)} puntos con precisión ≥ 0,99.`,
  );
}
process.stdout.write(`${lines.join('\n')}\n\n${notes.join('\n')}\n`);
