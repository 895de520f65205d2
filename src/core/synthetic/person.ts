import { PlaceIndex, type ShippedPlace } from '../reference/places.ts';
import { loadShippedPlaces } from '../reference/shipped-places.ts';
import type { PuebloCode } from '../reference/pueblos.ts';
import { Rng, WeightedTable } from './prng.ts';
import {
  AFRODESCENDANT_SHARE,
  AGE_WEIGHTS,
  BIRTH_PRECISION,
  CAPITAL_WEIGHT,
  CHILD_GIVEN_NAME_STYLE,
  DEPARTMENT_PROFILES,
  DEPARTMENT_WEIGHTS,
  FATHER_KNOWN,
  FOREIGN_CITIZENSHIPS,
  FOREIGN_SHARE,
  LANGUAGE_USE,
  MUNICIPALITY_PROFILES,
  PARENT_GIVEN_NAME_STYLE,
  SURNAME_GROUPS_BY_LANGUAGE,
  SURNAME_GROUPS_BY_PUEBLO,
  TWO_GIVEN_NAMES,
  type GivenNameGroup,
  type PlaceProfile,
  type SurnameGroup,
} from './profiles.ts';
import { loadNameTables, type NameTables, type SexCode } from './tables.ts';

/** How a date of birth is known; the same shape as the person registry's (issue 3). */
export type Birth =
  | { precision: 'exact'; date: string }
  | { precision: 'year'; year: number }
  | { precision: 'age_range'; ageMin: number; ageMax: number; asOf: string };

export interface PersonName {
  givenNames: string[];
  firstSurname: string;
  secondSurname: string | null;
}

/** One synthetic child: the truth from which every record of her is made. */
export interface SyntheticPerson extends PersonName {
  /** Stable within a seed: "sint-p" + the person's index. */
  id: string;
  sex: SexCode;
  /** The true date of birth (YYYY-MM-DD). */
  birthDate: string;
  /** How the date of birth was known when first registered. */
  birth: Birth;
  departmentCode: string;
  municipalityCode: string;
  pueblo: PuebloCode;
  /** ISO 639-3 code of the comunidad lingüística (Mayan language, cab, xin), or null. */
  comunidad: string | null;
  primaryLanguage: string;
  otherLanguages: string[];
  interpreterNeeded: boolean;
  /** ISO 3166-1 alpha-2. */
  citizenship: string;
  mother: PersonName;
  /** Null when the father is unknown; the child then carries both of her mother's surnames. */
  father: PersonName | null;
}

export interface GeneratorOptions {
  seed: number | string;
  /** Ages are counted at this date (YYYY-MM-DD); fixed so that a seed always gives the same data. */
  referenceDate?: string;
  /** Share of girls; 0.5 unless a programme's mix is wanted (the protection centre receives girls only). */
  femaleShare?: number;
}

export const DEFAULT_REFERENCE_DATE = '2025-01-01';

/** Random streams of a seed; each purpose has its own so one change does not shift the others. */
export const STREAM = { person: 1, duplicates: 2, shuffle: 3, errors: 4 } as const;

const styleOf = (pueblo: PuebloCode) =>
  pueblo === 'maya' ? 'maya' : pueblo === 'garifuna' ? 'garifuna' : 'other';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAY = 86_400_000;

/** Deterministic synthetic persons over the INE places and the name tables. */
export class PersonGenerator {
  private readonly places: PlaceIndex<ShippedPlace>;
  private readonly departments: WeightedTable<string>;
  private readonly municipalities = new Map<string, WeightedTable<ShippedPlace>>();
  private readonly styles = new Map<Record<GivenNameGroup, number>, WeightedTable<GivenNameGroup>>();
  private readonly surnameMixes = new Map<string, WeightedTable<SurnameGroup>>();
  private readonly languageMixes = new Map<string, WeightedTable<string>>();
  private readonly ages = new WeightedTable(
    AGE_WEIGHTS.map((_, age) => age),
    AGE_WEIGHTS,
  );
  private readonly precisions = WeightedTable.fromRecord(BIRTH_PRECISION);
  private readonly foreign = WeightedTable.fromRecord(FOREIGN_CITIZENSHIPS);
  private readonly referenceParts: [number, number, number];
  readonly referenceDate: string;
  readonly femaleShare: number;
  readonly seed: number | string;

