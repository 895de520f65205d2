import type { PuebloCode } from './pueblos.ts';

/**
 * Languages by ISO 639-3 code (Mayan languages have no 639-1/639-2 code), with the census *comunidad
 * lingüística* each corresponds to. Spanish names follow the Academia de Lenguas Mayas de Guatemala
 * (ALMG); the comunidad names are those of the INE 2018 census. DOMAIN.md lists the codes of the
 * programme's regions; the other Mayan comunidades of Guatemala are added so that every census comunidad
 * can be recorded.
 *
 * Chalchiteko (comunidad Chalchiteka, Aguacatán) is recognised by the ALMG but has no ISO 639-3 code of
 * its own (SIL counts it as Awakateko): it ships under the ISO 639 local-use code `qaa`, marked verify.
 * `xin` (Xinka) is marked verify too: ISO 639-3 has revised the Xinkan codes over time.
 */

export type LanguageFamily = 'mayan' | 'arawakan' | 'xinkan' | 'indo_european';

export interface ShippedLanguage {
  code: string;
  nameEs: string;
  nameEn: string;
  family: LanguageFamily;
  /** Census comunidad lingüística, or null for languages that are not one (Spanish, English). */
  comunidad: string | null;
  pueblo: PuebloCode | null;
  verify: boolean;
  sortOrder: number;
}

type Entry = [code: string, nameEs: string, nameEn: string, comunidad: string, verify?: boolean];

const MAYAN: Entry[] = [
  ['acr', 'Achi', 'Achi', 'Achi'],
  ['knj', 'Akateko', 'Akateko', 'Akateka'],
  ['agu', 'Awakateko', 'Awakateko', 'Awakateka'],
  ['qaa', 'Chalchiteko', 'Chalchiteko', 'Chalchiteka', true],
  ['caa', "Ch'orti'", "Ch'orti'", "Ch'orti'"],
  ['cac', 'Chuj', 'Chuj', 'Chuj'],
  ['itz', "Itza'", "Itza'", "Itza'"],
  ['ixl', 'Ixil', 'Ixil', 'Ixil'],
  ['jac', "Popti' (Jakalteko)", "Popti' (Jakalteko)", "Jakalteka (Popti')"],
  ['cak', 'Kaqchikel', 'Kaqchikel', 'Kaqchikel'],
  ['quc', "K'iche'", "K'iche'", "K'iche'"],
  ['mam', 'Mam', 'Mam', 'Mam'],
  ['mop', 'Mopán', 'Mopan', 'Mopan'],
  ['poc', 'Poqomam', 'Poqomam', 'Poqomam'],
  ['poh', "Poqomchi'", "Poqomchi'", "Poqomchi'"],
  ['kjb', "Q'anjob'al", "Q'anjob'al", "Q'anjob'al"],
  ['kek', "Q'eqchi'", "Q'eqchi'", "Q'eqchi'"],
  ['quv', 'Sakapulteko', 'Sakapulteko', 'Sakapulteka'],
  ['qum', 'Sipakapense', 'Sipakapense', 'Sipakapense'],
  ['ttc', 'Tektiteko', 'Tektiteko', 'Tektiteka'],
  ['tzj', "Tz'utujil", "Tz'utujil", "Tz'utujil"],
  ['usp', 'Uspanteko', 'Uspanteko', 'Uspanteka'],
];

const ALL: Omit<ShippedLanguage, 'sortOrder'>[] = [
  {
    code: 'spa',
    nameEs: 'Español',
    nameEn: 'Spanish',
    family: 'indo_european',
    comunidad: null,
    pueblo: null,
    verify: false,
  },
  {
    code: 'eng',
    nameEs: 'Inglés',
    nameEn: 'English',
    family: 'indo_european',
    comunidad: null,
    pueblo: null,
    verify: false,
  },
  ...MAYAN.map(([code, nameEs, nameEn, comunidad, verify]): Omit<ShippedLanguage, 'sortOrder'> => ({
    code,
    nameEs,
    nameEn,
    family: 'mayan',
    comunidad,
    pueblo: 'maya',
    verify: verify ?? false,
  })),
  {
    code: 'cab',
    nameEs: 'Garífuna',
    nameEn: 'Garifuna',
    family: 'arawakan',
    comunidad: 'Garífuna',
    pueblo: 'garifuna',
    verify: false,
  },
  {
    code: 'xin',
    nameEs: 'Xinka',
    nameEn: 'Xinka',
    family: 'xinkan',
    comunidad: 'Xinka',
    pueblo: 'xinka',
    verify: true,
  },
];

export const SHIPPED_LANGUAGES: readonly ShippedLanguage[] = ALL.map((language, i) => ({
  ...language,
  sortOrder: i + 1,
}));

export const LANGUAGE_CODE = /^[a-z]{3}$/;
