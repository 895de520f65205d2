import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_VOCABULARIES } from '../cases/vocabulary.ts';
import { PERSON_VOCABULARIES } from './vocabulary.ts';
import { CASE_TABS } from '../cases/case-tabs.ts';
import { PERSON_TABS } from './person-tabs.ts';
import {
  CASE_FIELD_CLASSES,
  PERSON_FIELD_CLASSES,
  RELATION_FIELD_CLASSES,
} from '../../core/cases/field-classes.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'i18n', 'messages');
const catalogue = (feature: string, locale: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(dir, `${feature}.${locale}.json`), 'utf8'));

describe('labels of the case-management vocabularies', () => {
  for (const locale of ['es-GT', 'en']) {
    it(`names every value of every person and case vocabulary in ${locale}`, () => {
      const messages = { ...catalogue('persons', locale), ...catalogue('cases', locale) };
      const vocabularies: Record<string, readonly string[]> = {
        ...PERSON_VOCABULARIES,
        ...CASE_VOCABULARIES,
      };
      const missing = Object.entries(vocabularies).flatMap(([prefix, values]) =>
        values.map((value) => `${prefix}.${value}`).filter((key) => !(key in messages)),
      );
      expect(missing).toEqual([]);
    });

    it(`labels every field a history entry can name in ${locale}`, () => {
      const persons = catalogue('persons', locale);
      const cases = catalogue('cases', locale);
      const personFields = [...Object.keys(PERSON_FIELD_CLASSES), 'sex', 'languages', 'educationLevel'];
      const relationFields = [...Object.keys(RELATION_FIELD_CLASSES), 'kind', 'relationship', 'isGuardian'];
      const caseFields = [
        ...Object.keys(CASE_FIELD_CLASSES),
        'caseType',
        'referralSource',
        'riskLevel',
        'status',
        'statusReason',
        'closureKind',
        'ownerUserId',
        'teamId',
        'restricted',
        'restrictedTo',
      ];
      expect(personFields.filter((f) => !(`persons.field.${f}` in persons))).toEqual([]);
      expect(relationFields.filter((f) => !(`persons.relationField.${f}` in persons))).toEqual([]);
      expect(caseFields.filter((f) => !(`cases.field.${f}` in cases))).toEqual([]);
      expect(CASE_TABS.filter((tab) => !(tab.label in cases)).map((tab) => tab.key)).toEqual([]);
      expect(PERSON_TABS.filter((tab) => !(tab.label in persons)).map((tab) => tab.key)).toEqual([]);
    });
  }
});
