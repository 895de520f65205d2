import { randomUUID } from 'node:crypto';
import type { CaseStatus } from '../../core/cases/status.ts';
import {
  CLOSURE_KINDS,
  RISK_REASONS,
  type CaseType,
  type ClosureKind,
  type RiskLevel,
} from '../../core/cases/vocabulary.ts';
import { personNameTokens } from '../../core/names/search-terms.ts';
import { SHIPPED_LANGUAGES } from '../../core/reference/languages.ts';
import {
  PersonGenerator,
  Rng,
  WeightedTable,
  type PersonName,
  type SyntheticPerson,
} from '../../core/synthetic/index.ts';
import { riskNotesContext } from '../cases/present.ts';
import { noteBodyContext } from '../notes/routes.ts';
import { NOTE_TYPE_CLASSES, type NoteType } from '../notes/vocabulary.ts';
import { dobColumnsOf, nameTokensVector, searchNameOf } from '../persons/store.ts';
import { blockKeysOf } from '../linkage/keys.ts';
import { knownOf, prepareKnown, type LinkagePersonRow } from '../linkage/person-record.ts';
import type { CopyRow } from '../platform/db/copy-in.ts';
import { serviceNotesContext } from '../services/routes.ts';
import { SERVICE_OUTCOMES, type ServiceArea } from '../services/vocabulary.ts';
import {
  fill,
  NO_CONTACT_REASONS,
  NOTE_TEXTS,
  REFERRERS,
  RISK_NOTE_TEXT,
  SERVICE_NOTE_TEXTS,
} from './texts.ts';

/**
 * One synthetic child's whole record for the demo data and the benchmarks: the person (from the seeded
 * Guatemalan generator, src/core/synthetic), name search tokens, family with the odd no-contact flag,
 * consent, and one case (sometimes two, in different programmes) placed in a programme, team and caseload,
 * with its status along the cycle, risk, judicial protection measure, notes and services. Deterministic for
 * a seed and index apart from the row ids; free text is sealed through `seal` (the server's envelope).
 */

export interface DemoTeam {
  id: string | null;
  /** Staff who may own the team's cases (they can open cases); empty: the case has no owner. */
  owners: readonly string[];
}

export interface DemoProgramme {
  id: string;
  caseType: CaseType;
  teams: readonly DemoTeam[];
}

export interface DemoWorld {
  agencyId: string;
  programmes: readonly DemoProgramme[];
  /** Organisations of the service directory by area. */
  providers: ReadonlyMap<ServiceArea, readonly string[]>;
  /** ISO 3166-1 alpha-2 → alpha-3 (the registry stores alpha-3). */
  countryAlpha3: ReadonlyMap<string, string>;
  /** Ages and dates are counted back from here. */
  now: Date;
}

type Seal = (text: string, context: string) => Buffer;

export interface DemoCase {
  row: CopyRow<'case_file'>;
  /** The year the case was opened in (Guatemala time): its number is AMP-<year>-<sequence>. */
  year: number;
}

export interface DemoRecord {
  person: CopyRow<'person'>;
  tokens: CopyRow<'person_name_token'>[];
  /** The record-linkage blocking keys (src/server/linkage/keys.ts), as a registration would write them. */
  blockKeys: CopyRow<'person_block_key'>[];
  relations: CopyRow<'person_relation'>[];
  consents: CopyRow<'consent'>[];
  cases: DemoCase[];
  notes: CopyRow<'case_note'>[];
  services: CopyRow<'case_service'>[];
}

/** How the cases are spread over the kinds of programme. */
const CASE_TYPE_WEIGHTS: Record<CaseType, number> = {
  returned_unaccompanied_child: 0.45,
  community_possible_victim: 0.3,
  legal_assistance_only: 0.15,
  residential_trafficking_victim: 0.1,
};

const RISK: Record<CaseType, Record<RiskLevel, number>> = {
  residential_trafficking_victim: { low: 0.1, medium: 0.35, high: 0.4, critical: 0.15 },
  returned_unaccompanied_child: { low: 0.35, medium: 0.4, high: 0.2, critical: 0.05 },
  community_possible_victim: { low: 0.4, medium: 0.4, high: 0.15, critical: 0.05 },
  legal_assistance_only: { low: 0.2, medium: 0.5, high: 0.3, critical: 0 },
};

/** Share of cases with a judicial protection measure. */
const MEASURE_SHARE: Record<CaseType, number> = {
  residential_trafficking_victim: 0.8,
  returned_unaccompanied_child: 0.15,
  community_possible_victim: 0.05,
  legal_assistance_only: 0.4,
};

