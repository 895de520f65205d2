/**
 * Dates of birth as linkage compares them: an exact day, a year, or a range of years (an estimate, e.g. an
 * age range at a date). Every birth is an interval of day numbers [lo, hi] (days since 1970-01-01, UTC).
 */

export type BirthPrecision = 'exact' | 'year' | 'range';

export interface Birth {
  precision: BirthPrecision;
  lo: number;
  hi: number;
  /** Exact dates only. */
  year?: number;
  month?: number;
  day?: number;
  /** Exact dates only: YYYYMMDD, for digit-level comparison. */
  digits?: string;
}

const DAY_MS = 86_400_000;

export const dayNumber = (year: number, month: number, day: number) =>
  Date.UTC(year, month - 1, day) / DAY_MS;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function validDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 April, 30 February
  return { year, month, day };
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** YYYY-MM-DD, YYYYMMDD or DD/MM/YYYY (also with a time after a space or "T"); undefined when invalid. */
export function parseDate(text: string): CalendarDate | undefined {
  const value = text.trim().split(/[ T]/)[0] ?? '';
  let match = ISO.exec(value) ?? COMPACT.exec(value);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = DAY_FIRST.exec(value);
  if (match) return validDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return undefined;
}

export function exactBirth(date: CalendarDate): Birth {
  const n = dayNumber(date.year, date.month, date.day);
  const pad = (v: number) => String(v).padStart(2, '0');
  return {
    precision: 'exact',
    lo: n,
    hi: n,
    year: date.year,
    month: date.month,
    day: date.day,
    digits: `${date.year}${pad(date.month)}${pad(date.day)}`,
  };
}

export function yearsBirth(from: number, to: number): Birth {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return { precision: a === b ? 'year' : 'range', lo: dayNumber(a, 1, 1), hi: dayNumber(b, 12, 31) };
}

const YEAR = /^\d{4}$/;
const YEAR_RANGE = /^(\d{4})\s*(?:\.\.|–|—|-|\/)\s*(\d{4})$/;

function yearOf(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (!value || !YEAR.test(value)) return undefined;
  const year = Number(value);
  return year >= 1800 && year <= 2200 ? year : undefined;
}

const PRECISION_WORDS: Record<string, BirthPrecision> = {
  exact: 'exact',
  exacta: 'exact',
  day: 'exact',
  year: 'year',
  ano: 'year',
  año: 'year',
  range: 'range',
  rango: 'range',
  age_range: 'range',
  estimated: 'range',
  estimada: 'range',
};

export interface BirthFields {
  date?: string;
  precision?: string;
  yearMin?: string;
  yearMax?: string;
}

/**
 * A birth from the fields a file may have: a date (exact unless the precision says year), a year alone
 * ("2009"), a range ("2008..2010"), or the years a range allows. Undefined when nothing valid is known.
 */
export function birthFrom(fields: BirthFields): Birth | undefined {
  const precision = PRECISION_WORDS[fields.precision?.trim().toLowerCase() ?? ''];
  const text = fields.date?.trim() ?? '';
  const date = text === '' ? undefined : parseDate(text);
  const min = yearOf(fields.yearMin);
  const max = yearOf(fields.yearMax);
  if (date && (precision === undefined || precision === 'exact')) return exactBirth(date);
  if (precision !== 'exact' && (min !== undefined || max !== undefined)) {
    return yearsBirth(min ?? max!, max ?? min!);
  }
  if (date) return yearsBirth(date.year, date.year);
  const year = yearOf(text);
  if (year !== undefined) return yearsBirth(year, year);
  const range = YEAR_RANGE.exec(text);
  if (range) {
    const [a, b] = [yearOf(range[1]), yearOf(range[2])];
    if (a !== undefined && b !== undefined) return yearsBirth(a, b);
  }
  return undefined;
}

/** The calendar years a birth allows, at most `limit` of them (a wide estimate gives none). */
export function birthYears(birth: Birth, limit = 6): number[] {
  if (birth.year !== undefined) return [birth.year];
  const from = new Date(birth.lo * DAY_MS).getUTCFullYear();
  const to = new Date(birth.hi * DAY_MS).getUTCFullYear();
  if (to - from + 1 > limit) return [];
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  return years;
}

/** Days between two births' intervals: 0 when they overlap. */
export function birthGap(a: Birth, b: Birth): number {
  return Math.max(0, b.lo - a.hi, a.lo - b.hi);
}

/** ISO text of an exact birth. */
export function isoDate(birth: Birth): string | undefined {
  const d = birth.digits;
  return d === undefined ? undefined : `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}
