import fs from 'node:fs/promises';
import {
  LinkageInputError,
  amparoSpec,
  evaluate,
  linkRecords,
  parseFieldMapping,
  readLabelledCsv,
  schemaOf,
  type LinkInput,
  type TruthOptions,
} from '../../core/linkage/index.ts';
import { defineCommand } from '../command.ts';
import { CliFailure, UsageError } from '../errors.ts';

export interface LinkageEvaluateOptions {
  file: string;
  /** Link this file against `file` instead of deduplicating `file`. */
  against?: string;
  map: string;
  truth: TruthOptions;
}

/** What `amparo linkage evaluate` prints, as one JSON line. */
export interface LinkageEvaluateResult {
  precision: number;
  recall: number;
  f1: number;
  pairsCompleteness: number;
  candidatePairs: number;
  recordsPerSecond: number;
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'ENOENT' ? `No existe el archivo ${file}.` : `No se pudo leer ${file}: ${code}`,
    );
  }
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Trains Amparo's linkage model on the file(s) without reading the truth, links them, and scores the
 * proposed pairs against the truth.
 */
export async function evaluateLinkageFiles(options: LinkageEvaluateOptions): Promise<LinkageEvaluateResult> {
  try {
    const mapping = parseFieldMapping(options.map);
    const files = [options.file, ...(options.against ? [options.against] : [])];
    const inputs: LinkInput[] = [];
    const labels: (string | undefined)[] = [];
    for (const [source, file] of files.entries()) {
      const read = readLabelledCsv(await readText(file), mapping, options.truth, {
        source: source as 0 | 1,
        file,
      });
      inputs.push(...read.inputs);
      labels.push(...read.labels);
    }
    if (inputs.length < 2) throw new LinkageInputError('Hacen falta al menos dos registros.');
    // The truth is not in the inputs: the engine cannot read it.
    const result = linkRecords(inputs, schemaOf(inputs, mapping.generic), amparoSpec);
    const e = evaluate(result, labels);
    return {
      precision: round(e.precision),
      recall: round(e.recall),
      f1: round(e.f1),
      pairsCompleteness: round(e.pairsCompleteness),
      candidatePairs: e.candidatePairs,
      recordsPerSecond: round(e.recordsPerSecond, 1),
    };
  } catch (error) {
    if (error instanceof LinkageInputError) throw new CliFailure(error.message);
    throw error;
  }
}

const string = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const linkageEvaluateCommand = defineCommand({
  name: 'linkage evaluate',
  summary: 'Mide el enlace de registros de Amparo sobre un archivo CSV etiquetado.',
  usage:
    'amparo linkage evaluate ARCHIVO.csv --map CAMPO=COLUMNA[,CAMPO=COLUMNA…] ' +
    '(--truth COLUMNA | --truth-from COLUMNA --truth-pattern REGEX) [--against OTRO.csv]',
  help:
    '  --map            qué columna lleva cada campo. Campos: given_names, first_surname, second_surname,\n' +
    '                   full_name (se separa), sex, birth_date (AAAA-MM-DD, AAAAMMDD o DD/MM/AAAA),\n' +
    '                   birth_precision (exact, year, range), birth_year_min, birth_year_max, department,\n' +
    '                   municipality, place (texto libre), mother_name, father_name, y campos genéricos\n' +
    '                   exact:NOMBRE (identificador) o fuzzy:NOMBRE (dirección, código postal, correo…)\n' +
    '  --truth          columna con la verdad: registros con el mismo valor son la misma persona\n' +
    '  --truth-from     columna de la que se obtiene la verdad con --truth-pattern (su primer grupo)\n' +
    '  --against        enlaza ARCHIVO.csv con OTRO.csv (mismas columnas) en lugar de deduplicarlo\n' +
    'El modelo se entrena con los datos sin leer la verdad y propone un par cuando su probabilidad de\n' +
    'coincidencia es al menos 0,5. Imprime una línea JSON: precision, recall, f1, pairsCompleteness,\n' +
    'candidatePairs, recordsPerSecond. Ejemplo (FEBRL):\n' +
    "  amparo linkage evaluate dataset3.csv --truth-from rec_id --truth-pattern 'rec-(\\d+)' \\\n" +
    '    --map given_names=given_name,first_surname=surname,birth_date=date_of_birth,fuzzy:postcode=postcode',
  options: {
    map: { type: 'string' },
    truth: { type: 'string' },
    'truth-from': { type: 'string' },
    'truth-pattern': { type: 'string' },
    against: { type: 'string' },
  },
  positionals: { min: 1, max: 1, names: 'ARCHIVO.csv' },
  run: async (ctx, values, [file]) => {
    const usage = `Uso: ${linkageEvaluateCommand.usage}`;
    const map = string(values.map);
    if (!map) throw new UsageError('Falta --map CAMPO=COLUMNA[,…].', usage);
    const truth: TruthOptions = {
      truth: string(values.truth),
      truthFrom: string(values['truth-from']),
      truthPattern: string(values['truth-pattern']),
    };
    if ((truth.truth === undefined) === (truth.truthFrom === undefined)) {
      throw new UsageError('Indique la verdad con --truth COLUMNA o con --truth-from COLUMNA.', usage);
    }
    const result = await evaluateLinkageFiles({ file: file!, against: string(values.against), map, truth });
    ctx.io.out(JSON.stringify(result));
  },
});
