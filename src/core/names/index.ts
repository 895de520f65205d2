export * from './normalise.ts';
export * from './phonetic.ts';
export * from './search-terms.ts';
export * from './jaro-winkler.ts';