  constructor(
    options: GeneratorOptions,
    places: readonly ShippedPlace[] = loadShippedPlaces(),
    readonly names: NameTables = loadNameTables(),
  ) {
    this.seed = options.seed;
    this.referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.referenceDate)) throw new Error('referenceDate: AAAA-MM-DD');
    this.referenceParts = this.referenceDate.split('-').map(Number) as [number, number, number];
    this.femaleShare = options.femaleShare ?? 0.5;
    this.places = new PlaceIndex(places);
    this.departments = WeightedTable.fromRecord(DEPARTMENT_WEIGHTS);
    for (const code of this.departments.items) {
      const municipalities = this.places.municipalitiesOf(code);
      if (municipalities.length === 0) throw new Error(`Departamento ${code} sin municipios`);
      this.municipalities.set(
        code,
        new WeightedTable(
          municipalities,
          municipalities.map((m) => (m.code.endsWith('01') ? CAPITAL_WEIGHT : 1)),
        ),
      );
    }
  }

  /** Places as loaded, for error models that move a record to another municipality. */
  get placeIndex(): PlaceIndex<ShippedPlace> {
    return this.places;
  }

  /** Person number `index` of this seed (0-based); the same whatever else is generated. */
  person(index: number): SyntheticPerson {
    const rng = new Rng(this.seed, STREAM.person, index);
    const departmentCode = this.departments.draw(rng);
    const municipality = this.municipalities.get(departmentCode)!.draw(rng);
    const profile = this.profileOf(departmentCode, municipality.code);
    const pueblo = this.drawPueblo(rng, profile);
    const comunidad =
      pueblo === 'maya'
        ? this.cached(this.languageMixes, `${departmentCode}:${municipality.code}`, () =>
            WeightedTable.fromRecord(profile.languages),
          ).draw(rng)
        : pueblo === 'garifuna'
          ? 'cab'
          : pueblo === 'xinka'
            ? 'xin'
            : null;
    const languages = this.drawLanguages(rng, pueblo, comunidad);
    const sex: SexCode = rng.chance(this.femaleShare) ? 'female' : 'male';

    const lineage = comunidad && pueblo === 'maya' ? comunidad : pueblo;
    const mother = this.parent(rng, 'female', pueblo, lineage);
    const father = rng.chance(FATHER_KNOWN) ? this.parent(rng, 'male', pueblo, lineage) : null;
    const firstSurname = father ? father.firstSurname : mother.firstSurname;
    const secondSurname = father ? mother.firstSurname : mother.secondSurname;
    const givenNames = this.givenNames(rng, sex, CHILD_GIVEN_NAME_STYLE[styleOf(pueblo)]);

    const birthDate = this.birthDateFor(rng, this.ages.draw(rng));

    return {
      id: `sint-p${pad(index, 7)}`,
      givenNames,
      firstSurname,
      secondSurname,
      sex,
      birthDate,
      birth: this.registeredBirth(rng, birthDate),
      departmentCode,
      municipalityCode: municipality.code,
      pueblo,
      comunidad,
      ...languages,
      citizenship: pueblo === 'extranjero' ? this.foreign.draw(rng) : 'GT',
      mother,
      father,
    };
  }

  /** Persons 0…count-1, one at a time (a million need not be held in memory). */
  *persons(count: number, start = 0): Generator<SyntheticPerson> {
    for (let i = start; i < start + count; i++) yield this.person(i);
  }

  /** The birth date as a registry that estimated it would hold it. */
  estimatedBirth(rng: Rng, birthDate: string, precision: 'year' | 'age_range'): Birth {
    const year = Number(birthDate.slice(0, 4));
    if (precision === 'year') return { precision: 'year', year };
    const age = this.ageAt(birthDate);
    const width = rng.between(1, 3);
    const ageMin = Math.max(0, age - rng.int(width + 1));
    return { precision: 'age_range', ageMin, ageMax: ageMin + width, asOf: this.referenceDate };
  }

  /** A uniformly drawn day on which a child born then is `age` years old at the reference date. */
  private birthDateFor(rng: Rng, age: number): string {
    const [ry, rm, rd] = this.referenceParts;
    const latest = Date.UTC(ry - age, rm - 1, rd);
    const earliest = Date.UTC(ry - age - 1, rm - 1, rd) + DAY;
    const day = earliest + rng.int((latest - earliest) / DAY + 1) * DAY;
    return new Date(day).toISOString().slice(0, 10);
  }

  ageAt(birthDate: string): number {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    const [ry, rm, rd] = this.referenceParts;
    return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
  }

  private registeredBirth(rng: Rng, birthDate: string): Birth {
    const precision = this.precisions.draw(rng);
    return precision === 'exact'
      ? { precision: 'exact', date: birthDate }
      : this.estimatedBirth(rng, birthDate, precision);
  }

  private profileOf(departmentCode: string, municipalityCode: string): PlaceProfile {
    return { ...DEPARTMENT_PROFILES[departmentCode]!, ...MUNICIPALITY_PROFILES[municipalityCode] };
  }

  private drawPueblo(rng: Rng, profile: PlaceProfile): PuebloCode {
    let r = rng.next();
    if ((r -= FOREIGN_SHARE) < 0) return 'extranjero';
    if ((r -= profile.afrodescendiente ?? AFRODESCENDANT_SHARE) < 0) return 'afrodescendiente';
    if ((r -= profile.garifuna ?? 0) < 0) return 'garifuna';
    if ((r -= profile.xinka ?? 0) < 0) return 'xinka';
    if ((r -= profile.maya) < 0) return 'maya';
    return 'ladino';
  }

  private drawLanguages(rng: Rng, pueblo: PuebloCode, comunidad: string | null) {
    const spanishOnly = { primaryLanguage: 'spa', otherLanguages: [], interpreterNeeded: false };
    if (pueblo === 'maya' && comunidad) {
      if (rng.chance(LANGUAGE_USE.mayanFirst)) {
        const spanish = rng.chance(LANGUAGE_USE.spanishToo);
        return {
          primaryLanguage: comunidad,
          otherLanguages: spanish ? ['spa'] : [],
          interpreterNeeded: !spanish,
        };
      }
      return rng.chance(LANGUAGE_USE.mayanSecond)
        ? { primaryLanguage: 'spa', otherLanguages: [comunidad], interpreterNeeded: false }
        : spanishOnly;
    }
    if (pueblo === 'garifuna') {
      if (rng.chance(LANGUAGE_USE.garifunaFirst))
        return { primaryLanguage: 'cab', otherLanguages: ['spa'], interpreterNeeded: false };
      return rng.chance(LANGUAGE_USE.garifunaSecond)
        ? { primaryLanguage: 'spa', otherLanguages: ['cab'], interpreterNeeded: false }
        : spanishOnly;
    }
    return spanishOnly;
  }

  private parent(rng: Rng, sex: SexCode, pueblo: PuebloCode, lineage: string): PersonName {
    const mix = this.cached(this.surnameMixes, lineage, () =>
      WeightedTable.fromRecord(
        pueblo === 'maya'
          ? (SURNAME_GROUPS_BY_LANGUAGE[lineage] ?? { spanish: 1 })
          : SURNAME_GROUPS_BY_PUEBLO[pueblo],
      ),
    );
    const surname = () => this.names.surnames.get(mix.draw(rng))!.draw(rng);
    return {
      givenNames: this.givenNames(rng, sex, PARENT_GIVEN_NAME_STYLE[styleOf(pueblo)]),
      firstSurname: surname(),
      secondSurname: surname(),
    };
  }

  private givenNames(rng: Rng, sex: SexCode, style: Record<GivenNameGroup, number>): string[] {
    const styles = this.cached(this.styles, style, () => WeightedTable.fromRecord(style));
    const draw = () => this.names.givenNames.get(`${sex}:${styles.draw(rng)}`)!.draw(rng);
    const first = draw();
    if (!rng.chance(TWO_GIVEN_NAMES)) return [first];
    for (let attempt = 0; attempt < 5; attempt++) {
      const second = draw();
      if (second !== first) return [first, second];
    }
    return [first];
  }

  private cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
    let value = map.get(key);
    if (value === undefined) {
      value = make();
      map.set(key, value);
    }
    return value;
  }
}
