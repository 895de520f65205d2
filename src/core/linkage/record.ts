/**
 * The record model of linkage: what a record may say about a person (the field kinds), and the prepared form
 * the comparisons and blocking keys read (folded words, phonetic keys, the birth as an interval).
 */

import { foldName, keyWords, parseFullName, phoneticKeys, phoneticKeysOfWord } from '../names/index.ts';
import { birthFrom, type Birth } from './birth.ts';

/** Field kinds a file's columns can be mapped to (`--map FIELD=COLUMN`). */
export const FIELD_KINDS = [
  'given_names',
  'first_surname',
  'second_surname',
  'full_name',
  'sex',
  'birth_date',
  'birth_precision',
  'birth_year_min',
  'birth_year_max',
  'department',
  'municipality',
  'place',
  'mother_name',
  'father_name',
] as const;

export type FieldKind = (typeof FIELD_KINDS)[number];

/** A generic field: compared exactly (an identifier) or fuzzily (an address, a postcode, an e-mail). */
export interface GenericField {
  name: string;
  mode: 'exact' | 'fuzzy';
}

/** Which fields the records of a data set carry. */
export interface RecordSchema {
  kinds: ReadonlySet<FieldKind>;
  generic: readonly GenericField[];
}

/** One record as read: raw text by field kind, generic fields by name. */
export interface LinkInput {
  id: string;
  /** 0 for the first (or only) file, 1 for the file linked against it. */
  source?: 0 | 1;
  values: Partial<Record<FieldKind, string>>;
  generic?: Record<string, string | undefined>;
}

/** A name part (given names, a surname, a place) as comparisons read it. */
export interface NamePart {
  /** foldName of the text as written: case, accents, apostrophes folded, particles kept. */
  folded: string;
  /** Words without particles ("de León" → ["leon"]). */
  words: string[];
  /** Interned ids of the words (see internName): equal words have equal ids. */
  ids: number[];
  /** The words joined: the part's key. */
  key: string;
  keyId: number;
  /** Phonetic keys of each word (primary first). */
  wordKeys: string[][];
  /** Phonetic keys of the whole part. */
  keys: string[];
}

export interface ParentName {
  full: NamePart;
  given?: NamePart;
  first?: NamePart;
  second?: NamePart;
}

export interface PreparedRecord {
  index: number;
  id: string;
  source: 0 | 1;
  given?: NamePart;
  first?: NamePart;
  second?: NamePart;
  sex?: string;
  birth?: Birth;
  department?: string;
  /** Municipality; an INE code when the file gave one (its department is then known too). */
  municipality?: string;
  place?: NamePart;
  mother?: ParentName;
  father?: ParentName;
  /** Generic field values by the schema's order: trimmed, lower-case, accents folded. */
  generic: (string | undefined)[];
  /** internName of each generic value (−1 when missing). */
  genericIds: number[];
}

const interned = new Map<string, number>();

/**
 * A small integer for a name word or key, the same for equal strings in this process, so that comparisons
 * can remember similarities under numeric keys.
 */
export function internName(text: string): number {
  let id = interned.get(text);
  if (id === undefined) {
    id = interned.size;
    interned.set(text, id);
  }
  return id;
}

/** Where a name part takes its strings and word keys from: fresh, or shared with other parts (SharedParts). */
interface WordTable {
  text(text: string): string;
  keys(word: string): string[];
}

function wordKeysOf(word: string): string[] {
  const keys = phoneticKeysOfWord(word);
  return keys.length > 0 ? keys : [word];
}

const FRESH: WordTable = { text: (text) => text, keys: wordKeysOf };

export function namePart(text: string | undefined, table: WordTable = FRESH): NamePart | undefined {
  if (text === undefined) return undefined;
  const words = keyWords(text).map(table.text);
  if (words.length === 0) return undefined;
  const key = table.text(words.join(' '));
  return {
    folded: table.text(foldName(text)),
    words,
    ids: words.map(internName),
    key,
    keyId: internName(key),
    wordKeys: words.map(table.keys),
    keys: phoneticKeys(key).map(table.text),
  };
}

const SOFT_INITIAL = /^[jy][aeiou]/;
const PROTHETIC_E = /^es[^aeiou]/;

/**
 * Given names borrowed from English are written by ear: J, Y and H before a vowel sound alike or are silent
 * (Jeidy/Heidy, Jackeline/Yaqueline, Jennifer/Yénifer), and the Spanish prothetic e before s + consonant comes
 * and goes (Estefany/Stephany, Esteban/Steban). The phonetic key keeps these apart, as it must for surnames;
 * for given names linkage adds the key without that first letter as another key of the word.
 */
export function givenNamePart(text: string | undefined, table: WordTable = FRESH): NamePart | undefined {
  const part = namePart(text, table);
  if (!part) return undefined;
  part.wordKeys = part.wordKeys.map((keys) => {
    const extra = keys.filter((k) => SOFT_INITIAL.test(k) || PROTHETIC_E.test(k)).map((k) => k.slice(1));
    return extra.length > 0 ? [...keys, ...extra.filter((k) => !keys.includes(k))] : keys;
  });
  return part;
}

/**
 * Name parts by their text, shared by every record prepared with it: the parts are never changed once made, and
 * a registry repeats the same surnames, given names and parents' names many times, so a batch over a million
 * records holds each distinct part once. Not for a long-lived process: it grows with the distinct names seen.
 */