const SERVICE_AREAS_BY_TYPE: Record<CaseType, Partial<Record<ServiceArea, number>>> = {
  residential_trafficking_victim: {
    lodging: 3,
    psychosocial: 3,
    medical: 2,
    educational: 2,
    recreation: 2,
    legal: 1,
  },
  returned_unaccompanied_child: { family: 3, psychosocial: 2, medical: 1, educational: 1, livelihood: 2 },
  community_possible_victim: { educational: 3, family: 2, psychosocial: 2, recreation: 1 },
  legal_assistance_only: { legal: 5, psychosocial: 1 },
};

const NOTE_WEIGHTS: Record<CaseType, Partial<Record<NoteType, number>>> = {
  residential_trafficking_victim: {
    case_note: 3,
    session_note: 3,
    medical_note: 2,
    disclosure_note: 1,
    legal_note: 1,
    school_follow_up: 1,
  },
  returned_unaccompanied_child: { case_note: 3, phone_call: 3, home_visit: 3, session_note: 1 },
  community_possible_victim: { case_note: 2, home_visit: 3, school_follow_up: 3, phone_call: 2 },
  legal_assistance_only: { legal_note: 5, case_note: 2, phone_call: 1 },
};

const CLOSURES = new WeightedTable<ClosureKind>(
  [...CLOSURE_KINDS],
  CLOSURE_KINDS.map(
    (k) =>
      ({ goals_met: 45, referred: 15, transferred: 5, aged_out: 15, lost_contact: 12, declined_services: 6 })[
        k as string
      ] ?? (k === 'other' ? 2 : 0),
  ),
);

const MEASURE_TYPES = WeightedTable.fromRecord({
  temporary_shelter: 5,
  family_carer: 3,
  extended_family: 2,
  foster_family: 1,
});
const OUTCOMES = new WeightedTable([...SERVICE_OUTCOMES], [60, 10, 20, 4, 3, 3]);
const NO_CONTACT_SOURCE = WeightedTable.fromRecord({
  court_order: 5,
  pgn_decision: 3,
  case_team_decision: 2,
});

const DAY = 86_400_000;
/** Guatemala keeps UTC−6 all year. */
const GT_OFFSET = 6 * 3_600_000;
const gtYear = (date: Date) => new Date(date.getTime() - GT_OFFSET).getUTCFullYear();
const day = (date: Date) => new Date(date.getTime() - GT_OFFSET).toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

const COMUNIDAD = new Map(SHIPPED_LANGUAGES.map((l) => [l.code, l.comunidad]));

/** Status along the cycle for a case opened `age` days ago: recent cases are early on, old ones mostly closed. */
function statusFor(rng: Rng, age: number): CaseStatus {
  const table: Partial<Record<CaseStatus, number>> =
    age < 14
      ? { registration: 6, assessment: 4 }
      : age < 60
        ? { assessment: 3, case_plan: 4, implementation: 3 }
        : age < 180
          ? { case_plan: 1, implementation: 6, follow_up: 1.5, closure: 1.5 }
          : age < 365
            ? { implementation: 4, follow_up: 3, closure: 3 }
            : { implementation: 0.5, follow_up: 1, closure: 8.5 };
  return WeightedTable.fromRecord(table).draw(rng);
}

const STEP: Record<CaseStatus, number> = {
  registration: 0,
  assessment: 1,
  case_plan: 2,
  implementation: 3,
  follow_up: 4,
  closure: 4,
};

function educationFor(age: number, rng: Rng): string {
  if (age < 4) return 'None';
  if (age < 7) return 'EarlyChildhoodEducation';
  const expected =
    age < 13 ? 'PrimaryEducation' : age < 16 ? 'LowerSecondaryEducation' : 'UpperSecondaryEducation';
  // Many of these children left school early.
  if (age >= 13 && rng.chance(0.35)) return 'PrimaryEducation';
  if (rng.chance(0.05)) return 'None';
  return expected;
}

const fullName = (name: PersonName) =>
  [...name.givenNames, name.firstSurname, name.secondSurname].filter(Boolean).join(' ');

export class DemoRecordGenerator {
  private readonly everyone: PersonGenerator;
  /** The protection centre receives girls only. */
  private readonly girls: PersonGenerator;
  private readonly programmes: WeightedTable<DemoProgramme>;
  private readonly byType = new Map<CaseType, DemoProgramme[]>();

