import { describe, expect, it } from 'vitest';
import {
  LinkageModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  amparoSpec,
  buildTermFrequencies,
  parseModel,
  prepareRecords,
  probabilityOf,
  schemaOf,
  serialiseModel,
  type LinkInput,
  type LinkageSpec,
  type ModelParameters,
} from '../../src/core/linkage/index.ts';

/** Parameters of a plausible shape without training: agreement levels likely in matches, rare otherwise. */
function handParameters(spec: LinkageSpec): ModelParameters {
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    spec: { name: spec.name, version: spec.version },
    lambda: 0.001,
    comparisons: spec.comparisons.map((c) => {
      const n = c.levels.length;
      const m = c.levels.map((_, l) => (l === n - 1 ? 0.02 : 0.98 * 0.5 ** (l + 1)));
      const u = c.levels.map((_, l) => (l === n - 1 ? 0.9 : 0.1 / (n - 1)));
      const mt = m.reduce((a, b) => a + b, 0);
      return { name: c.name, levels: c.levels.map((level, l) => ({ level, m: m[l]! / mt, u: u[l]! })) };
    }),
    training: { uPairs: 0, sessions: [], records: 0 },
  };
}

const person = (id: string, given: string, first: string, second: string, date: string): LinkInput => ({
  id,
  values: {
    given_names: given,
    first_surname: first,
    second_surname: second,
    birth_date: date,
    sex: 'F',
    municipality: '1601',
  },
});

// A registry where López is common and Tzul rare.
const inputs: LinkInput[] = [
  person('lopez-a', 'María', 'López', 'Caal', '2010-03-04'),
  person('lopez-b', 'María', 'López', 'Caal', '2010-03-04'),
  person('tzul-a', 'María', 'Tzul', 'Caal', '2011-05-06'),
  person('tzul-b', 'María', 'Tzul', 'Caal', '2011-05-06'),
  person('swap-a', 'Ana', 'Pérez', 'Xol', '2009-01-02'),
  person('swap-b', 'Ana', 'Xol', 'Pérez', '2009-01-02'),
  person('other', 'Juana', 'Choc', '', '2012-07-08'),
];
for (let i = 0; i < 60; i++)
  inputs.push(person(`filler-${i}`, `Nombre${i}`, 'López', `Apellido${i}`, '2005-01-01'));

const schema = schemaOf(inputs);
const spec = amparoSpec(schema);
const records = prepareRecords(inputs, schema);
const model = new LinkageModel(spec, handParameters(spec), buildTermFrequencies(spec, records));
const byId = (id: string) => records.find((r) => r.id === id)!;

describe('Fellegi–Sunter scoring', () => {
  it('explains every score as a list of weights that sums to it', () => {
    for (const [a, b] of [
      ['lopez-a', 'lopez-b'],
      ['tzul-a', 'lopez-a'],
      ['swap-a', 'swap-b'],
      ['other', 'tzul-b'],
    ] as const) {
      const explained = model.explain(byId(a), byId(b));
      const sum = explained.explanation.reduce((total, term) => total + term.weight, 0);
      expect(sum).toBeCloseTo(explained.score, 10);
      expect(model.score(byId(a), byId(b))).toBeCloseTo(explained.score, 10);
      expect(explained.probability).toBeCloseTo(probabilityOf(explained.score), 12);
      expect(explained.explanation[0]).toMatchObject({ field: 'prior', level: 'prior' });
      expect(explained.explanation.map((t) => t.field)).toEqual([
        'prior',
        ...spec.comparisons.map((c) => c.name),
      ]);
    }
  });

  it('names what agreed and what is unknown', () => {
    const explained = model.explain(byId('other'), byId('tzul-a'));
    const term = (field: string) => explained.explanation.find((t) => t.field === field)!;
    expect(term('second_surname')).toMatchObject({ level: 'null', weight: 0 }); // missing is not different
    expect(term('given_names').level).toBe('else');
    expect(term('given_names').weight).toBeLessThan(0);
    const swapped = model.explain(byId('swap-a'), byId('swap-b'));
    expect(swapped.explanation.find((t) => t.field === 'first_surname')!.level).toBe('swapped');
    // The swap is scored once, by the first surname.
    expect(swapped.explanation.find((t) => t.field === 'second_surname')!.level).toBe('null');
  });

  it('weighs an exact match on a rare surname more than on a common one (term frequency)', () => {
    const rare = model.explain(byId('tzul-a'), byId('tzul-b'));
    const common = model.explain(byId('lopez-a'), byId('lopez-b'));
    const surname = (s: typeof rare) => s.explanation.find((t) => t.field === 'first_surname')!;
    expect(surname(rare).level).toBe('exact');
    expect(surname(common).level).toBe('exact');
    expect(surname(rare).termFrequency).toMatchObject({ value: 'tzul' });
    expect(surname(common).termFrequency!.adjustment).toBeLessThan(0);
    expect(surname(rare).weight).toBeGreaterThan(surname(common).weight);
    expect(rare.score).toBeGreaterThan(common.score);
  });

  it('serialises parameters with a format version and refuses another configuration', () => {
    const text = serialiseModel(model.params);
    expect(parseModel(text, spec)).toEqual(model.params);
    const other = { ...JSON.parse(text), spec: { name: spec.name, version: spec.version + 1 } };
    expect(() => parseModel(JSON.stringify(other), spec)).toThrow(/otra configuración/);
    const levels = JSON.parse(text) as ModelParameters;
    levels.comparisons[0]!.levels.pop();
    expect(() => parseModel(JSON.stringify(levels), spec)).toThrow(/no corresponden/);
    expect(() => parseModel(JSON.stringify({ ...levels, formatVersion: 99 }), spec)).toThrow(/formato/);
  });
});
