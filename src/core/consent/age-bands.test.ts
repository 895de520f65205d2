import { describe, expect, it } from 'vitest';
import { ageOn, ageRangeOn, bandOn, companionWarnings, giverWarnings, type AgeBand } from './age-bands.ts';

/** The default rule of DOMAIN.md (seeded by migration 0007). */
const BANDS: AgeBand[] = [
  { minAge: 0, maxAge: 5, childRole: 'none', adultRole: 'caregiver', verify: true },
  { minAge: 6, maxAge: 11, childRole: 'assent', adultRole: 'caregiver', verify: true },
  { minAge: 12, maxAge: 14, childRole: 'assent', adultRole: 'caregiver_or_trusted_adult', verify: true },
  { minAge: 15, maxAge: 17, childRole: 'consent', adultRole: 'not_needed', verify: true },
  { minAge: 18, maxAge: 150, childRole: 'consent', adultRole: 'not_needed', verify: false },
];

const exact = (date: string) => ({ precision: 'exact' as const, date });
const codes = (warnings: Array<{ code: string }>) => warnings.map((w) => w.code);

describe('age on a day', () => {
  it('counts whole years, the birthday included', () => {
    expect(ageOn('2015-06-10', '2026-06-09')).toBe(10);
    expect(ageOn('2015-06-10', '2026-06-10')).toBe(11);
    expect(ageOn('2016-02-29', '2026-02-28')).toBe(9);
  });

  it('gives a range from an estimated date of birth', () => {
    expect(ageRangeOn(exact('2015-06-10'), '2026-07-01')).toEqual({ min: 11, max: 11 });
    expect(ageRangeOn({ precision: 'year', year: 2014 }, '2026-07-01')).toEqual({ min: 11, max: 12 });
    expect(
      ageRangeOn({ precision: 'age_range', ageMin: 12, ageMax: 14, asOf: '2026-01-01' }, '2026-01-01'),
    ).toEqual({ min: 12, max: 14 });
    expect(ageRangeOn({ precision: 'unknown' }, '2026-07-01')).toBeNull();
    expect(ageRangeOn(null, '2026-07-01')).toBeNull();
  });
});

describe('who may give consent at each age', () => {
  const on = '2026-07-01';
  it('0–5: the caregiver, not the child', () => {
    const dob = exact('2022-01-01');
    expect(giverWarnings(BANDS, dob, 'guardian', on)).toEqual([]);
    expect(giverWarnings(BANDS, dob, 'pgn_or_court', on)).toEqual([]);
    expect(codes(giverWarnings(BANDS, dob, 'child', on))).toEqual(['giver_not_in_band']);
    expect(codes(giverWarnings(BANDS, dob, 'trusted_adult', on))).toEqual(['giver_not_in_band']);
  });

  it('6–11: the child assents and the caregiver consents', () => {
    const dob = exact('2017-03-01');
    expect(giverWarnings(BANDS, dob, 'child', on)).toEqual([]);
    expect(giverWarnings(BANDS, dob, 'guardian', on)).toEqual([]);
    expect(codes(giverWarnings(BANDS, dob, 'trusted_adult', on))).toEqual(['giver_not_in_band']);
    expect(codes(companionWarnings(BANDS, dob, on, ['child']))).toEqual(['adult_consent_missing']);
    expect(codes(companionWarnings(BANDS, dob, on, ['guardian']))).toEqual(['child_missing']);
    expect(companionWarnings(BANDS, dob, on, ['child', 'guardian'])).toEqual([]);
  });

  it('12–14: assent and a caregiver or a trusted adult', () => {
    const dob = exact('2013-01-01');
    expect(giverWarnings(BANDS, dob, 'trusted_adult', on)).toEqual([]);
    expect(companionWarnings(BANDS, dob, on, ['child', 'trusted_adult'])).toEqual([]);
  });

  it('15–17: the child’s own consent; a guardian instead is a warning', () => {
    const dob = exact('2010-05-01');
    expect(giverWarnings(BANDS, dob, 'child', on)).toEqual([]);
    expect(codes(giverWarnings(BANDS, dob, 'guardian', on))).toEqual(['giver_not_in_band']);
    expect(companionWarnings(BANDS, dob, on, ['child'])).toEqual([]);
    expect(bandOn(BANDS, dob, on)).toMatchObject({ minAge: 15, childRole: 'consent' });
  });

  it('warns when the age is unknown or an estimate spans bands the giver does not fit', () => {
    expect(codes(giverWarnings(BANDS, { precision: 'unknown' }, 'guardian', on))).toEqual(['age_unknown']);
    // Born in 2011: 14 or 15 on 2026-07-01 — a guardian fits 12–14 but not 15–17.
    const year = { precision: 'year' as const, year: 2011 };
    expect(codes(giverWarnings(BANDS, year, 'guardian', on))).toEqual(['age_spans_bands']);
    expect(giverWarnings(BANDS, year, 'child', on)).toEqual([]);
    expect(companionWarnings(BANDS, year, on, ['guardian'])).toEqual([]);
    expect(bandOn(BANDS, year, on)).toBeNull();
  });

  it('uses the age on the day the consent was given', () => {
    const dob = exact('2011-09-01');
    expect(giverWarnings(BANDS, dob, 'guardian', '2026-08-31')).toEqual([]);
    expect(codes(giverWarnings(BANDS, dob, 'guardian', '2026-09-01'))).toEqual(['giver_not_in_band']);
  });
});
