import { describe, expect, it } from 'vitest';
import {
  NULL_LEVEL,
  birthComparison,
  birthFrom,
  firstSurnameComparison,
  givenNamesComparison,
  parseDate,
  placeComparison,
  prepareRecord,
  secondSurnameComparison,
  type Comparison,
  type FieldKind,
} from '../../src/core/linkage/index.ts';

const schema = { kinds: new Set<FieldKind>(), generic: [] };
const record = (values: Partial<Record<FieldKind, string>>) => prepareRecord({ id: 'x', values }, 0, schema);
const level = (
  comparison: Comparison,
  a: Partial<Record<FieldKind, string>>,
  b: Partial<Record<FieldKind, string>>,
) => {
  const result = comparison.compare(record(a), record(b));
  return result === NULL_LEVEL ? 'null' : comparison.levels[result];
};

describe('dates of birth', () => {
  it.each([
    ['2009-03-04', { year: 2009, month: 3, day: 4 }],
    ['20090304', { year: 2009, month: 3, day: 4 }],
    ['04/03/2009', { year: 2009, month: 3, day: 4 }],
    ['4/3/2009', { year: 2009, month: 3, day: 4 }],
    ['2009-02-30', undefined],
    ['19561331', undefined],
    ['2009', undefined],
    ['', undefined],
  ])('%s', (text, expected) => expect(parseDate(text)).toEqual(expected));

  it('reads a year, a range of years and a precision column', () => {
    expect(birthFrom({ date: '2009' })).toMatchObject({ precision: 'year' });
    expect(birthFrom({ date: '2008..2010' })).toMatchObject({ precision: 'range' });
    expect(birthFrom({ precision: 'age_range', yearMin: '2006', yearMax: '2009' })).toMatchObject({
      precision: 'range',
    });
    expect(birthFrom({ date: '2009-03-04', precision: 'year' })).toMatchObject({ precision: 'year' });
    expect(birthFrom({ date: 'no sabe' })).toBeUndefined();
  });

  it.each([
    ['2009-03-04', '2009-03-04', 'exact'],
    ['2009-03-04', '2009-04-03', 'day_month_swapped'],
    ['2009-03-04', '2010-03-04', 'year_shifted'],
    ['2009-03-04', '2009-03-07', 'one_digit'],
    ['2009-03-04', '2009-11-20', 'within_1_year'],
    ['2009-03-04', '2011-01-20', 'within_2_years'],
    ['2009-03-04', '2016-03-04', 'else'],
    ['2009-03-04', '2009', 'estimate_year_overlaps'],
    ['2009-03-04', '2007..2010', 'estimate_range_overlaps'],
    ['2009-03-04', '2011', 'estimate_within_2_years'],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(level(birthComparison, { birth_date: a }, { birth_date: b })).toBe(expected);
  });
});

describe('names', () => {
  it('recognises a dropped, a respelled and a reordered given name', () => {
    expect(level(givenNamesComparison, { given_names: 'María José' }, { given_names: 'María José' })).toBe(
      'exact',
    );
    expect(level(givenNamesComparison, { given_names: 'Yesenia' }, { given_names: 'Llesenia' })).toBe(
      'phonetic',
    );
    expect(level(givenNamesComparison, { given_names: 'Ixchel Ana' }, { given_names: 'Ishchel' })).toBe(
      'one_dropped',
    );
    expect(level(givenNamesComparison, { given_names: 'María' }, { given_names: 'Mario' })).not.toBe(
      'phonetic',
    );
    expect(level(givenNamesComparison, { given_names: 'Ana' }, {})).toBe('null');
  });

  it('scores swapped surnames once and a missing second surname as unknown', () => {
    const a = { first_surname: 'Pérez', second_surname: 'Xol' };
    const b = { first_surname: 'Shol', second_surname: 'Peres' };
    expect(level(firstSurnameComparison, a, b)).toBe('swapped');
    expect(level(secondSurnameComparison, a, b)).toBe('null');
    expect(level(secondSurnameComparison, a, { first_surname: 'Pérez' })).toBe('null');
    expect(level(firstSurnameComparison, a, { first_surname: 'Xol' })).toBe('crossed');
    expect(level(firstSurnameComparison, { first_surname: 'Cux' }, { first_surname: 'Kux' })).toBe(
      'phonetic',
    );
    expect(level(firstSurnameComparison, { first_surname: 'Cux' }, { first_surname: 'Cruz' })).not.toBe(
      'phonetic',
    );
    expect(level(secondSurnameComparison, a, { first_surname: 'Pérez', second_surname: 'Xol' })).toBe(
      'exact',
    );
  });

  it('splits a full name into given names and surnames', () => {
    const r = record({ full_name: 'Juan Carlos Pérez de León' });
    expect(r.given?.key).toBe('juan carlos');
    expect(r.first?.key).toBe('perez');
    expect(r.second?.key).toBe('leon');
  });
});

describe('places', () => {
  it('compares the municipality within its department, then free text, then the department', () => {
    expect(level(placeComparison, { municipality: '1601' }, { municipality: '1601' })).toBe('municipality');
    expect(level(placeComparison, { municipality: '1601' }, { municipality: '1609' })).toBe('department');
    expect(level(placeComparison, { municipality: '1601' }, { municipality: '1301' })).toBe('else');
    expect(level(placeComparison, { place: 'Cobán' }, { place: 'COBAN' })).toBe('place_exact');
    expect(level(placeComparison, { place: 'Huehuetenango' }, { place: 'Wewetenango' })).toBe(
      'place_similar',
    );
    expect(
      level(placeComparison, { place: 'Cobán', department: '16' }, { place: 'Chisec', department: '16' }),
    ).toBe('department');
    expect(level(placeComparison, {}, { municipality: '1601' })).toBe('null');
  });
});