export class SharedParts {
  private readonly plain = new Map<string, NamePart | undefined>();
  private readonly givens = new Map<string, NamePart | undefined>();
  private readonly parents = new Map<string, ParentName | undefined>();
  private readonly strings = new Map<string, string>();
  private readonly wordKeys = new Map<string, string[]>();
  private readonly table: WordTable = {
    text: (text) => {
      const known = this.strings.get(text);
      if (known !== undefined) return known;
      this.strings.set(text, text);
      return text;
    },
    keys: (word) => {
      let keys = this.wordKeys.get(word);
      if (keys === undefined) {
        keys = wordKeysOf(word).map(this.table.text);
        this.wordKeys.set(word, keys);
      }
      return keys;
    },
  };

  private static cached<T>(
    map: Map<string, T>,
    text: string | undefined,
    make: (text: string | undefined) => T,
  ): T | undefined {
    if (text === undefined) return make(undefined);
    if (map.has(text)) return map.get(text);
    const value = make(text);
    map.set(text, value);
    return value;
  }

  name = (text: string | undefined) => SharedParts.cached(this.plain, text, (t) => namePart(t, this.table));
  given = (text: string | undefined) =>
    SharedParts.cached(this.givens, text, (t) => givenNamePart(t, this.table));
  parent = (text: string | undefined) =>
    SharedParts.cached(this.parents, text, (t) => parentName(t, this, this.table));
}

const UNSHARED = {
  name: namePart,
  given: givenNamePart,
  parent: (text: string | undefined) => parentName(text),
};

function parentName(
  text: string | undefined,
  parts: Pick<SharedParts, 'name' | 'given'> = UNSHARED,
  table: WordTable = FRESH,
): ParentName | undefined {
  const full = namePart(text, table);
  if (!full || text === undefined) return undefined;
  const parsed = parseFullName(text);
  return {
    full,
    given: parts.given(parsed.givenNames.join(' ')),
    first: parts.name(parsed.firstSurname),
    second: parts.name(parsed.secondSurname),
  };
}

const SEX: Record<string, string> = {
  f: 'f',
  female: 'f',
  femenino: 'f',
  mujer: 'f',
  nina: 'f',
  m: 'm',
  male: 'm',
  masculino: 'm',
  hombre: 'm',
  nino: 'm',
  h: 'm',
};

function sexOf(text: string | undefined): string | undefined {
  const folded = foldName(text ?? '');
  if (folded === '') return undefined;
  return SEX[folded] ?? folded;
}

const MUNICIPALITY_CODE = /^\d{4}$/;
const DEPARTMENT_CODE = /^\d{2}$/;

function placeCode(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  if (value === '') return undefined;
  return /^\d+$/.test(value) ? value : foldName(value) || undefined;
}

function genericValue(text: string | undefined): string | undefined {
  const value = foldName(text ?? '');
  return value === '' ? undefined : value;
}

/** Keeps '@' and '.' so that e-mail addresses stay recognisable after folding. */
function genericText(text: string | undefined): string | undefined {
  const raw = text?.trim().toLowerCase() ?? '';
  if (raw === '') return undefined;
  return raw.includes('@') ? raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : genericValue(raw);
}

const NO_GENERIC: never[] = [];

export function prepareRecord(
  input: LinkInput,
  index: number,
  schema: RecordSchema,
  parts: Pick<SharedParts, 'name' | 'given' | 'parent'> = UNSHARED,
): PreparedRecord {
  const v = input.values;
  let given = parts.given(v.given_names);
  let first = parts.name(v.first_surname);
  let second = parts.name(v.second_surname);
  if (v.full_name !== undefined && (!given || !first)) {
    const parsed = parseFullName(v.full_name);
    given ??= parts.given(parsed.givenNames.join(' '));
    first ??= parts.name(parsed.firstSurname);
    second ??= parts.name(parsed.secondSurname);
  }
  const generic = schema.generic.map((field) =>
    field.mode === 'exact'
      ? genericValue(input.generic?.[field.name])
      : genericText(input.generic?.[field.name]),
  );
  let municipality = placeCode(v.municipality);
  let department = placeCode(v.department);
  if (municipality && MUNICIPALITY_CODE.test(municipality)) department ??= municipality.slice(0, 2);
  if (
    department &&
    !DEPARTMENT_CODE.test(department) &&
    municipality &&
    MUNICIPALITY_CODE.test(municipality)
  ) {
    department = municipality.slice(0, 2);
  }
  if (municipality && !MUNICIPALITY_CODE.test(municipality) && department) {
    municipality = `${department}/${municipality}`; // a name is only unique within its department
  }
  return {
    index,
    id: input.id,
    source: input.source ?? 0,
    given,
    first,
    second,
    sex: sexOf(v.sex),
    birth: birthFrom({
      date: v.birth_date,
      precision: v.birth_precision,
      yearMin: v.birth_year_min,
      yearMax: v.birth_year_max,
    }),
    department,
    municipality,
    place: parts.name(v.place),
    mother: parts.parent(v.mother_name),
    father: parts.parent(v.father_name),
    generic: generic.length === 0 ? NO_GENERIC : generic,
    genericIds:
      generic.length === 0
        ? NO_GENERIC
        : generic.map((value) => (value === undefined ? -1 : internName(value))),
  };
}

export function prepareRecords(inputs: readonly LinkInput[], schema: RecordSchema): PreparedRecord[] {
  return inputs.map((input, index) => prepareRecord(input, index, schema));
}

/** The schema a set of inputs actually fills (kinds with at least one value). */
export function schemaOf(inputs: readonly LinkInput[], generic: readonly GenericField[] = []): RecordSchema {
  const kinds = new Set<FieldKind>();
  for (const input of inputs) {
    for (const [kind, value] of Object.entries(input.values)) {
      if (value !== undefined && value.trim() !== '') kinds.add(kind as FieldKind);
    }
  }
  if (kinds.has('full_name')) for (const k of ['given_names', 'first_surname'] as const) kinds.add(k);
  return { kinds, generic };
}
