import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { FEATURES, LOCALES } from './i18n.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'messages');
const read = (feature: string, locale: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(dir, `${feature}.${locale}.json`), 'utf8'));

interface AstNode {
  type: number;
  value?: string;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

/** The names of the arguments a message uses ({name}, {count, plural, …}), nested ones included. */
function argumentsOf(nodes: AstNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    // 0 literal, 7 pound (#): no argument; every other element names one.
    if (node.type !== 0 && node.type !== 7 && node.value) into.add(node.value);
    for (const option of Object.values(node.options ?? {})) argumentsOf(option.value, into);
    if (node.children) argumentsOf(node.children, into);
  }
  return into;
}

describe('message catalogues', () => {
  it('has exactly one Spanish and one English catalogue per feature, and nothing else', () => {
    const expected = FEATURES.flatMap((feature) =>
      LOCALES.map((locale) => `${feature}.${locale}.json`),
    ).sort();
    expect(fs.readdirSync(dir).sort()).toEqual(expected);
  });

  for (const feature of FEATURES) {
    describe(feature, () => {
      const spanish = read(feature, 'es-GT');
      const english = read(feature, 'en');

      it('has the same keys in es-GT and en', () => {
        expect(Object.keys(english).sort()).toEqual(Object.keys(spanish).sort());
      });

      it('names every key after its feature', () => {
        const stray = Object.keys(spanish).filter((key) => !key.startsWith(`${feature}.`));
        expect(stray).toEqual([]);
      });

      for (const [locale, catalogue] of [
        ['es-GT', spanish],
        ['en', english],
      ] as const) {
        it(`parses every ${locale} message as ICU MessageFormat`, () => {
          for (const [key, message] of Object.entries(catalogue)) {
            expect(typeof message, key).toBe('string');
            expect(String(message).trim(), `${key} is empty`).not.toBe('');
            expect(
              () => new IntlMessageFormat(message as string, locale, undefined, { ignoreTag: true }),
              `${locale} ${key}`,
            ).not.toThrow();
          }
        });
      }

      it('uses the same arguments in both languages', () => {
        for (const key of Object.keys(spanish)) {
          if (typeof english[key] !== 'string') continue;
          const es = new IntlMessageFormat(spanish[key] as string, 'es-GT', undefined, { ignoreTag: true });
          const en = new IntlMessageFormat(english[key] as string, 'en', undefined, { ignoreTag: true });
          expect([...argumentsOf(en.getAst() as AstNode[])].sort(), key).toEqual(
            [...argumentsOf(es.getAst() as AstNode[])].sort(),
          );
        }
      });
    });
  }
});
