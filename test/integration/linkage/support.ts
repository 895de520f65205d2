import type { Permission } from '../../../src/core/access/catalogue.ts';
import type { HttpClient } from '../../support/http-client.ts';
import type { TestApp } from '../../support/test-app.ts';
import { CASE_WORK, createCase, createPerson, expectStatus, staff, type Staff } from '../cases/support.ts';
import { consentBody } from '../case-work/support.ts';

/** Fixtures of the record-linkage tests, over those of the case core. */

export const LINKAGE_WORK: Permission[] = [...CASE_WORK, 'consent:read', 'consent:write', 'person:trace'];

/** An agency with a programme, its team, a caseworker (team scope) and a coordinator who reviews duplicates. */
export async function linkageAgency(t: TestApp, name: string) {
  const agencyId = await t.createAgency(name);
  const programme = await t.createProgramme(agencyId, 'protection_centre', `Hogar ${name}`);
  const team = await t.createTeam(agencyId, `Equipo ${name}`, programme);
  const worker = await staff(t, { agencyId, scope: 'team', teamIds: [team], permissions: LINKAGE_WORK });
  const coordinator = await staff(t, {
    agencyId,
    scope: 'agency',
    permissions: [...LINKAGE_WORK, 'case:assign', 'person:merge'],
  });
  return { agencyId, programme, team, worker, coordinator };
}

export type LinkageAgency = Awaited<ReturnType<typeof linkageAgency>>;

/** Registers a person (with a case in the agency's programme, when asked) and their parents. */
export async function registerChild(
  who: Staff,
  agency: LinkageAgency,
  person: Record<string, unknown>,
  extra: { mother?: string; father?: string; withCase?: boolean } = {},
) {
  const created = await createPerson(who.client, person);
  for (const [relationship, name] of [
    ['mother', extra.mother],
    ['father', extra.father],
  ] as const) {
    if (!name) continue;
    expectStatus(
      await who.client.post(`/api/persons/${created.id}/relations`, { kind: 'family', name, relationship }),
      201,
    );
  }
  const kase = extra.withCase
    ? await createCase(who.client, {
        personId: created.id,
        programmeId: agency.programme,
        teamId: agency.team,
        caseType: 'residential_trafficking_victim',
      })
    : undefined;
  return { id: created.id, caseId: kase?.id };
}

export async function grantTracingConsent(client: HttpClient, personId: string) {
  return expectStatus(
    await client.post(`/api/persons/${personId}/consents`, consentBody({ purpose: 'family_tracing' })),
    201,
  );
}

export { staff };
