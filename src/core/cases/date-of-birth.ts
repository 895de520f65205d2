/**
 * What is known of a date of birth, as the range of days it may fall in: an exact date is one day, a year
 * is that year, an estimated age range "between 12 and 14 on 2026-03-01" is every birth date that gives such
 * an age on that day. Used to compare records at registration (and later in record linkage).
 */

export type KnownDateOfBirth =
  | { precision: 'unknown' }
  | { precision: 'exact'; date: string }
  | { precision: 'year'; year: number }
  | { precision: 'age_range'; ageMin: number; ageMax: number; asOf?: string };

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function shiftYears(isoDay: string, years: number): Date {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export function birthRange(
  dob: KnownDateOfBirth | null | undefined,
  today = day(new Date()),
): DayRange | null {
  if (!dob) return null;
  switch (dob.precision) {
    case 'exact':
      return { from: dob.date, to: dob.date };
    case 'year':
      return { from: `${dob.year}-01-01`, to: `${dob.year}-12-31` };
    case 'age_range': {
      const asOf = dob.asOf ?? today;
      // Aged ageMax on asOf: born after asOf − (ageMax + 1) years; aged ageMin: born on or before asOf − ageMin years.
      const earliest = shiftYears(asOf, -(dob.ageMax + 1));
      earliest.setUTCDate(earliest.getUTCDate() + 1);
      return { from: day(earliest), to: day(shiftYears(asOf, -dob.ageMin)) };
    }
    default:
      return null;
  }
}

export type BirthAgreement = 'compatible' | 'conflict' | 'unknown';

/** Whether two dates of birth can be the same person's. */
export function compareBirth(
  a: KnownDateOfBirth | null | undefined,
  b: KnownDateOfBirth | null | undefined,
  today?: string,
): BirthAgreement {
  const ra = birthRange(a, today);
  const rb = birthRange(b, today);
  if (!ra || !rb) return 'unknown';
  return ra.from <= rb.to && rb.from <= ra.to ? 'compatible' : 'conflict';
}