  constructor(
    private readonly world: DemoWorld,
    private readonly seed: number,
    private readonly seal: Seal,
  ) {
    if (world.programmes.length === 0) throw new Error('Sin programas que lleven casos.');
    const referenceDate = `${world.now.getUTCFullYear()}-01-01`;
    this.everyone = new PersonGenerator({ seed, referenceDate });
    this.girls = new PersonGenerator({ seed, referenceDate, femaleShare: 1 }, undefined, this.everyone.names);
    for (const p of world.programmes)
      this.byType.set(p.caseType, [...(this.byType.get(p.caseType) ?? []), p]);
    this.programmes = new WeightedTable(
      world.programmes,
      world.programmes.map((p) => CASE_TYPE_WEIGHTS[p.caseType] / this.byType.get(p.caseType)!.length),
    );
  }

  /** Person number `index` with everything recorded about her. */
  record(index: number): DemoRecord {
    const rng = new Rng(this.seed, 11, index);
    const programme = this.programmes.draw(rng);
    const source = programme.caseType === 'residential_trafficking_victim' ? this.girls : this.everyone;
    const child = source.person(index);
    const age = source.ageAt(child.birthDate);
    // Registered when the first case was opened: never before the age of four (or birth for the youngest).
    const maxDaysAgo = Math.max(30, Math.min(6 * 365, (age - 4) * 365));
    const openedAt = addDays(this.world.now, -Math.floor(Math.pow(rng.next(), 1.2) * maxDaysAgo) - 1);
    const owner = this.placement(rng, programme);
    const out: DemoRecord = {
      person: this.person(child, age, rng, openedAt, owner.owner),
      tokens: [],
      blockKeys: [],
      relations: [],
      consents: [],
      cases: [],
      notes: [],
      services: [],
    };
    const personId = out.person.id as string;
    const tokens = new Set(
      personNameTokens({
        givenNames: child.givenNames,
        firstSurname: child.firstSurname,
        ...(child.secondSurname && { secondSurname: child.secondSurname }),
      }),
    );
    for (const token of tokens)
      out.tokens.push({ agency_id: this.world.agencyId, token, person_id: personId });
    out.person.name_tokens = nameTokensVector(tokens);

    const first = this.openCase(out, child, personId, programme, owner, openedAt, rng);
    // Some children are also followed by a second programme (e.g. legal assistance alongside the centre).
    if (rng.chance(0.08) && this.world.programmes.length > 1) {
      const other = this.programmes.draw(rng);
      if (other.id !== programme.id) {
        const secondOpened = addDays(openedAt, rng.between(7, 120));
        if (secondOpened < this.world.now)
          this.openCase(out, child, personId, other, this.placement(rng, other), secondOpened, rng);
      }
    }
    this.family(out, child, personId, first, rng);
    this.consent(out, child, personId, age, first, openedAt, rng);
    const known = knownOf(out.person as unknown as LinkagePersonRow, {
      mother: fullName(child.mother),
      ...(child.father && { father: fullName(child.father) }),
    });
    for (const key of blockKeysOf(prepareKnown(personId, known)))
      out.blockKeys.push({ key, person_id: personId, agency_id: this.world.agencyId });
    return out;
  }

  private placement(rng: Rng, programme: DemoProgramme): { teamId: string | null; owner: string | null } {
    const team = programme.teams.length > 0 ? rng.pick(programme.teams) : { id: null, owners: [] };
    return { teamId: team.id, owner: team.owners.length > 0 ? rng.pick(team.owners) : null };
  }

  private person(
    child: SyntheticPerson,
    age: number,
    rng: Rng,
    createdAt: Date,
    registeredBy: string | null,
  ) {
    const birth = child.birth;
    const others = child.otherLanguages;
    return {
      id: randomUUID(),
      agency_id: this.world.agencyId,
      given_names: child.givenNames.join(' '),
      first_surname: child.firstSurname,
      second_surname: child.secondSurname,
      sex: child.sex,
      gender: child.sex === 'female' ? 'Feminine' : 'Masculine',
      ...dobColumnsOf(birth),
      citizenships: [this.world.countryAlpha3.get(child.citizenship) ?? 'GTM'],
      pueblo: child.pueblo,
      linguistic_community: child.comunidad ? (COMUNIDAD.get(child.comunidad) ?? null) : null,
      primary_language: child.primaryLanguage,
      other_languages: others,
      interpreter_needed: child.interpreterNeeded,
      origin_department: child.departmentCode,
      origin_municipality: child.municipalityCode,
      education_level: educationFor(age, rng),
      disabilities: rng.chance(0.03) ? [rng.pick(['seeing', 'hearing', 'mobility', 'cognition'])] : [],
      search_name: searchNameOf({
        given_names: child.givenNames.join(' '),
        first_surname: child.firstSurname,
        second_surname: child.secondSurname,
        other_names: [],
      }),
      registered_by: registeredBy,
      synthetic: true,
      created_at: createdAt,
      updated_at: createdAt,
    } satisfies CopyRow<'person'>;
  }

