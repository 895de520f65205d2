/**
 * The error model of duplicate records, FIXED before the linkage engine is tuned (issue 4, "Honest
 * evaluation"). Do not change these numbers to flatter a result; a new model gets new constants under a new
 * name and both are reported.
 *
 * What is known (DOMAIN.md, issue 4): the same child is often registered twice — by two shelters, under a
 * different spelling, with a surname missing or swapped, with an estimated birth date; the second surname is
 * often missing or swapped; Mayan names have spelling variants (Cux/Kux, Xol/Shol, Tziquin); the glottal
 * stop is written ', ’ or ʼ (or not at all); returned and trafficked children often have no documents, so
 * the date of birth is estimated. No registry publishes its error rates: the figures below are our
 * estimates of how two Guatemalan child-protection registrations of the same child differ, chosen to be
 * neither kind nor hopeless. Each rate is a probability per duplicate record, applied to the records (or
 * name tokens) where the error can happen — "eligible" below.
 */

export const DUPLICATE_ERROR_RATES = Object.freeze({
  /** Second (maternal) surname not recorded — DOMAIN.md: "second surname often missing". Eligible: has one. */
  secondSurnameMissing: 0.15,
  /** First and second surname in the other order — DOMAIN.md: "or swapped". Eligible: both present. */
  surnamesSwapped: 0.05,
  /** Only one of two given names recorded (usually the second is dropped). Eligible: two given names. */
  givenNameDropped: 0.15,
  /**
   * Per name or place-name word that has another spelling in data/variants.csv (Cux/Kux, Xol/Shol,
   * Caal/Cal, Velásquez/Velazquez, Yesenia/Llesenia, Ixchel/Ishchel, Huehuetenango/Wewetenango…): written
   * by ear by a registrar of another background. Eligible: each such word.
   */
  spellingVariant: 0.35,
  /** Per name with a glottal stop: written with another of ' ’ ʼ, or dropped. Eligible: each such name. */
  glottalStop: 0.5,
  /** Accents dropped throughout the record (keyboards, older systems); ñ is kept. Eligible: every record. */
  accentsDropped: 0.3,
  /** One keyboard typo (adjacent key, letter dropped, doubled or swapped) in one name. Eligible: every record. */
  typo: 0.08,
  /** An exact date of birth recorded only as an estimate: year only or an age range. Eligible: every record. */
  birthDateEstimated: 0.15,
  /** Birth year off by 1 or 2 (an estimate, or a date read from a wrong document). Eligible: every record. */
  birthYearShifted: 0.06,
  /** Day and month swapped (DD/MM vs MM/DD). Eligible: exact dates whose day ≤ 12 and ≠ month. */
  dayMonthSwapped: 0.03,
  /** Another municipality of the same department (where found vs. where from). Eligible: every record. */
  municipalityChanged: 0.1,
  /** Sex recorded wrongly. Eligible: every record. */
  sexFlipped: 0.005,
  /** Mother's name not recorded. Eligible: the mother's name is known. */
  motherMissing: 0.2,
  /** Father's name not recorded. Eligible: the father is known. */
  fatherMissing: 0.3,
});

export type ErrorRates = { -readonly [K in keyof typeof DUPLICATE_ERROR_RATES]: number };
export type ErrorKind = keyof ErrorRates;
export const ERROR_KINDS = Object.keys(DUPLICATE_ERROR_RATES) as ErrorKind[];

/** Duplicates of a duplicated person: how many extra records, by probability. */
export const EXTRA_RECORDS = Object.freeze({ 1: 0.75, 2: 0.2, 3: 0.05 });

/** Share of persons who are registered more than once, unless a data set asks for another. */
export const DEFAULT_DUPLICATE_RATE = 0.25;

/** When an estimated date becomes an age range rather than a year only. */
export const ESTIMATE_AS_AGE_RANGE = 0.4;
