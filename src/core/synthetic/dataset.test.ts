import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../reference/csv.ts';
import { PlaceIndex } from '../reference/places.ts';
import { loadShippedPlaces } from '../reference/shipped-places.ts';
import { generateDataset, type Dataset } from './dataset.ts';
import { DEFAULT_DUPLICATE_RATE, DUPLICATE_ERROR_RATES, ERROR_KINDS, EXTRA_RECORDS } from './error-rates.ts';
import { dropAccents, keyboardTypo, type SyntheticRecord } from './errors.ts';
import { CSV_COLUMNS, toCsv } from './export.ts';
import { PersonGenerator, type SyntheticPerson } from './person.ts';
import { Rng } from './prng.ts';

const places = new PlaceIndex(loadShippedPlaces());
const SEED = 11;
const PERSONS = 40_000;
let dataset: Dataset;
let truth: PersonGenerator;
const personOf = (record: SyntheticRecord): SyntheticPerson =>
  truth.person(Number(record.clusterId.slice(6)));

beforeAll(() => {
  dataset = generateDataset({ seed: SEED, persons: PERSONS });
  truth = new PersonGenerator({ seed: SEED });
});

const fold = (text: string | null) =>
  text === null ? null : dropAccents(text).toLowerCase().replace(/['’ʼ]/g, '');

describe('synthetic linkage data set', () => {
  it('is deterministic for a seed, down to the CSV bytes, and differs for another seed', () => {
    const small = { seed: 5, persons: 2000 };
    const a = generateDataset(small);
    const b = generateDataset(small);
    expect(b.records).toEqual(a.records);
    expect(toCsv(b.records)).toBe(toCsv(a.records));
    expect(generateDataset({ ...small, seed: 6 }).records).not.toEqual(a.records);
    // Person i and her duplicates are the same in a larger data set of the same seed.
    const larger = generateDataset({ ...small, persons: 3000 });
    const byCluster = (d: Dataset) => {
      const map = new Map<string, string[]>();
      for (const { recordId: _, ...rest } of d.records)
        map.set(rest.clusterId, [...(map.get(rest.clusterId) ?? []), JSON.stringify(rest)].sort());
      return map;
    };
    const [inSmall, inLarger] = [byCluster(a), byCluster(larger)];
    for (const id of ['sint-p0000000', 'sint-p0000777', 'sint-p0001999'])
      expect(inLarger.get(id)).toEqual(inSmall.get(id));
  });

  it('labels every record with its person: one first registration each, and duplicates for about the chosen share', () => {
    const clusters = new Map<string, SyntheticRecord[]>();
    for (const r of dataset.records) clusters.set(r.clusterId, [...(clusters.get(r.clusterId) ?? []), r]);
    expect(clusters.size).toBe(PERSONS);
    const sizes = [...clusters.values()].map((records) => records.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    const duplicated = sizes.filter((n) => n > 1).length;
    const sd = Math.sqrt((DEFAULT_DUPLICATE_RATE * (1 - DEFAULT_DUPLICATE_RATE)) / PERSONS);
    expect(Math.abs(duplicated / PERSONS - DEFAULT_DUPLICATE_RATE)).toBeLessThan(4.5 * sd);
    const extra = sizes.filter((n) => n > 1).map((n) => n - 1);
    expect(Math.abs(extra.filter((n) => n === 1).length / duplicated - EXTRA_RECORDS[1])).toBeLessThan(0.03);
    expect(new Set(dataset.records.map((r) => r.recordId)).size).toBe(dataset.records.length);
    const firsts = [...clusters.values()].filter((records) => records.some((r) => r.errors.length === 0));
    expect(firsts).toHaveLength(PERSONS);
    // Shuffled: the records of one person are not next to each other.
    const adjacent = dataset.records.filter(
      (r, i) => dataset.records[i + 1]?.clusterId === r.clusterId,
    ).length;
    expect(adjacent).toBeLessThan(20);
  });

  it('applies each error at its fixed rate, within sampling tolerance', () => {
    expect(dataset.errorRates).toEqual(DUPLICATE_ERROR_RATES);
    const report = ERROR_KINDS.map((kind) => {
      const n = dataset.tally.eligible[kind];
      const p = DUPLICATE_ERROR_RATES[kind];
      const observed = dataset.tally.observedRate(kind);
      return { kind, n, observed, z: (observed - p) / Math.sqrt((p * (1 - p)) / n) };
    });
    for (const { kind, n, observed, z } of report) {
      expect(n, kind).toBeGreaterThan(kind === 'glottalStop' ? 200 : 2000);
      expect(Math.abs(z), `${kind}: ${observed.toFixed(4)}`).toBeLessThan(4.5);
      expect(Math.abs(observed - DUPLICATE_ERROR_RATES[kind]), kind).toBeLessThan(
        kind === 'glottalStop' ? 0.1 : 0.02,
      );
    }
    // The tally is the records' own account: the errors listed on the records add up to it.
    const listed = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0]));
    for (const r of dataset.records) for (const e of r.errors) listed[e]!++;
    expect(listed).toEqual(dataset.tally.applied);
  });

  it('shows in each duplicate exactly the errors it lists', () => {
    const problems: string[] = [];
    for (const record of dataset.records) {
      if (record.errors.length === 0) continue;
      const p = personOf(record);
      const has = (kind: string) => record.errors.includes(kind as never);
      const check = (ok: boolean, what: string) => {
        if (!ok) problems.push(`${record.recordId} ${what}`);
      };
      const swapped = has('surnamesSwapped');
      const second = swapped ? record.firstSurname : record.secondSurname;
      check(
        has('secondSurnameMissing') === (p.secondSurname !== null && second === null && !swapped),
        'second surname',
      );
      check(!has('givenNameDropped') || record.givenNames.length === 1, 'given name dropped');
      check(has('givenNameDropped') || record.givenNames.length === p.givenNames.length, 'given names kept');
      check(has('municipalityChanged') === (record.municipalityCode !== p.municipalityCode), 'municipality');
      check(has('sexFlipped') === (record.sex !== p.sex), 'sex');
      check(has('motherMissing') === (record.motherName === null), 'mother');
      check(has('fatherMissing') === (p.father !== null && record.fatherName === null), 'father');
      check(has('birthDateEstimated') === (record.birth.precision !== 'exact'), 'birth estimated');
      if (record.birth.precision === 'exact') {
        const shifted = has('birthYearShifted') || has('dayMonthSwapped');
        check(shifted === (record.birth.date !== p.birthDate), 'birth date');
      }
      if (has('accentsDropped'))
        check(
          !/[áéíóúüÁÉÍÓÚÜ]/.test([...record.givenNames, record.firstSurname, record.placeText].join(' ')),
          'accents',
        );
      const untouched = ![
        'spellingVariant',
        'glottalStop',
        'typo',
        'accentsDropped',
        'givenNameDropped',
      ].some(has);
      if (untouched) check(record.givenNames.join(' ') === p.givenNames.join(' '), 'given names unchanged');
      if (untouched && !swapped) check(record.firstSurname === p.firstSurname, 'first surname unchanged');
      if (swapped && !['spellingVariant', 'typo', 'glottalStop'].some(has))
        check(fold(record.firstSurname) === fold(p.secondSurname), 'swapped surname');
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('produces the named spelling variants and glottal-stop spellings', () => {
    const words = new Set(
      dataset.records.flatMap((r) => [
        ...r.givenNames,
        r.firstSurname,
        r.secondSurname,
        ...r.placeText.split(/, | /),
      ]),
    );
    for (const word of ['Kux', 'Shol', 'Cal', 'Velazquez', 'Llesenia', 'Ishchel', 'Wewetenango'])
      expect(words.has(word), word).toBe(true);
    const glottal = [...words].filter((w) => w && /[’ʼ]/.test(w));
    expect(glottal.length).toBeGreaterThan(0);
  });

  it('keeps every record on a valid INE municipality of its department, with no digit in any name', () => {
    const bad = dataset.records.filter((r) => {
      const text = [
        ...r.givenNames,
        r.firstSurname,
        r.secondSurname,
        r.motherName,
        r.fatherName,
        r.placeText,
      ].join(' ');
      return (
        !places.isMunicipality(r.municipalityCode) ||
        !r.municipalityCode.startsWith(r.departmentCode) ||
        /\d/.test(text) ||
        r.givenNames.length === 0 ||
        r.givenNames.some((g) => g.trim() === '' || g !== g.trim())
      );
    });
    expect(bad).toEqual([]);
  });

  it('with every error rate at zero, duplicates are the truth itself', () => {
    const zero = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0]));
    const clean = generateDataset({ seed: 3, persons: 1000, duplicateRate: 1, errorRates: zero });
    expect(clean.records.length).toBeGreaterThan(2000);
    const generator = new PersonGenerator({ seed: 3 });
    for (const r of clean.records) {
      const p = generator.person(Number(r.clusterId.slice(6)));
      expect(r.givenNames).toEqual(p.givenNames);
      expect([r.firstSurname, r.secondSurname]).toEqual([p.firstSurname, p.secondSurname]);
      if (r.errors.length === 0 && r.birth.precision === 'exact') expect(r.birth.date).toBe(p.birthDate);
    }
    expect(clean.records.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('exports CSV with the documented columns, one row per record, the truth in cluster_id', () => {
    const small = generateDataset({ seed: 4, persons: 500 });
    const rows = parseCsv(toCsv(small.records));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(small.records.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    for (const [i, row] of rows.slice(1).entries()) {
      const record = small.records[i]!;
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[col('record_id')]).toBe(record.recordId);
      expect(row[col('cluster_id')]).toBe(record.clusterId);
      expect(row[col('given_names')]).toBe(record.givenNames.join(' '));
      expect(row[col('place_text')]).toBe(record.placeText);
      expect(Number(row[col('birth_year_min')])).toBeLessThanOrEqual(Number(row[col('birth_year_max')]));
      if (record.birth.precision === 'exact') expect(row[col('birth_date')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else expect(row[col('birth_date')]).toBe('');
    }
  });
});

describe('keyboard typos', () => {
  it('change a word by one slip, never into digits or an empty word', () => {
    const rng = new Rng(1);
    for (const word of ['Caal', 'Hernández', "B'atz'", 'Ixchel', 'Ana', 'Peña']) {
      for (let i = 0; i < 200; i++) {
        const typed = keyboardTypo(rng, word);
        expect(typed).not.toBe(word);
        expect(typed).toMatch(/^[\p{L}']+$/u);
        expect(Math.abs(typed.length - word.length)).toBeLessThanOrEqual(1);
      }
    }
  });
});
