import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../reference/csv.ts';
import { WeightedTable } from './prng.ts';
import type { GivenNameGroup, SurnameGroup } from './profiles.ts';

/**
 * The name tables of the synthetic generator, read from data/ beside this file (see data/SOURCE.md). This
 * module reads files: the generator is a Node tool (CLI, benchmarks, demo seed, tests), not browser code.
 */

export const SYNTHETIC_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

export type SexCode = 'female' | 'male';

export interface NameTables {
  surnames: ReadonlyMap<SurnameGroup, WeightedTable<string>>;
  givenNames: ReadonlyMap<`${SexCode}:${GivenNameGroup}`, WeightedTable<string>>;
  /** Every spelling of the variant table → all spellings of its group (itself included). */
  variants: ReadonlyMap<string, readonly string[]>;
}

const NAME_SHAPE = /^[\p{L}]+(?:[' ][\p{L}]+)*'?$/u;

function checkName(name: string, file: string): string {
  if (!NAME_SHAPE.test(name)) throw new Error(`${file}: nombre no válido "${name}"`);
  return name;
}

function grouped<K extends string>(rows: Array<{ key: K; name: string; weight: number }>) {
  const byKey = new Map<K, { names: string[]; weights: number[] }>();
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? { names: [], weights: [] };
    entry.names.push(row.name);
    entry.weights.push(row.weight);
    byKey.set(row.key, entry);
  }
  return new Map([...byKey].map(([key, { names, weights }]) => [key, new WeightedTable(names, weights)]));
}

export function parseNameTables(surnamesCsv: string, givenNamesCsv: string, variantsCsv: string): NameTables {
  const surnames = grouped(
    parseCsvRecords(surnamesCsv).map((row) => ({
      key: row.group as SurnameGroup,
      name: checkName(row.surname!, 'surnames.csv'),
      weight: Number(row.weight),
    })),
  );
  const givenRows = parseCsvRecords(givenNamesCsv).flatMap((row) => {
    const sexes: SexCode[] = row.sex === 'F' ? ['female'] : row.sex === 'M' ? ['male'] : ['female', 'male'];
    return sexes.map((sex) => ({
      key: `${sex}:${row.group}` as `${SexCode}:${GivenNameGroup}`,
      name: checkName(row.name!, 'given-names.csv'),
      weight: Number(row.weight),
    }));
  });
  const variants = new Map<string, string[]>();
  for (const row of parseCsvRecords(variantsCsv)) {
    const spellings = row.spellings!.split('|').map((s) => checkName(s.trim(), 'variants.csv'));
    if (spellings.length < 2) throw new Error(`variants.csv: grupo de una sola grafía: ${row.spellings}`);
    for (const spelling of spellings) {
      if (variants.has(spelling)) throw new Error(`variants.csv: "${spelling}" aparece en dos grupos`);
      variants.set(spelling, spellings);
    }
  }
  return { surnames, givenNames: grouped(givenRows), variants };
}

let cached: NameTables | undefined;

export function loadNameTables(): NameTables {
  const read = (file: string) => fs.readFileSync(path.join(SYNTHETIC_DATA_DIR, file), 'utf8');
  cached ??= parseNameTables(read('surnames.csv'), read('given-names.csv'), read('variants.csv'));
  return cached;
}
