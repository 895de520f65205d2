/**
 * Normalisation of Guatemalan (Spanish and Mayan) personal names, shared by person search and record
 * linkage. Pure functions, no I/O.
 *
 * Folding rules (`foldName`):
 * - case and accents are folded (á→a, ü→u, ç→c), and so is ñ→n: search must be insensitive to ñ because
 *   many keyboards, forms and older registries write "Nunez" for "Núñez"; the cost (Pena = Peña) is accepted
 *   for matching. Display always keeps the text as it was written.
 * - the glottal stop is removed, whichever character wrote it: ' ’ ʼ ‘ ʻ ` ´ ′ (B'atz = B’atz = Bʼatz = Batz),
 *   and also a 7 between two letters, the glottal stop of the OKMA orthography (B7atz).
 * - any other punctuation (hyphens, dots, commas) separates words; whitespace is collapsed.
 */

/** The result of splitting a full name. Parts keep the spelling they were written with. */
export interface PersonName {
  givenNames: string[];
  firstSurname?: string;
  secondSurname?: string;
  /** A married woman's surname written as "viuda de X" / "vda. de X". */
  marriedSurname?: string;
}

const GLOTTAL_STOPS = new Set([0x27, 0x2019, 0x2bc, 0x2018, 0x2bb, 0x60, 0xb4, 0x2032]);

/** Base letter for every accented Latin letter in U+00C0–U+024F, built once from Unicode decomposition. */
const FOLDED = new Map<number, string>();
for (let code = 0xc0; code <= 0x24f; code++) {
  const base = String.fromCharCode(code)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (base.length === 1 && base >= 'a' && base <= 'z') FOLDED.set(code, base);
}
FOLDED.set(0xdf, 'ss');
FOLDED.set(0xe6, 'ae');
FOLDED.set(0xc6, 'ae');
FOLDED.set(0x153, 'oe');
FOLDED.set(0x152, 'oe');

function isLetterCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || FOLDED.has(code);
}

/**
 * Lower-case, accent-free, apostrophe-free words over [a-z0-9] separated by single spaces.
 * Characters outside Latin are dropped (they do not occur in Guatemalan registries).
 */
export function foldName(text: string): string {
  let out = '';
  let pendingSpace = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    let piece: string | undefined;
    if (code >= 0x61 && code <= 0x7a) piece = text[i];
    else if (code >= 0x41 && code <= 0x5a) piece = String.fromCharCode(code + 32);
    else if (code >= 0x30 && code <= 0x39) {
      if (code === 0x37 && i > 0 && i + 1 < length) {
        if (isLetterCode(text.charCodeAt(i - 1)) && isLetterCode(text.charCodeAt(i + 1))) continue;
      }
      piece = text[i];
    } else if (GLOTTAL_STOPS.has(code)) continue;
    else if (code >= 0x300 && code <= 0x36f)
      continue; // combining marks of decomposed input
    else piece = FOLDED.get(code);

    if (piece === undefined) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += piece;
  }
  return out;
}

/** Folded words of a text. */
export function foldedWords(text: string): string[] {
  const folded = foldName(text);
  return folded.length === 0 ? [] : folded.split(' ');
}

/** Words that link or introduce name parts and never identify a person by themselves. */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'e', 'vda', 'viuda']);
/** Words that glue the following word to make a compound part ("de la Cruz"). */
const LINKING = new Set(['de', 'del', 'la', 'las', 'los']);
/** Connectors between two surnames ("Pérez y López"). */
const CONNECTORS = new Set(['y', 'e']);
/** "viuda de", "vda. de", "v. de" (the bare "v" only before "de": elsewhere it is an initial). */
const WIDOW = new Set(['viuda', 'vda']);
const WHITESPACE = /\s+/;
const EDGE_PUNCTUATION = /^[.,;:()"]+|[.,;:()"]+$/g;

export function isParticle(foldedWord: string): boolean {
  return PARTICLES.has(foldedWord);
}

/** Folded words of a name part without particles: the part's matching key as a list. */
export function keyWords(part: string): string[] {
  return foldedWords(part).filter((w) => !PARTICLES.has(w));
}

/** The matching key of one name part: "de León" → "leon", "María de los Ángeles" → "maria angeles". */
export function nameKey(part: string): string {
  return keyWords(part).join(' ');
}

export function sameNamePart(a: string, b: string): boolean {
  const key = nameKey(a);
  return key.length > 0 && key === nameKey(b);
}

/**
 * Endings of compound given names that begin with a particle. Only these join a given name when they stand
 * where a surname would ("María del Carmen López"); other particle words are surnames ("Ana de León").
 * "de la Cruz" is not here: it is far more often a surname.
 */
const DEVOTIONAL_TAILS = new Set([
  'jesus',
  'dios',
  'angeles',
  'carmen',
  'rosario',
  'lourdes',
  'fatima',
  'guadalupe',
  'pilar',
  'luz',
  'dolores',
  'mercedes',
  'paz',
  'concepcion',
  'belen',
  'remedios',
  'asuncion',
  'socorro',
  'milagro',
  'milagros',
  'transito',
]);

interface Unit {
  text: string;
  linked: boolean; // starts with a linking particle
  key: string;
}

/**
 * Groups the words of one section of a name into units: a linking particle run attaches to the next word
 * ("de los Ángeles", "de León"); "y"/"e" between words are dropped. Returns the units and, when "viuda de"
 * or "vda. de" appears, the married surname written after it.
 */
