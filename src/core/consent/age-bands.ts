import { birthRange, type KnownDateOfBirth } from '../cases/date-of-birth.ts';
import type { ConsentGiver } from './vocabulary.ts';

/**
 * The age-band rule of consent and assent (DOMAIN.md, *verify*): which giver fits a child of a given age.
 * The bands are data (table consent_age_band, editable per agency); the default is
 *   0–5   caregiver consent
 *   6–11  the child's assent + caregiver consent
 *   12–14 the child's assent + consent of a caregiver or a trusted adult
 *   15–17 the child's own consent
 * A giver who does not fit is recorded all the same, with a warning: the rule guides, it does not refuse.
 */

/** What the child gives at this age: nothing, assent, or their own consent. */
export const CHILD_ROLES = ['none', 'assent', 'consent'] as const;
export type ChildRole = (typeof CHILD_ROLES)[number];

/** Which adult consent is needed at this age. */
export const ADULT_ROLES = ['caregiver', 'caregiver_or_trusted_adult', 'not_needed'] as const;
export type AdultRole = (typeof ADULT_ROLES)[number];

export interface AgeBand {
  minAge: number;
  maxAge: number;
  childRole: ChildRole;
  adultRole: AdultRole;
  /** A default that the agency has still to confirm. */
  verify: boolean;
}

export interface AgeRange {
  min: number;
  max: number;
}

/** Whole years between a birth day and a day (both YYYY-MM-DD). */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return Math.max(0, day.slice(5) < birth.slice(5) ? years - 1 : years);
}

/** The ages a person may have on a day, from what is known of their birth (exact or estimated). */
export function ageRangeOn(dob: KnownDateOfBirth | null | undefined, day: string): AgeRange | null {
  const range = birthRange(dob, day);
  if (!range) return null;
  return { min: ageOn(range.to, day), max: ageOn(range.from, day) };
}

/** The bands the age range falls in, youngest first. */
export function bandsFor(bands: readonly AgeBand[], age: AgeRange): AgeBand[] {
  return bands.filter((b) => b.minAge <= age.max && b.maxAge >= age.min).sort((a, b) => a.minAge - b.minAge);
}

const ADULT_GIVERS: readonly ConsentGiver[] = ['guardian', 'trusted_adult', 'pgn_or_court'];

/** Whether a giver fits a band: the child when the child has a say, an adult when an adult's is needed. */
export function giverFits(band: AgeBand, giver: ConsentGiver): boolean {
  switch (giver) {
    case 'child':
      return band.childRole !== 'none';
    case 'trusted_adult':
      return band.adultRole === 'caregiver_or_trusted_adult';
    case 'guardian':
    case 'pgn_or_court':
      return band.adultRole !== 'not_needed';
  }
}

export const CONSENT_WARNINGS = {
  age_unknown: 'Sin fecha de nacimiento (exacta o estimada) no se puede comprobar la regla de edad.',
  age_spans_bands:
    'La edad estimada abarca varias franjas de la regla de consentimiento; verifique quién debe darlo.',
  giver_not_in_band: 'Quien da el consentimiento no corresponde a la franja de edad de la persona.',
  child_missing:
    'A esta edad se necesita también el asentimiento o el consentimiento de la propia niña, niño o adolescente.',
  adult_consent_missing:
    'A esta edad se necesita también el consentimiento de quien cuida (o de la PGN o el juzgado).',
  checklist_incomplete: 'No se marcaron todos los puntos de información del consentimiento (HTCDS).',
} as const;
export type ConsentWarningCode = keyof typeof CONSENT_WARNINGS;

export interface ConsentWarning {
  code: ConsentWarningCode;
  message: string;
}

export const warning = (code: ConsentWarningCode): ConsentWarning => ({
  code,
  message: CONSENT_WARNINGS[code],
});

/**
 * Warnings about who gave one consent: the age is unknown, spans bands, or the giver fits none of the bands
 * the person's age may fall in.
 */
export function giverWarnings(
  bands: readonly AgeBand[],
  dob: KnownDateOfBirth | null | undefined,
  giver: ConsentGiver,
  givenOn: string,
): ConsentWarning[] {
  const age = ageRangeOn(dob, givenOn);
  if (!age) return [warning('age_unknown')];
  const candidates = bandsFor(bands, age);
  if (candidates.length === 0) return [warning('age_unknown')];
  const fits = candidates.filter((b) => giverFits(b, giver));
  if (fits.length === 0) return [warning('giver_not_in_band')];
  if (fits.length < candidates.length) return [warning('age_spans_bands')];
  return [];
}

/**
 * What is still missing for a band that needs both the child and an adult (assent + caregiver consent):
 * given who has granted the purpose so far. Nothing when the age is uncertain across bands.
 */
export function companionWarnings(
  bands: readonly AgeBand[],
  dob: KnownDateOfBirth | null | undefined,
  day: string,
  grantedBy: readonly ConsentGiver[],
): ConsentWarning[] {
  const age = ageRangeOn(dob, day);
  const candidates = age ? bandsFor(bands, age) : [];
  if (candidates.length !== 1) return [];
  const band = candidates[0]!;
  const out: ConsentWarning[] = [];
  const fitting = grantedBy.filter((g) => giverFits(band, g));
  if (band.childRole !== 'none' && !fitting.includes('child')) out.push(warning('child_missing'));
  if (band.adultRole !== 'not_needed' && !fitting.some((g) => ADULT_GIVERS.includes(g)))
    out.push(warning('adult_consent_missing'));
  return out;
}

/** The band of a child's age on a day, when the age falls in exactly one. */
export function bandOn(
  bands: readonly AgeBand[],
  dob: KnownDateOfBirth | null | undefined,
  day: string,
): AgeBand | null {
  const age = ageRangeOn(dob, day);
  const candidates = age ? bandsFor(bands, age) : [];
  return candidates.length === 1 ? candidates[0]! : null;
}
