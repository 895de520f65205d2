import { sql } from 'kysely';
import type { ProgrammeKind } from '../../core/access/catalogue.ts';
import type { CaseType } from '../../core/cases/vocabulary.ts';
import { PersonGenerator } from '../../core/synthetic/index.ts';
import { createUserAccount } from '../admin/users/accounts.ts';
import { issuePasswordResetLink } from '../identity/one-time-links.ts';
import type { AuditEntry } from '../platform/audit/audit-writer.ts';
import type { KeyedHasher } from '../platform/crypto/envelope.ts';
import type { Executor } from '../platform/db/database.ts';
import type { ServiceArea } from '../services/vocabulary.ts';
import type { DemoProgramme, DemoTeam, DemoWorld } from './records.ts';
import '../services/tables.ts';
import '../reference/tables.ts';

/**
 * Where demo cases live: an existing agency's programmes, teams and staff, or (`--users`) a demo agency
 * created for the purpose with its programmes, teams, a service directory and one account per main role.
 */

/** The programmes that hold cases, and the type of case each holds. */
export const CASE_TYPE_OF: Partial<Record<ProgrammeKind, CaseType>> = {
  protection_centre: 'residential_trafficking_victim',
  returnee_reintegration: 'returned_unaccompanied_child',
  community_prevention: 'community_possible_victim',
  legal_assistance: 'legal_assistance_only',
};

export const DEMO_AGENCY_NAME = 'Asociación de demostración (datos sintéticos)';

const PROGRAMMES: Array<[ProgrammeKind, string, string]> = [
  ['protection_centre', 'Hogar de protección', 'hogar'],
  ['returnee_reintegration', 'Recepción y reintegración de retornados', 'retornados'],
  ['community_prevention', 'Prevención comunitaria', 'comunidad'],
  ['legal_assistance', 'Asistencia legal', 'legal'],
];

const PROVIDERS: Array<[ServiceArea, string, string]> = [
  ['medical', 'Centro de salud (demostración)', 'HealthServiceOrganisation'],
  ['medical', 'Hospital nacional (demostración)', 'HealthServiceOrganisation'],
  ['educational', 'Escuela oficial (demostración)', 'SchoolOrCollege'],
  ['legal', 'Bufete popular universitario (demostración)', 'LegalService'],
  ['livelihood', 'Centro de formación técnica (demostración)', 'NGO'],
  ['psychosocial', 'Clínica psicológica comunitaria (demostración)', 'NGO'],
];

type Place = 'all' | ProgrammeKind;

/** One account per main role: [username, role, display name, teams (by programme kind), programme of the role]. */
const ROLE_USERS: Array<[string, string, string, Place[], ProgrammeKind | null]> = [
  ['demo.admin', 'system_admin', 'Administración (demo)', [], null],
  ['demo.coordinacion', 'programme_coordinator', 'Coordinación (demo)', [], null],
  [
    'demo.trabajo.social',
    'social_worker',
    'Trabajo social (demo)',
    ['protection_centre', 'returnee_reintegration'],
    null,
  ],
  [
    'demo.trabajo.social2',
    'social_worker',
    'Trabajo social 2 (demo)',
    ['community_prevention', 'legal_assistance'],
    null,
  ],
  ['demo.psicologia', 'psychologist', 'Psicología (demo)', ['protection_centre'], null],
  ['demo.medicina', 'medical_staff', 'Personal médico (demo)', [], 'protection_centre'],
  ['demo.educacion', 'educator', 'Educación (demo)', [], 'protection_centre'],
  ['demo.cuidado', 'caregiver', 'Cuidado residencial (demo)', [], 'protection_centre'],
  ['demo.abogacia', 'lawyer', 'Asesoría legal (demo)', [], 'legal_assistance'],
  ['demo.promotoria', 'community_promoter', 'Promotoría comunitaria (demo)', ['community_prevention'], null],
  ['demo.monitoreo', 'me_officer', 'Monitoreo y evaluación (demo)', [], null],
];