  private openCase(
    out: DemoRecord,
    child: SyntheticPerson,
    personId: string,
    programme: DemoProgramme,
    placement: { teamId: string | null; owner: string | null },
    openedAt: Date,
    rng: Rng,
  ): { id: string; status: CaseStatus; measure: boolean } {
    const id = randomUUID();
    const { caseType } = programme;
    const now = this.world.now;
    const age = (now.getTime() - openedAt.getTime()) / DAY;
    const status = statusFor(rng, age);
    const statusChangedAt =
      status === 'registration' ? openedAt : addDays(openedAt, Math.floor(age * (0.3 + 0.7 * rng.next())));
    const closed = status === 'closure';
    const riskLevel = WeightedTable.fromRecord(RISK[caseType]).draw(rng);
    const reasons = new Set<string>();
    const reasonCount = riskLevel === 'low' ? rng.int(2) : rng.between(1, 3);
    for (let i = 0; i < reasonCount; i++) reasons.add(rng.pick(RISK_REASONS.slice(0, -1)));
    const [orgType, orgName] = rng.pick(REFERRERS[caseType]);
    const name = child.givenNames[0]!;
    const measure = rng.chance(MEASURE_SHARE[caseType]);
    const orderDate = addDays(openedAt, rng.between(0, 20));
    const protection = measure
      ? {
          court: `Juzgado de Primera Instancia de la Niñez y la Adolescencia de ${this.departmentName(child)}`,
          fileNumber: `DEMO-${gtYear(orderDate)}-${String(rng.int(100_000)).padStart(5, '0')}`,
          pgnOffice: rng.chance(0.7) ? 'Procuraduría de la Niñez y la Adolescencia, PGN' : null,
          measureType:
            caseType === 'residential_trafficking_victim' ? 'temporary_shelter' : MEASURE_TYPES.draw(rng),
          orderDate: day(orderDate < now ? orderDate : openedAt),
          reviewDate: day(addDays(orderDate, 180)),
          endDate: null,
        }
      : null;
    out.cases.push({
      year: gtYear(openedAt),
      row: {
        id,
        agency_id: this.world.agencyId,
        person_id: personId,
        programme_id: programme.id,
        team_id: placement.teamId,
        owner_user_id: placement.owner,
        case_type: caseType,
        status,
        status_changed_at: statusChangedAt,
        closure_kind: closed ? CLOSURES.draw(rng) : null,
        opened_at: openedAt,
        closed_at: closed ? statusChangedAt : null,
        referral_org_type: orgType,
        referral_org_name: orgName,
        referral_date: day(openedAt),
        risk_level: riskLevel,
        risk_reasons: [...reasons],
        risk_notes_sealed: rng.chance(0.2)
          ? this.seal(fill(RISK_NOTE_TEXT, name), riskNotesContext(id))
          : null,
        protection_measure: protection,
        created_by: placement.owner,
        created_at: openedAt,
        updated_at: statusChangedAt,
      },
    });
    const lastDay = closed ? statusChangedAt : now;
    const span = Math.max(1, (lastDay.getTime() - openedAt.getTime()) / DAY);
    const work = STEP[status];
    const noteTypes = WeightedTable.fromRecord(NOTE_WEIGHTS[caseType]);
    for (let i = work === 0 ? rng.int(2) : rng.between(1, work + 1); i > 0; i--) {
      const noteId = randomUUID();
      const type = noteTypes.draw(rng);
      const at = addDays(openedAt, rng.next() * span);
      out.notes.push({
        id: noteId,
        agency_id: this.world.agencyId,
        case_id: id,
        note_type: type,
        note_class: NOTE_TYPE_CLASSES[type],
        occurred_on: day(at),
        body_sealed: this.seal(fill(rng.pick(NOTE_TEXTS[type]), name), noteBodyContext(noteId)),
        author_user_id: placement.owner,
        created_at: at,
        updated_at: at,
      });
    }
    const areas = WeightedTable.fromRecord(SERVICE_AREAS_BY_TYPE[caseType]);
    for (let i = work === 0 ? 0 : rng.int(work + 1); i > 0; i--) {
      const area = areas.draw(rng);
      const providers = this.world.providers.get(area) ?? [];
      const byProvider = providers.length > 0 && (placement.owner === null || rng.chance(0.3));
      if (!byProvider && placement.owner === null) continue;
      const serviceId = randomUUID();
      const at = addDays(openedAt, rng.next() * span);
      out.services.push({
        id: serviceId,
        agency_id: this.world.agencyId,
        case_id: id,
        area,
        provider_user_id: byProvider ? null : placement.owner,
        provider_id: byProvider ? rng.pick(providers) : null,
        delivered_on: day(at),
        duration_minutes: rng.between(2, 12) * 10,
        outcome: OUTCOMES.draw(rng),
        one_off: rng.chance(0.2),
        notes_sealed: rng.chance(0.3)
          ? this.seal(fill(SERVICE_NOTE_TEXTS[area], name), serviceNotesContext(serviceId))
          : null,
        created_by: placement.owner,
        created_at: at,
        updated_at: at,
      });
    }
    return { id, status, measure };
  }

