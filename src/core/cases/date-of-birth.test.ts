import { describe, expect, it } from 'vitest';
import { birthRange, compareBirth } from './date-of-birth.ts';

describe('dates of birth as ranges', () => {
  it('turns each precision into the days the birth may fall on', () => {
    expect(birthRange({ precision: 'exact', date: '2012-05-04' })).toEqual({
      from: '2012-05-04',
      to: '2012-05-04',
    });
    expect(birthRange({ precision: 'year', year: 2011 })).toEqual({ from: '2011-01-01', to: '2011-12-31' });
    expect(birthRange({ precision: 'age_range', ageMin: 12, ageMax: 14, asOf: '2026-03-01' })).toEqual({
      from: '2011-03-02',
      to: '2014-03-01',
    });
    expect(birthRange({ precision: 'unknown' })).toBeNull();
    expect(birthRange(null)).toBeNull();
  });

  it('compares two records: overlapping ranges are compatible, disjoint ones conflict', () => {
    const estimated = { precision: 'age_range' as const, ageMin: 12, ageMax: 14, asOf: '2026-03-01' };
    expect(compareBirth({ precision: 'exact', date: '2013-01-10' }, estimated)).toBe('compatible');
    expect(compareBirth({ precision: 'exact', date: '2016-01-10' }, estimated)).toBe('conflict');
    expect(compareBirth({ precision: 'year', year: 2013 }, { precision: 'exact', date: '2013-12-31' })).toBe(
      'compatible',
    );
    expect(compareBirth({ precision: 'year', year: 2013 }, { precision: 'year', year: 2012 })).toBe(
      'conflict',
    );
    expect(compareBirth({ precision: 'unknown' }, estimated)).toBe('unknown');
  });

  it('uses today for an age range estimated without a date', () => {
    expect(birthRange({ precision: 'age_range', ageMin: 10, ageMax: 10 }, '2026-06-15')).toEqual({
      from: '2015-06-16',
      to: '2016-06-15',
    });
  });
});
