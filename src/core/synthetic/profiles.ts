import type { PuebloCode } from '../reference/pueblos.ts';

/**
 * Where the synthetic children come from and what that implies: department weights, the census pueblo mix
 * of each place and the Mayan languages spoken there, and which surname groups go with each language.
 * Shares are rounded estimates from the INE 2018 census as summarised in public sources, not an
 * extraction; see data/SOURCE.md. They only need to be realistic enough that the generated records carry
 * the right names in the right places.
 */

/**
 * Department of origin: weighted toward the programme's regions (DOMAIN.md: follow-up in Quetzaltenango,
 * Huehuetenango, San Marcos, Alta Verapaz, Sololá, El Quiché; prevention in Alta/Baja Verapaz,
 * Huehuetenango, Quetzaltenango, San Marcos; the centre receives girls from the whole country; Guatemala
 * City receives returned children). Sums to 1.
 */
export const DEPARTMENT_WEIGHTS: Readonly<Record<string, number>> = {
  '16': 0.14, // Alta Verapaz
  '13': 0.14, // Huehuetenango
  '01': 0.14, // Guatemala
  '12': 0.09, // San Marcos
  '09': 0.09, // Quetzaltenango
  '14': 0.09, // Quiché
  '07': 0.05, // Sololá
  '15': 0.05, // Baja Verapaz
  '08': 0.025, // Totonicapán
  '04': 0.025, // Chimaltenango
  '17': 0.025, // Petén
  '05': 0.02, // Escuintla
  '18': 0.02, // Izabal
  '10': 0.015, // Suchitepéquez
  '20': 0.015, // Chiquimula
  '22': 0.015, // Jutiapa
  '11': 0.01, // Retalhuleu
  '03': 0.01, // Sacatepéquez
  '06': 0.01, // Santa Rosa
  '21': 0.01, // Jalapa
  '19': 0.005, // Zacapa
  '02': 0.005, // El Progreso
};

/** A department's municipality of that department's head town is drawn this many times more often. */
export const CAPITAL_WEIGHT = 3;

export interface PlaceProfile {
  /** Shares of the population by pueblo; Ladino is the remainder. */
  maya: number;
  garifuna?: number;
  xinka?: number;
  afrodescendiente?: number;
  /** Mayan languages (ISO 639-3) of the Maya population there, by share. */
  languages: Readonly<Record<string, number>>;
}

/** Foreign nationals among the children (returned and trafficked children include Hondurans, Salvadorans…). */
export const FOREIGN_SHARE = 0.015;
export const FOREIGN_CITIZENSHIPS: Readonly<Record<string, number>> = {
  HN: 0.45,
  SV: 0.3,
  NI: 0.1,
  MX: 0.1,
  VE: 0.03,
  CO: 0.02,
};
export const AFRODESCENDANT_SHARE = 0.002;

export const DEPARTMENT_PROFILES: Readonly<Record<string, PlaceProfile>> = {
  '01': { maya: 0.13, languages: { cak: 0.6, quc: 0.2, kek: 0.1, poc: 0.1 } },
  '02': { maya: 0.02, languages: { quc: 0.5, acr: 0.5 } },
  '03': { maya: 0.39, languages: { cak: 1 } },
  '04': { maya: 0.78, languages: { cak: 1 } },
  '05': { maya: 0.07, languages: { quc: 0.5, cak: 0.5 } },
  '06': { maya: 0.01, xinka: 0.1, languages: { cak: 1 } },
  '07': { maya: 0.96, languages: { cak: 1 } },
  '08': { maya: 0.98, languages: { quc: 1 } },
  '09': { maya: 0.52, languages: { quc: 0.7, mam: 0.3 } },
  '10': { maya: 0.52, languages: { quc: 0.6, tzj: 0.2, cak: 0.2 } },
  '11': { maya: 0.23, languages: { quc: 0.6, mam: 0.4 } },
  '12': { maya: 0.37, languages: { mam: 1 } },
  '13': { maya: 0.65, languages: { mam: 1 } },
  '14': { maya: 0.89, languages: { quc: 1 } },
  '15': { maya: 0.6, languages: { acr: 0.75, poh: 0.1, kek: 0.15 } },
  '16': { maya: 0.93, languages: { kek: 1 } },
  '17': { maya: 0.31, languages: { kek: 0.95, mop: 0.05 } },
  '18': { maya: 0.29, garifuna: 0.015, afrodescendiente: 0.01, languages: { kek: 1 } },
  '19': { maya: 0.01, languages: { caa: 1 } },
  '20': { maya: 0.2, languages: { caa: 1 } },
  '21': { maya: 0.1, xinka: 0.2, languages: { poc: 1 } },
  '22': { maya: 0.01, xinka: 0.15, languages: { poc: 1 } },
};

