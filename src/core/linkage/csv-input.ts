/**
 * Labelled files for evaluation: a field mapping (`given_names=first_name,birth_date=dob,fuzzy:email=email`)
 * turns CSV rows into linkage inputs, and the truth is read from a column or derived from an id column with
 * a pattern. Cells are trimmed (FEBRL separates fields with ", "). Parsing is the RFC 4180 parser already
 * used for the reference data (src/core/reference/csv.ts): no dependency needed.
 */

import { parseCsv } from '../reference/csv.ts';
import { FIELD_KINDS, type FieldKind, type GenericField, type LinkInput } from './record.ts';

export interface FieldMapping {
  kinds: Partial<Record<FieldKind, string>>;
  generic: (GenericField & { column: string })[];
}

/** Thrown for a mapping or file the user must fix; the message is for the user. */
export class LinkageInputError extends Error {}

const GENERIC = /^(exact|fuzzy)(?::([A-Za-z0-9_.-]+))?$/;

/**
 * FIELD=COLUMN pairs separated by commas. FIELD is a kind (given_names, first_surname, second_surname,
 * full_name, sex, birth_date, birth_precision, birth_year_min, birth_year_max, department, municipality,
 * place, mother_name, father_name) or a generic field `exact:NAME` / `fuzzy:NAME` (`exact` / `fuzzy` alone
 * take the column's name).
 */
export function parseFieldMapping(spec: string): FieldMapping {
  const mapping: FieldMapping = { kinds: {}, generic: [] };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new LinkageInputError(`Asignación no válida: «${part}» (se espera CAMPO=COLUMNA).`);
    }
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    const generic = GENERIC.exec(field);
    if (generic) {
      const name = generic[2] ?? column;
      if (mapping.generic.some((g) => g.name === name))
        throw new LinkageInputError(`Campo repetido: ${name}`);
      mapping.generic.push({ name, mode: generic[1] as 'exact' | 'fuzzy', column });
      continue;
    }
    if (!(FIELD_KINDS as readonly string[]).includes(field)) {
      throw new LinkageInputError(
        `Campo desconocido: «${field}». Campos: ${FIELD_KINDS.join(', ')}, exact:NOMBRE, fuzzy:NOMBRE.`,
      );
    }
    if (mapping.kinds[field as FieldKind] !== undefined)
      throw new LinkageInputError(`Campo repetido: ${field}`);
    mapping.kinds[field as FieldKind] = column;
  }
  if (Object.keys(mapping.kinds).length === 0 && mapping.generic.length === 0) {
    throw new LinkageInputError('La asignación de campos está vacía.');
  }
  return mapping;
}

export interface TruthOptions {
  /** Column holding the truth (records with the same value are the same person). */
  truth?: string;
  /** Column the truth is derived from with `truthPattern` (its first group, or the whole match). */
  truthFrom?: string;
  truthPattern?: string;
}

export interface LabelledInputs {
  inputs: LinkInput[];
  labels: (string | undefined)[];
}

function columnIndex(header: readonly string[], column: string, file: string): number {
  const index = header.indexOf(column);
  if (index < 0)
    throw new LinkageInputError(`${file}: no hay columna «${column}». Columnas: ${header.join(', ')}.`);
  return index;
}

/** Rows of a CSV text as linkage inputs with their truth labels. */
export function readLabelledCsv(
  text: string,
  mapping: FieldMapping,
  truth: TruthOptions,
  options: { source?: 0 | 1; file?: string } = {},
): LabelledInputs {
  const file = options.file ?? 'CSV';
  const [rawHeader, ...rows] = parseCsv(text);
  if (!rawHeader) throw new LinkageInputError(`${file}: el archivo está vacío.`);
  const header = rawHeader.map((h) => h.trim());
  const kindColumns = Object.entries(mapping.kinds).map(
    ([kind, column]) => [kind as FieldKind, columnIndex(header, column!, file)] as const,
  );
  const genericColumns = mapping.generic.map((g) => [g.name, columnIndex(header, g.column, file)] as const);
  const truthColumn = truth.truth ?? truth.truthFrom;
  const mapped = [...Object.values(mapping.kinds), ...mapping.generic.map((g) => g.column)];
  if (truthColumn !== undefined && mapped.includes(truthColumn)) {
    throw new LinkageInputError(`La columna de la verdad («${truthColumn}») no puede ser también un campo.`);
  }
  let label: (row: string[]) => string | undefined = () => undefined;
  if (truth.truth !== undefined) {
    const at = columnIndex(header, truth.truth, file);
    label = (row) => row[at]?.trim() || undefined;
  } else if (truth.truthFrom !== undefined) {
    const at = columnIndex(header, truth.truthFrom, file);
    let pattern: RegExp;
    try {
      pattern = new RegExp(truth.truthPattern ?? '^(.*)$');
    } catch {
      throw new LinkageInputError(`Patrón de verdad no válido: ${truth.truthPattern}`);
    }
    label = (row) => {
      const match = pattern.exec(row[at]?.trim() ?? '');
      return match ? (match[1] ?? match[0]) : undefined;
    };
  }
  const inputs: LinkInput[] = [];
  const labels: (string | undefined)[] = [];
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new LinkageInputError(
        `${file}: la fila ${r + 2} tiene ${row.length} campos, se esperaban ${header.length}.`,
      );
    }
    const values: LinkInput['values'] = {};
    for (const [kind, at] of kindColumns) {
      const value = row[at]!.trim();
      if (value !== '') values[kind] = value;
    }
    const generic: Record<string, string | undefined> = {};
    for (const [name, at] of genericColumns) generic[name] = row[at]!.trim() || undefined;
    inputs.push({ id: `${options.source ?? 0}:${r + 2}`, source: options.source ?? 0, values, generic });
    labels.push(label(row));
  });
  return { inputs, labels };
}
