/**
 * What person search indexes and queries. A name is indexed as a set of tokens: for every word of its given
 * names and surnames (particles left out), `n:<folded word>` and `k:<phonetic key>` for each of its keys.
 * A query is a list of terms, one per word typed, in any order. `matchesNameQuery` is the reference semantics
 * the database query must reproduce:
 * - every term must match some token of the name (a name word may serve several terms);
 * - a term matches by its folded form (`n:`) or by any of its phonetic keys (`k:`);
 * - the last term, when the text does not end in a space or separator, also matches any name word that
 *   starts with it (`n:` prefix), so results appear while the user is still typing.
 */

import { foldedWords, isParticle, type PersonName } from './normalise.ts';
import { phoneticKeysOfWord } from './phonetic.ts';

export const NORMAL_PREFIX = 'n:';
export const KEY_PREFIX = 'k:';

export interface NameQueryTerm {
  /** The folded word typed. */
  folded: string;
  /** Tokens any of which satisfies the term exactly: `n:folded` and `k:key` for each key. */
  tokens: string[];
  /** When set, a name token starting with this string (`n:` + folded) also satisfies the term. */
  prefix?: string;
}

function addWordTokens(word: string, into: Set<string>): void {
  into.add(NORMAL_PREFIX + word);
  for (const key of phoneticKeysOfWord(word)) into.add(KEY_PREFIX + key);
}

/** Index tokens of free text (an alias, another name), added to `into`. */
export function addTextTokens(text: string, into: Set<string>): Set<string> {
  for (const word of foldedWords(text)) if (!isParticle(word)) addWordTokens(word, into);
  return into;
}

/** Index tokens of a person's name: given names and surnames, each word folded and keyed. */
export function personNameTokens(name: PersonName): string[] {
  const tokens = new Set<string>();
  for (const given of name.givenNames) addTextTokens(given, tokens);
  for (const part of [name.firstSurname, name.secondSurname, name.marriedSurname]) {
    if (part !== undefined) addTextTokens(part, tokens);
  }
  return [...tokens];
}

const TRAILING_SEPARATOR = /[\s,.;:-]$/;

/** Query terms of free text such as "Perez Lopez Jose" or "jose per". Empty when nothing searchable. */
export function parseNameQuery(text: string): NameQueryTerm[] {
  const words = foldedWords(text).filter((w) => !isParticle(w));
  const stillTyping = !TRAILING_SEPARATOR.test(text);
  return words.map((word, index) => {
    const tokens = new Set<string>();
    addWordTokens(word, tokens);
    const term: NameQueryTerm = { folded: word, tokens: [...tokens] };
    if (stillTyping && index === words.length - 1) term.prefix = NORMAL_PREFIX + word;
    return term;
  });
}

function termMatches(term: NameQueryTerm, nameTokens: ReadonlySet<string>): boolean {
  for (const token of term.tokens) if (nameTokens.has(token)) return true;
  if (term.prefix === undefined) return false;
  for (const token of nameTokens) if (token.startsWith(term.prefix)) return true;
  return false;
}

/** Reference semantics of name search (see the module comment). An empty query matches nothing. */
export function matchesNameQuery(nameTokens: ReadonlySet<string>, query: readonly NameQueryTerm[]): boolean {
  if (query.length === 0) return false;
  return query.every((term) => termMatches(term, nameTokens));
}

/** In-memory search over names: the reference the database implementation is tested against. */
export function searchNames<T>(entries: readonly T[], nameOf: (entry: T) => PersonName, text: string): T[] {
  const query = parseNameQuery(text);
  if (query.length === 0) return [];
  return entries.filter((entry) => matchesNameQuery(new Set(personNameTokens(nameOf(entry))), query));
}
