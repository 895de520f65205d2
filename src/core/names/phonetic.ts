/**
 * A phonetic key for Guatemalan names, Spanish and Mayan alike. Soundex, Metaphone and the Spanish keys
 * (e.g. "fonético español") all treat x as /ks/ or /x/ and ignore Mayan spelling variation, so this one is
 * our own. The key is a lower-case string over a small alphabet; two names match when they share a key.
 *
 * Rules, applied left to right on the folded word (see foldName: no accents, no apostrophes, ñ = n):
 * - vowels are kept (they tell Juan from Juana, María from Mario); a repeated code is written once, so
 *   doubled vowels and consonants collapse (Caal = Cal, Barrios = Barios);
 * - hard c, k, q, and qu before e/i → k (Cux = Kux, Quej = Kej, Tziquin = Tzikin, Q'eqchi' = Kekchi);
 * - z, s, and c before e/i → s (Pérez = Peres, Velásquez = Velazquez);
 * - tz and ts → z, a class of its own (Tzoc = Tsoc, but not Soc or Toc);
 * - ch → c, a class of its own (Choc ≠ Coc);
 * - x and sh → x (Xol = Shol, Ixchel = Ishchel, but Xol ≠ Sol); when x stands before a vowel the name gets an
 *   alternate key where that x is the Spanish j (Ximénez ~ Jiménez, Xavier ~ Javier);
 * - j, and g before e/i → j (Gerardo = Jerardo); other g → g;
 * - hu and gu before a vowel, and w → w (Huehuetenango = Wewetenango, Güendy = Wendy);
 * - b and v → b; ll, and y before a vowel → y (Yesenia = Llesenia); other y → i (Ixcoy = Ixcoi, Maynor = Mainor);
 * - h is otherwise silent (Hernández = Ernandez, Martha = Marta); ph → f;
 * - n before b or p → m (Ambrosio = Anbrosio); digits are ignored.
 */

import { foldedWords, isParticle } from './normalise.ts';

const A = 0x61;
const E = 0x65;
const I = 0x69;
const O = 0x6f;
const U = 0x75;
const H = 0x68;
const L = 0x6c;

function isVowel(code: number): boolean {
  return code === A || code === E || code === I || code === O || code === U;
}

function isFrontVowel(code: number): boolean {
  return code === E || code === I;
}

// Encoder state: one word is encoded at a time (JavaScript is single-threaded), which keeps the hot path
// free of closures and allocations other than the output strings.
let primary = '';
let alternate = '';
let hasAlternate = false;

function emitTo(out: string, code: string): string {
  const last = out.length > 0 ? out[out.length - 1] : '';
  if (last === code) return out;
  if ((code === 'b' || code === 'p') && last === 'n') return out.slice(0, -1) + 'm' + code;
  return out + code;
}

function emit(code: string, alternateCode: string = code): void {
  primary = emitTo(primary, code);
  alternate = emitTo(alternate, alternateCode);
}

/**
 * The keys of one folded word (output of foldName, without spaces): the primary key first, then the
 * alternate when the word has a Spanish-style x. Empty for a word with no letters.
 */
export function phoneticKeysOfWord(word: string): string[] {
  primary = '';
  alternate = '';
  hasAlternate = false;
  const length = word.length;
  for (let i = 0; i < length; i++) {
    const c = word.charCodeAt(i);
    const next = i + 1 < length ? word.charCodeAt(i + 1) : 0;
    switch (word[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        emit(word[i]!);
        break;
      case 'b':
      case 'v':
        emit('b');
        break;
      case 'c':
        if (next === H) {
          emit('c');
          i++;
        } else emit(isFrontVowel(next) ? 's' : 'k');
        break;
      case 'k':
        emit('k');
        break;
      case 'q':
        if (next === U && i + 2 < length && isFrontVowel(word.charCodeAt(i + 2))) i++;
        emit('k');
        break;
      case 'z':
        emit('s');
        break;
      case 's':
        if (next === H) {
          emit('x');
          i++;
        } else emit('s');
        break;
      case 't':
        if (next === 0x7a || next === 0x73) {
          emit('z');
          i++;
        } else {
          if (next === H) i++;
          emit('t');
        }
        break;
      case 'x':
        if (isVowel(next)) {
          emit('x', 'j');
          hasAlternate = true;
        } else emit('x');
        break;
      case 'j':
        emit('j');
        break;
      case 'g':
        if (next === U && i + 2 < length && isVowel(word.charCodeAt(i + 2))) {
          emit('w');
          i++;
        } else emit(isFrontVowel(next) ? 'j' : 'g');
        break;
      case 'h':
        if (next === U && i + 2 < length && isVowel(word.charCodeAt(i + 2))) {
          emit('w');
          i++;
        }
        break;
      case 'l':
        if (next === L) {
          emit('y');
          i++;
        } else emit('l');
        break;
      case 'y':
        emit(isVowel(next) ? 'y' : 'i');
        break;
      case 'p':
        if (next === H) {
          emit('f');
          i++;
        } else emit('p');
        break;
      default:
        if (c >= A && c <= 0x7a) emit(word[i]!);
    }
  }
  if (primary.length === 0) return [];
  return hasAlternate && alternate !== primary ? [primary, alternate] : [primary];
}

/**
 * Phonetic keys of a name or name part as written ("B'atz", "de León", "Ximénez Pop"): particles are left
 * out and the words' keys are joined by spaces. At most two keys, primary first; the alternate reads every
 * x before a vowel as j.
 */
export function phoneticKeys(name: string): string[] {
  let first = '';
  let second = '';
  let alternates = false;
  for (const word of foldedWords(name)) {
    if (isParticle(word)) continue;
    const keys = phoneticKeysOfWord(word);
    if (keys.length === 0) continue;
    const sep = first.length > 0 ? ' ' : '';
    first += sep + keys[0]!;
    second += sep + (keys[1] ?? keys[0]!);
    if (keys.length > 1) alternates = true;
  }
  if (first.length === 0) return [];
  return alternates ? [first, second] : [first];
}

/** True when two names share a phonetic key. */
export function soundAlike(a: string, b: string): boolean {
  const keysOfB = phoneticKeys(b);
  return phoneticKeys(a).some((key) => keysOfB.includes(key));
}