function toUnits(section: string): { units: Unit[]; married?: string } {
  const words = section
    .split(WHITESPACE)
    .map((w) => w.replace(EDGE_PUNCTUATION, ''))
    .filter((w) => w.length > 0);
  const units: Unit[] = [];
  let pending: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const folded = foldName(word);
    if (folded.length === 0) continue;
    if (WIDOW.has(folded) || (folded === 'v' && foldName(words[i + 1] ?? '') === 'de')) {
      const rest = words.slice(i + 1).filter((w) => !LINKING.has(foldName(w)));
      if (units.length > 0 && rest.length > 0) return { units, married: rest.join(' ') };
      continue;
    }
    if (CONNECTORS.has(folded)) continue;
    if (LINKING.has(folded)) {
      pending.push(word);
      continue;
    }
    const text = pending.length > 0 ? `${pending.join(' ')} ${word}` : word;
    units.push({ text, linked: pending.length > 0, key: folded });
    pending = [];
  }
  return { units };
}

/** Joins particle-led units to the given name before them: ["María", "del Carmen"] → ["María del Carmen"]. */
function givenNamesOf(units: Unit[]): string[] {
  const names: string[] = [];
  for (const unit of units) {
    if (unit.linked && names.length > 0) names[names.length - 1] += ` ${unit.text}`;
    else names.push(unit.text);
  }
  return names;
}

function withSurnames(name: PersonName, surnames: Unit[]): PersonName {
  if (surnames.length > 0) name.firstSurname = surnames[0]!.text;
  if (surnames.length > 1) {
    name.secondSurname = surnames
      .slice(1)
      .map((u) => u.text)
      .join(' ');
  }
  return name;
}

/**
 * Splits a free-text full name into given names and surnames by position (no frequency tables):
 * - "Apellido Apellido, Nombres": before the comma are the surnames, after it the given names;
 * - otherwise Spanish order: given names first, then (up to) two surnames: one word is a given name, two are
 *   given name + first surname, three or more end with the two surnames;
 * - particles stay with the word they introduce ("de León" is one surname), "y" between surnames is dropped,
 *   "viuda de X" / "vda. de X" is a married surname, and devotional endings ("del Carmen", "de Jesús") stay in
 *   the given names.
 * A married surname written only as "de X" ("Ana López de García") cannot be told from a surname such as
 * "de León" by position and is read as the second surname.
 */
export function parseFullName(text: string): PersonName {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const surnamePart = toUnits(text.slice(0, comma));
    const givenPart = toUnits(text.slice(comma + 1));
    const name: PersonName = { givenNames: givenNamesOf(givenPart.units) };
    const married = surnamePart.married ?? givenPart.married;
    if (married !== undefined) name.marriedSurname = married;
    return withSurnames(name, surnamePart.units);
  }
  const { units, married } = toUnits(text);
  let given = Math.max(1, units.length - 2);
  while (given < units.length && units[given]!.linked && DEVOTIONAL_TAILS.has(units[given]!.key)) given++;
  const name: PersonName = { givenNames: givenNamesOf(units.slice(0, given)) };
  if (married !== undefined) name.marriedSurname = married;
  return withSurnames(name, units.slice(given));
}

export type PartAgreement = 'same' | 'different' | 'unknown';

export interface SurnameComparison {
  first: PartAgreement;
  second: PartAgreement;
  /** Both surnames present on both sides and crossed: Pérez López ↔ López Pérez. */
  swapped: boolean;
  /** One side's first surname is the other's second (a child registered under the mother's surname only). */
  crossed: boolean;
}

type SamePart = (a: string, b: string) => boolean;

function agreement(a: string | undefined, b: string | undefined, same: SamePart): PartAgreement {
  if (a === undefined || b === undefined || nameKey(a) === '' || nameKey(b) === '') return 'unknown';
  return same(a, b) ? 'same' : 'different';
}

function present(part: string | undefined): part is string {
  return part !== undefined && nameKey(part) !== '';
}

/**
 * Surname agreement of two names. A missing surname is unknown, never different. `same` decides when two
 * parts agree (default: equal keys); linkage can pass a phonetic or fuzzy comparison.
 */
export function compareSurnames(
  a: PersonName,
  b: PersonName,
  same: SamePart = sameNamePart,
): SurnameComparison {
  const first = agreement(a.firstSurname, b.firstSurname, same);
  const second = agreement(a.secondSurname, b.secondSurname, same);
  const swapped = surnamesSwapped(a, b, same);
  const crossed =
    swapped ||
    (first !== 'same' &&
      ((present(a.firstSurname) && present(b.secondSurname) && same(a.firstSurname, b.secondSurname)) ||
        (present(a.secondSurname) && present(b.firstSurname) && same(a.secondSurname, b.firstSurname))));
  return { first, second, swapped, crossed };
}

/** Pérez López ↔ López Pérez. False when the surnames are not all known or already agree in place. */
export function surnamesSwapped(a: PersonName, b: PersonName, same: SamePart = sameNamePart): boolean {
  if (!present(a.firstSurname) || !present(a.secondSurname)) return false;
  if (!present(b.firstSurname) || !present(b.secondSurname)) return false;
  if (same(a.firstSurname, b.firstSurname) && same(a.secondSurname, b.secondSurname)) return false;
  return same(a.firstSurname, b.secondSurname) && same(a.secondSurname, b.firstSurname);
}