export interface DemoStructureOptions {
  teamsPerProgramme: number;
  /** Social workers per team, with synthetic names and no way to sign in (caseloads for benchmarks). */
  caseworkersPerTeam: number;
  /** One account per main role, each with a one-time link to set its password. */
  roleUsers: boolean;
  seed: number;
}

export interface DemoStructure {
  agencyId: string;
  programmes: Array<{ id: string; kind: ProgrammeKind }>;
  teams: Array<{ id: string; programmeId: string; caseworkers: string[] }>;
  /** The accounts of the main roles with the token of their one-time password link. */
  links: Array<{ username: string; role: string; token: string }>;
}

const roleId = async (db: Executor, key: string) =>
  (await db.selectFrom('role').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

/** Creates the demo agency with its programmes, teams, service directory and staff; everything audited. */
export async function createDemoStructure(
  db: Executor,
  hasher: KeyedHasher,
  options: DemoStructureOptions,
  /** Writes one audit event (the CLI's: no actor, `via: 'cli'`). */
  record: (db: Executor, entry: AuditEntry) => Promise<void>,
): Promise<DemoStructure> {
  const audit = (action: string, resourceType: string, id: string, details: Record<string, unknown> = {}) =>
    record(db, { action, resourceType, resourceIds: [id], details: { demo: true, ...details } });
  const agency = await db
    .insertInto('agency')
    .values({ name: DEMO_AGENCY_NAME, short_name: 'Demo', org_type: 'NGO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit('agency.created', 'agency', agency.id, { fields: ['name', 'shortName', 'orgType'] });
  const structure: DemoStructure = { agencyId: agency.id, programmes: [], teams: [], links: [] };
  const names = new PersonGenerator({ seed: options.seed });
  const socialWorker = await roleId(db, 'social_worker');
  let staffIndex = 0;
  for (const [kind, name, short] of PROGRAMMES) {
    const programme = await db
      .insertInto('programme')
      .values({ agency_id: agency.id, kind, name: `${name} (demostración)` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit('programme.created', 'programme', programme.id, { fields: ['kind', 'name'] });
    structure.programmes.push({ id: programme.id, kind });
    for (let t = 1; t <= options.teamsPerProgramme; t++) {
      const team = await db
        .insertInto('team')
        .values({
          agency_id: agency.id,
          programme_id: programme.id,
          name: `Equipo ${short} ${t} (demostración)`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit('team.created', 'team', team.id, { fields: ['name', 'programmeId'] });
      const caseworkers: string[] = [];
      for (let w = 0; w < options.caseworkersPerTeam; w++) {
        const person = names.person(1_000_000 + staffIndex++).mother;
        const user = await db
          .insertInto('app_user')
          .values({
            agency_id: agency.id,
            username: `sint.ts.${String(staffIndex).padStart(5, '0')}`,
            display_name: `${person.givenNames[0]} ${person.firstSurname} (sintético)`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        caseworkers.push(user.id);
      }
      if (caseworkers.length > 0) {
        await db
          .insertInto('user_role')
          .values(
            caseworkers.map((id) => ({
              user_id: id,
              role_id: socialWorker,
              programme_id: null,
              granted_by: null,
            })),
          )
          .execute();
        await db
          .insertInto('team_member')
          .values(caseworkers.map((id) => ({ team_id: team.id, user_id: id })))
          .execute();
        await record(db, {
          action: 'user.created',
          resourceType: 'user',
          resourceIds: caseworkers,
          details: { demo: true, roles: ['social_worker'], teamId: team.id },
        });
      }
      structure.teams.push({ id: team.id, programmeId: programme.id, caseworkers });
    }
  }
  await db
    .insertInto('service_provider')
    .values(
      PROVIDERS.map(([area, name, orgType]) => ({ agency_id: agency.id, area, name, org_type: orgType })),
    )
    .execute();
  if (options.roleUsers) {
    const programmeOf = (kind: ProgrammeKind) => structure.programmes.find((p) => p.kind === kind)!.id;
    for (const [username, role, displayName, teamKinds, programmeKind] of ROLE_USERS) {
      const teamIds = structure.teams
        .filter((t) =>
          teamKinds.some((k) => k === 'all' || programmeOf(k as ProgrammeKind) === t.programmeId),
        )
        .map((t) => t.id);
      const { id } = await createUserAccount(db, {
        agencyId: agency.id,
        username,
        displayName,
        roles: [{ key: role, programmeId: programmeKind ? programmeOf(programmeKind) : null }],
        teamIds,
        grantedBy: null,
      });
      const { token } = await issuePasswordResetLink(db, hasher, id, null);
      await record(db, {
        action: 'user.created',
        resourceType: 'user',
        resourceIds: [id],
        details: {
          demo: true,
          agencyId: agency.id,
          roles: [role],
          fields: ['username', 'displayName', 'roles'],
        },
      });
      structure.links.push({ username, role, token });
    }
  }
  return structure;
}

/** The demo agency made by an earlier `--users` run, if any. */
export async function findDemoAgency(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('agency')
    .select('id')
    .where('name', '=', DEMO_AGENCY_NAME)
    .executeTakeFirst();
  return row?.id;
}

/** The agency's programmes, teams, case owners and service directory, as the record generator needs them. */
export async function loadWorld(db: Executor, agencyId: string, now: Date): Promise<DemoWorld> {
  // One after another: `db` may be a single connection.
  const programmes = await db
    .selectFrom('programme')
    .select(['id', 'kind'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
  const teams = await db
    .selectFrom('team')
    .select(['id', 'programme_id'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
  // Active staff who can open cases, with their teams.
  const owners = await db
    .selectFrom('app_user')
    .leftJoin('team_member', 'team_member.user_id', 'app_user.id')
    .select(['app_user.id', 'team_member.team_id'])
    .where('app_user.agency_id', '=', agencyId)
    .where('app_user.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_role')
          .innerJoin('role', 'role.id', 'user_role.role_id')
          .select(sql`1`.as('one'))
          .whereRef('user_role.user_id', '=', 'app_user.id')
          .where(sql<boolean>`'case:create' = ANY(role.permissions)`),
      ),
    )
    .orderBy('app_user.created_at')
    .orderBy('app_user.id')
    .execute();
  const providers = await db
    .selectFrom('service_provider')
    .select(['id', 'area'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  const countries = await db.selectFrom('country').select(['code', 'alpha3']).execute();
  const ownersOfTeam = new Map<string, string[]>();
  const anyOwner = [...new Set(owners.map((o) => o.id))];
  for (const o of owners)
    if (o.team_id) ownersOfTeam.set(o.team_id, [...(ownersOfTeam.get(o.team_id) ?? []), o.id]);
  const demoProgrammes: DemoProgramme[] = [];
  for (const p of programmes) {
    const caseType = CASE_TYPE_OF[p.kind as ProgrammeKind];
    if (!caseType) continue;
    const ofProgramme: DemoTeam[] = teams
      .filter((t) => t.programme_id === p.id || t.programme_id === null)
      .map((t) => ({ id: t.id, owners: ownersOfTeam.get(t.id) ?? [] }))
      .filter((t) => t.owners.length > 0);
    demoProgrammes.push({
      id: p.id,
      caseType,
      teams: ofProgramme.length > 0 ? ofProgramme : [{ id: null, owners: anyOwner }],
    });
  }
  const byArea = new Map<ServiceArea, string[]>();
  for (const p of providers)
    byArea.set(p.area as ServiceArea, [...(byArea.get(p.area as ServiceArea) ?? []), p.id]);
  return {
    agencyId,
    programmes: demoProgrammes,
    providers: byArea,
    countryAlpha3: new Map(countries.map((c) => [c.code, c.alpha3])),
    now,
  };
}
