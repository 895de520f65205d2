import type { PuebloCode } from '../reference/pueblos.ts';
import { ESTIMATE_AS_AGE_RANGE, ERROR_KINDS, type ErrorKind, type ErrorRates } from './error-rates.ts';
import type { Birth, PersonGenerator, PersonName, SyntheticPerson } from './person.ts';
import type { Rng } from './prng.ts';
import type { SexCode } from './tables.ts';

/** One registration of a child, as a registry holds it. */
export interface SyntheticRecord {
  recordId: string;
  /** The person the record is of: records with the same clusterId are the same child. */
  clusterId: string;
  givenNames: string[];
  firstSurname: string | null;
  secondSurname: string | null;
  sex: SexCode;
  birth: Birth;
  departmentCode: string;
  municipalityCode: string;
  /** The place of origin as free text, "Municipio, Departamento". */
  placeText: string;
  pueblo: PuebloCode;
  comunidad: string | null;
  primaryLanguage: string;
  motherName: string | null;
  fatherName: string | null;
  /** Errors the model applied to this record (none on the first registration). */
  errors: ErrorKind[];
}

export type ErrorCounts = Record<ErrorKind, number>;

/** How often each error could have happened and how often it did, over a data set. */
export class ErrorTally {
  readonly eligible: ErrorCounts = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as ErrorCounts;
  readonly applied: ErrorCounts = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as ErrorCounts;

  /** Draws whether an eligible error happens, counting both. */
  roll(rng: Rng, rates: ErrorRates, kind: ErrorKind): boolean {
    this.eligible[kind]++;
    const happens = rng.chance(rates[kind]);
    if (happens) this.applied[kind]++;
    return happens;
  }

  observedRate(kind: ErrorKind): number {
    return this.eligible[kind] === 0 ? 0 : this.applied[kind] / this.eligible[kind];
  }
}

const fullName = (name: PersonName) =>
  [...name.givenNames, name.firstSurname, name.secondSurname].filter(Boolean).join(' ');

export function placeText(generator: PersonGenerator, municipalityCode: string): string {
  const municipality = generator.placeIndex.byCode.get(municipalityCode)!;
  const department = generator.placeIndex.byCode.get(municipality.departmentCode!)!;
  return `${municipality.name}, ${department.name}`;
}

/** The person's first registration: her names as they are, the birth date as it was then known. */
export function firstRecord(person: SyntheticPerson, generator: PersonGenerator): SyntheticRecord {
  return {
    recordId: '',
    clusterId: person.id,
    givenNames: [...person.givenNames],
    firstSurname: person.firstSurname,
    secondSurname: person.secondSurname,
    sex: person.sex,
    birth: person.birth,
    departmentCode: person.departmentCode,
    municipalityCode: person.municipalityCode,
    placeText: placeText(generator, person.municipalityCode),
    pueblo: person.pueblo,
    comunidad: person.comunidad,
    primaryLanguage: person.primaryLanguage,
    motherName: fullName(person.mother),
    fatherName: person.father ? fullName(person.father) : null,
    errors: [],
  };
}

const GLOTTAL = /['’ʼ]/g;
const HAS_GLOTTAL = /['’ʼ]/;
const REWRITTEN_GLOTTAL = ['’', 'ʼ', ''];

/** Neighbouring keys on the Latin-American QWERTY keyboard used in Guatemala. */
const KEY_ROWS = ['qwertyuiop', 'asdfghjklñ', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, string>();
KEY_ROWS.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) {
    const near = [
      row[c - 1],
      row[c + 1],
      KEY_ROWS[r - 1]?.[c],
      KEY_ROWS[r - 1]?.[c + 1],
      KEY_ROWS[r + 1]?.[c],
    ];
    if (r + 1 < KEY_ROWS.length) near.push(KEY_ROWS[r + 1]![c - 1]);
    NEIGHBOURS.set(row[c]!, near.filter((k): k is string => k !== undefined).join(''));
  }
});

const isLetter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);

/** One keyboard slip in a word: a neighbouring key, a letter dropped, doubled, or two letters swapped. */
export function keyboardTypo(rng: Rng, word: string): string {
  const chars = [...word];
  const letters = chars.map((ch, i) => (isLetter(ch) ? i : -1)).filter((i) => i >= 0);
  for (let attempt = 0; attempt < 8; attempt++) {
    const i = rng.pick(letters);
    const ch = chars[i]!;
    const out = [...chars];
    const op = rng.next();
    if (op < 0.4) {
      const lower = ch.toLowerCase().normalize('NFD')[0]!;
      const near = NEIGHBOURS.get(lower);
      if (!near) continue;
      const replacement = rng.pick([...near]);
      out[i] = ch === ch.toLowerCase() ? replacement : replacement.toUpperCase();
    } else if (op < 0.65) {
      if (letters.length < 3) continue;
      out.splice(i, 1);
    } else if (op < 0.8) {
      if (i === 0) continue;
      out.splice(i + 1, 0, ch);
    } else {
      if (!isLetter(chars[i + 1]) || chars[i + 1]!.toLowerCase() === ch.toLowerCase()) continue;
      out[i] = chars[i + 1]!;
      out[i + 1] = ch;
      if (i === 0) {
        out[0] = out[0]!.toUpperCase();
        out[1] = out[1]!.toLowerCase();
      }
    }
    const typed = out.join('');
    if (typed !== word) return typed;
  }
  return word;
}