/** Municipalities whose Maya population speaks another language than the department's default. */
export const MUNICIPALITY_PROFILES: Readonly<Record<string, Partial<PlaceProfile>>> = {
  // Sololá: Tz'utujil on the south shore of the lake, K'iche' in the west
  '0704': { languages: { quc: 1 } },
  '0705': { languages: { quc: 1 } },
  '0706': { languages: { quc: 1 } },
  '0707': { languages: { quc: 1 } },
  '0713': { languages: { cak: 0.5, tzj: 0.5 } },
  '0715': { languages: { tzj: 1 } },
  '0717': { languages: { tzj: 1 } },
  '0718': { languages: { tzj: 1 } },
  '0719': { languages: { tzj: 1 } },
  // San Marcos: Sipakapense
  '1226': { languages: { qum: 1 } },
  // Huehuetenango: Q'anjob'al, Chuj, Popti', Akateko, Awakateko/Chalchiteko, Tektiteko
  '1308': { maya: 0.95, languages: { kjb: 1 } },
  '1317': { maya: 0.95, languages: { kjb: 1 } },
  '1323': { maya: 0.95, languages: { kjb: 1 } },
  '1326': { maya: 0.85, languages: { kjb: 0.7, cac: 0.3 } },
  '1318': { maya: 0.95, languages: { cac: 1 } },
  '1325': { maya: 0.95, languages: { cac: 1 } },
  '1305': { maya: 0.75, languages: { cac: 0.6, jac: 0.4 } },
  '1307': { maya: 0.85, languages: { jac: 1 } },
  '1322': { maya: 0.85, languages: { jac: 1 } },
  '1324': { maya: 0.4, languages: { jac: 1 } },
  '1331': { maya: 0.5, languages: { jac: 1 } },
  '1333': { maya: 0.6, languages: { jac: 1 } },
  '1313': { maya: 0.95, languages: { knj: 1 } },
  '1314': { maya: 0.9, languages: { knj: 1 } },
  '1327': { maya: 0.85, languages: { agu: 0.6, qaa: 0.4 } },
  '1321': { maya: 0.8, languages: { ttc: 1 } },
  // Quiché: Ixil, Uspanteko, Sakapulteko, and the multilingual Ixcán
  '1405': { languages: { ixl: 1 } },
  '1411': { languages: { ixl: 1 } },
  '1413': { languages: { ixl: 1 } },
  '1415': { languages: { usp: 0.5, quc: 0.3, kek: 0.2 } },
  '1416': { languages: { quv: 0.6, quc: 0.4 } },
  '1420': { languages: { kek: 0.4, quc: 0.3, mam: 0.15, kjb: 0.15 } },
  // Baja Verapaz: Poqomchi' and Q'eqchi' in Purulhá
  '1508': { languages: { poh: 0.6, kek: 0.4 } },
  // Alta Verapaz: Poqomchi' in the south
  '1603': { languages: { poh: 1 } },
  '1604': { languages: { poh: 1 } },
  '1605': { languages: { poh: 1 } },
  '1606': { languages: { kek: 0.5, poh: 0.5 } },
  // Petén: Itza' in San José
  '1702': { languages: { itz: 0.5, kek: 0.5 } },
  // Izabal: Garífuna in Lívingston
  '1802': { maya: 0.5, garifuna: 0.25, afrodescendiente: 0.02 },
  // Chiquimula: Ch'orti' communities
  '2004': { maya: 0.9 },
  '2005': { maya: 0.8 },
  '2006': { maya: 0.9 },
  // Jalapa: Poqomam in San Luis Jilotepeque and San Pedro Pinula
  '2103': { maya: 0.6, xinka: 0.05 },
  '2102': { maya: 0.5, xinka: 0.1 },
};

export type SurnameGroup =
  | 'spanish'
  | 'qeqchi'
  | 'achi'
  | 'kiche'
  | 'kaqchikel'
  | 'tzutujil'
  | 'mam'
  | 'huista'
  | 'ixil'
  | 'garifuna'
  | 'chorti';

/**
 * Surname groups of a parent by the Mayan language of the family. Where the table gives a low Mayan share
 * (Mam, Ch'orti'), the communities mostly carry Spanish surnames (the `mam` group itself is largely Spanish
 * surnames typical of the region); the northern Huehuetenango communities carry saint-name surnames.
 */
