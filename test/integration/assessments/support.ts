import type { Permission } from '../../../src/core/access/catalogue.ts';
import type { TestApp } from '../../support/test-app.ts';
import { CASE_WORK, personWithCase, staff } from '../cases/support.ts';

/** Staff of one agency for assessment, plan and approval tests, on top of the case fixtures. */

export const ASSESSMENT_WORK: Permission[] = [
  ...CASE_WORK,
  'assessment:read',
  'assessment:write',
  'case_plan:read',
  'case_plan:write',
];

export async function agencyForAssessments(t: TestApp, name: string) {
  const agencyId = await t.createAgency(name);
  const centre = await t.createProgramme(agencyId, 'protection_centre', `Hogar ${name}`);
  const returnees = await t.createProgramme(agencyId, 'returnee_reintegration', `Retornados ${name}`);
  const team = await t.createTeam(agencyId, `Equipo ${name}`, centre);
  const inTeam = { agencyId, scope: 'team' as const, teamIds: [team] };
  const supervisorOf = (programmeId: string) =>
    staff(t, {
      agencyId,
      scope: 'programme',
      programmeId,
      permissions: [...ASSESSMENT_WORK, 'case:approve', 'case:close'],
    });
  return {
    agencyId,
    centre,
    returnees,
    team,
    /** Every clearance. */
    worker: await staff(t, { ...inTeam, permissions: ASSESSMENT_WORK }),
    /** May close cases but not approve. */
    closer: await staff(t, { ...inTeam, permissions: [...ASSESSMENT_WORK, 'case:close'] }),
    /** Legal and trafficking clearances only: no health, no psychosocial. */
    lawyer: await staff(t, {
      ...inTeam,
      permissions: ['case:read', 'assessment:read', 'case_plan:read'],
      clearances: ['identity', 'legal', 'trafficking_experience'],
    }),
    /** Writes assessments with health clearance only. */
    nurse: await staff(t, {
      ...inTeam,
      permissions: ['case:read', 'assessment:read', 'assessment:write'],
      clearances: ['identity', 'health'],
    }),
    supervisor: await supervisorOf(centre),
    otherSupervisor: await supervisorOf(centre),
    returneeSupervisor: await supervisorOf(returnees),
  };
}

export type AgencyForAssessments = Awaited<ReturnType<typeof agencyForAssessments>>;

export async function openCase(a: AgencyForAssessments, givenNames: string) {
  return (await personWithCase(a.worker.client, { givenNames }, { programmeId: a.centre })).kase;
}