/** Accents dropped as a keyboard without them would: á→a, ü→u; ñ is kept. */
export const dropAccents = (text: string) =>
  [...text]
    .map((ch) => (ch === 'ñ' || ch === 'Ñ' ? ch : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))
    .join('');

const shiftYears = (date: string, years: number) => {
  const year = Number(date.slice(0, 4)) + years;
  const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return `${year}${rest}`;
};

/**
 * A later registration of the same child made from the truth by the fixed error model (error-rates.ts).
 * Every error it applies is listed in `errors` and counted in the tally with the cases where it could have.
 */
export function duplicateRecord(
  person: SyntheticPerson,
  generator: PersonGenerator,
  rng: Rng,
  rates: ErrorRates,
  tally: ErrorTally,
): SyntheticRecord {
  const errors: ErrorKind[] = [];
  const roll = (kind: ErrorKind) => {
    const happens = tally.roll(rng, rates, kind);
    if (happens) errors.push(kind);
    return happens;
  };
  const variants = generator.names.variants;

  let givenNames = [...person.givenNames];
  if (givenNames.length > 1 && roll('givenNameDropped'))
    givenNames = rng.chance(0.85) ? [givenNames[0]!] : [givenNames[1]!];
  let firstSurname: string | null = person.firstSurname;
  let secondSurname: string | null = person.secondSurname;
  if (secondSurname !== null && roll('secondSurnameMissing')) secondSurname = null;
  if (firstSurname !== null && secondSurname !== null && roll('surnamesSwapped'))
    [firstSurname, secondSurname] = [secondSurname, firstSurname];

  let municipalityCode = person.municipalityCode;
  const others = generator.placeIndex
    .municipalitiesOf(person.departmentCode)
    .filter((m) => m.code !== municipalityCode);
  if (others.length > 0 && roll('municipalityChanged')) municipalityCode = rng.pick(others).code;

  const respell = (word: string) => {
    const spellings = variants.get(word);
    if (!spellings || !roll('spellingVariant')) return word;
    return rng.pick(spellings.filter((s) => s !== word));
  };
  const reglottal = (word: string) => {
    if (!HAS_GLOTTAL.test(word) || !roll('glottalStop')) return word;
    return word.replace(GLOTTAL, rng.pick(REWRITTEN_GLOTTAL));
  };
  // Name words in one array (given names, then the two surnames) so each error treats them alike.
  let names: Array<string | null> = [...givenNames, firstSurname, secondSurname].map((word) =>
    word === null ? null : reglottal(respell(word)),
  );
  let place = placeText(generator, municipalityCode)
    .split(/(, | )/)
    .map((part) => (part === ', ' || part === ' ' ? part : respell(part)))
    .join('');
  const typeable = names.flatMap((word, i) =>
    word !== null && [...word].filter(isLetter).length >= 3 ? [i] : [],
  );
  if (typeable.length > 0 && roll('typo')) {
    const i = rng.pick(typeable);
    names[i] = keyboardTypo(rng, names[i]!);
  }
  let motherName: string | null = fullName(person.mother);
  let fatherName: string | null = person.father ? fullName(person.father) : null;
  if (roll('accentsDropped')) {
    names = names.map((word) => word && dropAccents(word));
    place = dropAccents(place);
    motherName = dropAccents(motherName);
    fatherName = fatherName && dropAccents(fatherName);
  }
  const given = givenNames.length;
  givenNames = names.slice(0, given) as string[];
  firstSurname = names[given] ?? null;
  secondSurname = names[given + 1] ?? null;

  let date = person.birthDate;
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  if (day <= 12 && day !== month && roll('dayMonthSwapped'))
    date = `${date.slice(0, 4)}-${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}`;
  if (roll('birthYearShifted'))
    date = shiftYears(date, (rng.chance(0.7) ? 1 : 2) * (rng.chance(0.5) ? 1 : -1));
  const birth: Birth = roll('birthDateEstimated')
    ? generator.estimatedBirth(rng, date, rng.chance(ESTIMATE_AS_AGE_RANGE) ? 'age_range' : 'year')
    : { precision: 'exact', date };

  const flipped = roll('sexFlipped');
  if (motherName !== null && roll('motherMissing')) motherName = null;
  if (fatherName !== null && roll('fatherMissing')) fatherName = null;

  return {
    recordId: '',
    clusterId: person.id,
    givenNames,
    firstSurname,
    secondSurname,
    sex: flipped ? (person.sex === 'female' ? 'male' : 'female') : person.sex,
    birth,
    departmentCode: person.departmentCode,
    municipalityCode,
    placeText: place,
    pueblo: person.pueblo,
    comunidad: person.comunidad,
    primaryLanguage: person.primaryLanguage,
    motherName,
    fatherName,
    errors,
  };
}
