import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_LANGUAGES } from '../reference/languages.ts';
import { PlaceIndex } from '../reference/places.ts';
import { PUEBLO_CODES } from '../reference/pueblos.ts';
import { loadShippedPlaces } from '../reference/shipped-places.ts';
import { PersonGenerator, type SyntheticPerson } from './person.ts';
import {
  BIRTH_PRECISION,
  CHILD_GIVEN_NAME_STYLE,
  DEPARTMENT_WEIGHTS,
  SURNAME_GROUPS_BY_PUEBLO,
} from './profiles.ts';
import { loadNameTables } from './tables.ts';

const places = new PlaceIndex(loadShippedPlaces());
const names = loadNameTables();
const N = 30_000;
let persons: SyntheticPerson[];

/** Names are letters, single spaces and apostrophes: never digits, never "Persona 12". */
const NAME = /^[\p{L}]+(?:[ '’ʼ][\p{L}]+)*['’ʼ]?$/u;

beforeAll(() => {
  persons = [...new PersonGenerator({ seed: 2024 }).persons(N)];
});

/** |observed − expected| within z standard errors of a binomial share. */
function expectShare(count: number, total: number, expected: number, label: string, z = 4.5) {
  const tolerance = z * Math.sqrt((expected * (1 - expected)) / total) + 1e-9;
  expect(Math.abs(count / total - expected), `${label}: ${count}/${total} vs ${expected}`).toBeLessThan(
    tolerance,
  );
}

describe('synthetic persons', () => {
  it('are the same for the same seed, whatever else is generated, and differ for another seed', () => {
    const again = new PersonGenerator({ seed: 2024 });
    expect([...again.persons(50)]).toEqual(persons.slice(0, 50));
    expect(again.person(12_345)).toEqual(persons[12_345]);
    expect([...again.persons(5, 100)]).toEqual(persons.slice(100, 105));
    const other = [...new PersonGenerator({ seed: 2025 }).persons(50)];
    expect(other).not.toEqual(persons.slice(0, 50));
  });

  it('never use Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random');
    };
    try {
      expect(() => [...new PersonGenerator({ seed: 1 }).persons(200)]).not.toThrow();
    } finally {
      Math.random = original;
    }
  });

  it('come from a valid INE municipality of their department, never a lake', () => {
    const bad = persons.filter(
      (p) =>
        !places.isMunicipality(p.municipalityCode) || p.municipalityCode.slice(0, 2) !== p.departmentCode,
    );
    expect(bad).toEqual([]);
  });

  it('have realistic names: letters only, from the tables, never a number', () => {
    const surnames = new Set([...names.surnames.values()].flatMap((t) => t.items));
    const givenNames = new Set([...names.givenNames.values()].flatMap((t) => t.items));
    const bad: string[] = [];
    for (const p of persons) {
      for (const name of [p, p.mother, ...(p.father ? [p.father] : [])]) {
        const text = [...name.givenNames, name.firstSurname, name.secondSurname].join(' ');
        const ok =
          name.givenNames.length >= 1 &&
          name.givenNames.length <= 2 &&
          name.givenNames.every((given) => NAME.test(given) && givenNames.has(given)) &&
          surnames.has(name.firstSurname) &&
          (name.secondSurname === null || surnames.has(name.secondSurname)) &&
          !/\d/.test(text) &&
          !/\b(person|persona|test|prueba|nombre|name)\b/i.test(text);
        if (!ok) bad.push(text);
      }
      if (!/^sint-p\d{7}$/.test(p.id)) bad.push(p.id);
    }
    expect(bad).toEqual([]);
  });

  it('carry their parents’ surnames: father’s first then mother’s first, or both of the mother’s', () => {
    let withFather = 0;
    const bad = persons.filter((p) => {
      if (p.father) withFather++;
      const expected = p.father
        ? [p.father.firstSurname, p.mother.firstSurname]
        : [p.mother.firstSurname, p.mother.secondSurname];
      return p.firstSurname !== expected[0] || p.secondSurname !== expected[1];
    });
    expect(bad).toEqual([]);
    expectShare(withFather, N, 0.8, 'father known');
  });

  it('have a pueblo, comunidad and languages consistent with the place', () => {
    const mayan = new Set(SHIPPED_LANGUAGES.filter((l) => l.pueblo === 'maya').map((l) => l.code));
    const byMunicipality = (code: string) => persons.filter((p) => p.municipalityCode === code);
    const bad = persons.filter((p) => {
      const comunidadOk =
        p.pueblo === 'maya'
          ? mayan.has(p.comunidad!)
          : p.pueblo === 'garifuna'
            ? p.comunidad === 'cab'
            : p.pueblo === 'xinka'
              ? p.comunidad === 'xin'
              : p.comunidad === null;
      const spoken = [p.primaryLanguage, ...p.otherLanguages];
      return (
        !PUEBLO_CODES.includes(p.pueblo) ||
        !comunidadOk ||
        !spoken.every((code) => code === 'spa' || code === p.comunidad) ||
        p.interpreterNeeded !== !spoken.includes('spa') ||
        !(p.pueblo === 'extranjero' ? /^(HN|SV|NI|MX|VE|CO)$/ : /^GT$/).test(p.citizenship)
      );
    });
    expect(bad).toEqual([]);
    // Alta Verapaz is Q'eqchi' country except its Poqomchi' south; Nebaj is Ixil; Sipacapa Sipakapense.
    const cobán = byMunicipality('1601').filter((p) => p.pueblo === 'maya');
    expect(cobán.length).toBeGreaterThan(100);
    expect(cobán.every((p) => p.comunidad === 'kek')).toBe(true);
    expect(
      byMunicipality('1604')
        .filter((p) => p.pueblo === 'maya')
        .every((p) => p.comunidad === 'poh'),
    ).toBe(true);
    expect(
      byMunicipality('1413')
        .filter((p) => p.pueblo === 'maya')
        .every((p) => p.comunidad === 'ixl'),
    ).toBe(true);
    const altaVerapaz = persons.filter((p) => p.departmentCode === '16');
    expect(altaVerapaz.filter((p) => p.pueblo === 'maya').length / altaVerapaz.length).toBeGreaterThan(0.85);
    const capital = persons.filter((p) => p.departmentCode === '01');
    expect(capital.filter((p) => p.pueblo === 'ladino').length / capital.length).toBeGreaterThan(0.7);
  });

  it('are children 0–17 with the registered precision mix, each estimate containing the truth', () => {
    const generator = new PersonGenerator({ seed: 2024 });
    const precisions = { exact: 0, year: 0, age_range: 0 };
    const bad = persons.filter((p) => {
      const age = generator.ageAt(p.birthDate);
      precisions[p.birth.precision]++;
      const consistent =
        p.birth.precision === 'exact'
          ? p.birth.date === p.birthDate
          : p.birth.precision === 'year'
            ? p.birth.year === Number(p.birthDate.slice(0, 4))
            : p.birth.ageMin <= age && age <= p.birth.ageMax && p.birth.asOf === '2025-01-01';
      return age < 0 || age > 17 || !consistent;
    });
    expect(bad).toEqual([]);
    for (const [precision, share] of Object.entries(BIRTH_PRECISION))
      expectShare(precisions[precision as keyof typeof precisions], N, share, precision);
    const adolescents = persons.filter((p) => generator.ageAt(p.birthDate) >= 12).length;
    expect(adolescents / N).toBeGreaterThan(0.6);
  });

  it('follow the department weights and a requested share of girls', () => {
    const counts = new Map<string, number>();
    for (const p of persons) counts.set(p.departmentCode, (counts.get(p.departmentCode) ?? 0) + 1);
    for (const [code, weight] of Object.entries(DEPARTMENT_WEIGHTS))
      expectShare(counts.get(code) ?? 0, N, weight, `department ${code}`);
    expectShare(persons.filter((p) => p.sex === 'female').length, N, 0.5, 'girls');
    const girls = [...new PersonGenerator({ seed: 9, femaleShare: 0.9 }).persons(5000)];
    expectShare(girls.filter((p) => p.sex === 'female').length, 5000, 0.9, 'girls at 0.9');
  });

  it('draw surnames and given names with the frequencies of the tables', () => {
    // Ladino families draw every surname from the Spanish table; each surname is a fresh draw.
    expect(SURNAME_GROUPS_BY_PUEBLO.ladino).toEqual({ spanish: 1 });
    const spanish = names.surnames.get('spanish')!;
    const ladinoSurnames = persons
      .filter((p) => p.pueblo === 'ladino')
      .flatMap((p) => [p.mother.firstSurname, p.mother.secondSurname!]);
    for (let i = 0; i < 10; i++) {
      const surname = spanish.items[i]!;
      const count = ladinoSurnames.filter((s) => s === surname).length;
      expectShare(count, ladinoSurnames.length, spanish.probability(i), surname);
    }
    // María among the first given names of Maya girls: only the Spanish style has it.
    const mayaGirls = persons.filter((p) => p.pueblo === 'maya' && p.sex === 'female');
    const femaleSpanish = names.givenNames.get('female:spanish')!;
    const expected = CHILD_GIVEN_NAME_STYLE.maya.spanish * femaleSpanish.probability(0);
    expect(femaleSpanish.items[0]).toBe('María');
    expectShare(
      mayaGirls.filter((p) => p.givenNames[0] === 'María').length,
      mayaGirls.length,
      expected,
      'María',
    );
  });

  it('carry Mayan surnames where Mayan families live, and few elsewhere', () => {
    const qeqchi = new Set(names.surnames.get('qeqchi')!.items);
    const share = (department: string) => {
      const here = persons.filter((p) => p.departmentCode === department);
      return here.filter((p) => qeqchi.has(p.firstSurname)).length / here.length;
    };
    expect(share('16')).toBeGreaterThan(0.5);
    expect(share('01')).toBeLessThan(0.05);
    expect(share('13')).toBeLessThan(0.02);
    const mayanGiven = new Set([
      ...names.givenNames.get('female:mayan')!.items,
      ...names.givenNames.get('male:mayan')!.items,
    ]);
    const withMayanName = persons.filter((p) => p.givenNames.some((g) => mayanGiven.has(g))).length;
    expect(withMayanName).toBeGreaterThan(0);
    expect(withMayanName / N).toBeLessThan(0.1);
  });
});