export const SURNAME_GROUPS_BY_LANGUAGE: Readonly<Record<string, Partial<Record<SurnameGroup, number>>>> = {
  kek: { qeqchi: 0.75, spanish: 0.25 },
  poh: { qeqchi: 0.4, spanish: 0.6 },
  acr: { achi: 0.55, spanish: 0.45 },
  quc: { kiche: 0.45, spanish: 0.55 },
  cak: { kaqchikel: 0.45, spanish: 0.55 },
  tzj: { tzutujil: 0.5, kaqchikel: 0.1, spanish: 0.4 },
  mam: { mam: 0.7, spanish: 0.3 },
  qum: { mam: 0.6, spanish: 0.4 },
  ttc: { mam: 0.6, spanish: 0.4 },
  kjb: { huista: 0.6, spanish: 0.4 },
  cac: { huista: 0.65, spanish: 0.35 },
  jac: { huista: 0.5, spanish: 0.5 },
  knj: { huista: 0.6, spanish: 0.4 },
  agu: { huista: 0.3, mam: 0.3, spanish: 0.4 },
  qaa: { huista: 0.3, mam: 0.3, spanish: 0.4 },
  ixl: { ixil: 0.6, spanish: 0.4 },
  usp: { kiche: 0.3, spanish: 0.7 },
  quv: { kiche: 0.3, spanish: 0.7 },
  caa: { chorti: 0.7, spanish: 0.3 },
  poc: { spanish: 1 },
  itz: { qeqchi: 0.3, spanish: 0.7 },
  mop: { qeqchi: 0.3, spanish: 0.7 },
};

export const SURNAME_GROUPS_BY_PUEBLO: Readonly<
  Record<Exclude<PuebloCode, 'maya'>, Partial<Record<SurnameGroup, number>>>
> = {
  garifuna: { garifuna: 0.7, spanish: 0.3 },
  xinka: { spanish: 1 },
  afrodescendiente: { garifuna: 0.2, spanish: 0.8 },
  ladino: { spanish: 1 },
  extranjero: { spanish: 1 },
};

export type GivenNameGroup = 'spanish' | 'traditional' | 'modern' | 'mayan';

/**
 * Given-name styles. Children born 2007–2025 carry many English-influenced names (Kevin, Kimberly); rural
 * Maya families keep the saint names of the Catholic calendar (Catarina, Pascual); a small, growing share
 * of Maya families chooses Mayan names (Ixchel, B'alam). Parents (born c. 1970–2005) are more traditional.
 */
export const CHILD_GIVEN_NAME_STYLE: Readonly<
  Record<'maya' | 'garifuna' | 'other', Record<GivenNameGroup, number>>
> = {
  maya: { spanish: 0.5, traditional: 0.22, modern: 0.22, mayan: 0.06 },
  garifuna: { spanish: 0.55, traditional: 0, modern: 0.45, mayan: 0 },
  other: { spanish: 0.58, traditional: 0.035, modern: 0.38, mayan: 0.005 },
};

export const PARENT_GIVEN_NAME_STYLE: Readonly<
  Record<'maya' | 'garifuna' | 'other', Record<GivenNameGroup, number>>
> = {
  maya: { spanish: 0.45, traditional: 0.5, modern: 0.03, mayan: 0.02 },
  garifuna: { spanish: 0.8, traditional: 0, modern: 0.2, mayan: 0 },
  other: { spanish: 0.85, traditional: 0.05, modern: 0.1, mayan: 0 },
};

/** Share of persons with two given names (María José, Juan Carlos). */
export const TWO_GIVEN_NAMES = 0.65;
/** Share of children whose father is known and who carry his surname first. */
export const FATHER_KNOWN = 0.8;

/**
 * Age at the reference date, 0–17: most children in the programmes are adolescents (returned unaccompanied
 * children are mostly 13–17; residents of the protection centre 10–17), with some younger siblings.
 */
export const AGE_WEIGHTS: readonly number[] = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 7, 9, 11, 12, 12, 10];

/** How the date of birth is known when first registered (issue 3: exact, year only, or an age range). */
export const BIRTH_PRECISION: Readonly<Record<'exact' | 'year' | 'age_range', number>> = {
  exact: 0.82,
  year: 0.1,
  age_range: 0.08,
};

/** Languages a child speaks, given the pueblo. */
export const LANGUAGE_USE = {
  /** A Maya child's first language is the Mayan language of the family. */
  mayanFirst: 0.6,
  /** …and she also speaks Spanish (otherwise an interpreter is needed). */
  spanishToo: 0.75,
  /** A Maya child whose first language is Spanish still speaks the family's language. */
  mayanSecond: 0.35,
  garifunaFirst: 0.3,
  garifunaSecond: 0.4,
};