  private family(
    out: DemoRecord,
    child: SyntheticPerson,
    personId: string,
    kase: { measure: boolean },
    rng: Rng,
  ) {
    const createdAt = out.person.created_at as Date;
    const relation = (name: PersonName, relationship: string, guardian: boolean, noContact: boolean) => {
      const source = NO_CONTACT_SOURCE.draw(rng);
      out.relations.push({
        id: randomUUID(),
        agency_id: this.world.agencyId,
        person_id: personId,
        kind: 'family',
        name: fullName(name),
        relationship,
        is_guardian: guardian && !noContact,
        no_contact: noContact,
        no_contact_reason: noContact ? rng.pick(NO_CONTACT_REASONS) : null,
        no_contact_source: noContact ? source : null,
        created_at: createdAt,
        updated_at: createdAt,
      });
    };
    // A few relatives must not be contacted (shown wherever the child appears).
    const fatherBarred = child.father !== null && rng.chance(0.04);
    const motherBarred = !fatherBarred && rng.chance(0.01);
    relation(child.mother, 'mother', !kase.measure, motherBarred);
    if (child.father) relation(child.father, 'father', !kase.measure && rng.chance(0.7), fatherBarred);
    // A maternal aunt: the mother's surnames with the given name of another synthetic mother.
    if (rng.chance(0.2)) {
      const other = this.everyone.person(rng.int(1_000_000)).mother.givenNames[0]!;
      relation({ ...child.mother, givenNames: [other] }, 'aunt_uncle', false, false);
    }
  }

  private consent(
    out: DemoRecord,
    child: SyntheticPerson,
    personId: string,
    age: number,
    kase: { measure: boolean },
    openedAt: Date,
    rng: Rng,
  ) {
    const ageThen = Math.max(
      0,
      age - Math.floor((this.world.now.getTime() - openedAt.getTime()) / (365 * DAY)),
    );
    const giver: Pick<CopyRow<'consent'>, 'given_by' | 'giver_name' | 'giver_relationship'> = ageThen >= 15 ||
    (ageThen >= 12 && rng.chance(0.5))
      ? { given_by: 'child', giver_name: null, giver_relationship: null }
      : kase.measure
        ? {
            given_by: 'pgn_or_court',
            giver_name: 'Procuraduría General de la Nación',
            giver_relationship: 'PGN',
          }
        : { given_by: 'guardian', giver_name: fullName(child.mother), giver_relationship: 'madre' };
    const purposes: Array<['services' | 'data_sharing' | 'photographs', boolean]> = [['services', true]];
    if (rng.chance(0.5)) purposes.push(['data_sharing', rng.chance(0.85)]);
    if (rng.chance(0.3)) purposes.push(['photographs', rng.chance(0.4)]);
    for (const [purpose, granted] of purposes) {
      out.consents.push({
        id: randomUUID(),
        agency_id: this.world.agencyId,
        person_id: personId,
        purpose,
        decision: granted ? 'granted' : 'refused',
        ...giver,
        given_on: day(openedAt),
        told_purpose: true,
        told_uses: true,
        told_research_use: rng.chance(0.9),
        told_right_to_request_data: true,
        told_retention_period: rng.chance(0.9),
        told_how_to_withdraw: true,
        document_reference: 'Formulario firmado, en el archivo físico del caso',
        recorded_by: out.person.registered_by as string | null,
        created_at: openedAt,
        updated_at: openedAt,
      });
    }
  }

  private departmentName(child: SyntheticPerson): string {
    return this.everyone.placeIndex.byCode.get(child.departmentCode)?.name ?? 'Guatemala';
  }
}
