export * from './vocabulary.ts';
export * from './has-consent.ts';
export * from './age-bands.ts';
export * from './consent-input.ts';
