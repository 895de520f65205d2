/**
 * Writes the linkage model Amparo ships (src/server/linkage/shipped-model.json): the person configuration
 * trained without labels on the synthetic Guatemalan generator, seed 1 (the tuning seed of the evaluation,
 * docs/linkage-evaluation.md), with its term frequencies. A new installation scores with it until
 * `amparo linkage train` trains a version on its own registry.
 *
 *   node --import tsx scripts/linkage-shipped-model.ts [--persons 10000]
 */

import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import prettier from 'prettier';
import { buildTermFrequencies, trainModel } from '../src/core/linkage/index.ts';
import { generateDataset } from '../src/core/synthetic/index.ts';
import { SHIPPED_MODEL_FILE, storedFrequencies, type ShippedModel } from '../src/server/linkage/models.ts';
import { knownOfSynthetic, PERSON_SPEC, prepareKnown } from '../src/server/linkage/person-record.ts';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '10000' } } });
const dataset = generateDataset({ seed: 1, persons: Number(values.persons) });
const records = dataset.records.map((r, index) => prepareKnown(r.recordId, knownOfSynthetic(r), index));
const shipped: ShippedModel = {
  parameters: trainModel(PERSON_SPEC, records),
  termFrequencies: storedFrequencies(buildTermFrequencies(PERSON_SPEC, records)),
  records: records.length,
};
// Written as the repository's formatter writes JSON, so that a regeneration shows only what changed.
const options = await prettier.resolveConfig(SHIPPED_MODEL_FILE);
await fs.writeFile(
  SHIPPED_MODEL_FILE,
  await prettier.format(JSON.stringify(shipped), { ...options, parser: 'json' }),
);
console.log(
  `${SHIPPED_MODEL_FILE}: ${records.length} registros, λ = ${shipped.parameters.lambda.toExponential(3)}`,
);
