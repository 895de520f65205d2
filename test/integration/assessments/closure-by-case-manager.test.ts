import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../support/http-client.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { expectStatus, ifMatch, personWithCase } from '../cases/support.ts';

/**
 * Closure with the roles Amparo ships: the social worker who manages the case asks for the closure and
 * carries it out, and only a coordinator (another person, case:approve) approves it. Supervisors find what
 * waits for them in their queue, by kind and with the case number.
 */

let t: TestApp;
let worker: HttpClient;
let workerId: string;
let coordinator: HttpClient;
let coordinatorId: string;
let returneeCoordinator: HttpClient;
let centre: string;
let team: string;

beforeAll(async () => {
  t = await startTestApp();
  const agencyId = await t.createAgency('Refugio');
  centre = await t.createProgramme(agencyId, 'protection_centre', 'Hogar');
  const returnees = await t.createProgramme(agencyId, 'returnee_reintegration', 'Retornados');
  team = await t.createTeam(agencyId, 'Equipo del hogar', centre);
  const socialWorker = await t.createUser({ agencyId, roles: ['social_worker'], teamIds: [team] });
  workerId = socialWorker.id;
  worker = await t.signedIn(socialWorker);
  const supervisor = await t.createUser({
    agencyId,
    roles: ['programme_coordinator'],
    roleProgrammeId: centre,
  });
  coordinatorId = supervisor.id;
  coordinator = await t.signedIn(supervisor);
  returneeCoordinator = await t.signedIn(
    await t.createUser({ agencyId, roles: ['programme_coordinator'], roleProgrammeId: returnees }),
  );
});
afterAll(async () => t.close());

const closing = { to: 'closure', reason: 'Metas del plan cumplidas', closureKind: 'goals_met' };

const openCase = async (givenNames: string) =>
  (
    await personWithCase(
      worker,
      { givenNames, firstSurname: 'Caal' },
      { programmeId: centre, teamId: team, ownerUserId: workerId },
    )
  ).kase;

const changeStatus = (client: HttpClient, id: string, version: number, body: Record<string, unknown>) =>
  client.request('POST', `/api/cases/${id}/status`, { body, headers: ifMatch(version) });

const queue = async (client: HttpClient, query = '') =>
  expectStatus(await client.get(`/api/approvals${query}`), 200) as {
    items: Array<{ id: string; caseNumber: string; subjectType: string }>;
    total: number;
  };

const decision = async (id: string) =>
  (await t.superuser.query(`SELECT decision, decided_by FROM approval WHERE id = $1`, [id])).rows[0];

describe('closure with the shipped roles', () => {
  it('lets the social worker ask for it and close once a coordinator approved, never decide it herself', async () => {
    const kase = await openCase('Rosalía');
    const refused = await changeStatus(worker, kase.id, kase.version, closing);
    expect(refused.status).toBe(409);
    expect(refused.body.required).toBe('closure_approval');

    const requested = expectStatus(
      await worker.post(`/api/cases/${kase.id}/closure-requests`, { comment: 'Reintegrada con su familia' }),
      201,
    );
    expect(requested).toMatchObject({
      subjectType: 'closure',
      caseNumber: kase.number,
      state: 'pending',
      requestedBy: { id: workerId },
    });
    const audited = (await t.auditEvents('approval.requested')).at(-1)!;
    expect(audited.actor_user_id).toBe(workerId);
    expect(audited.resource_ids).toContain(kase.id);

    // She may not decide (no case:approve), and the refusal changes nothing.
    const deniedBefore = (await t.auditEvents('authz.denied')).length;
    expect(
      (await worker.post(`/api/approvals/${requested.id}/decision`, { decision: 'approved' })).status,
    ).toBe(403);
    expect((await t.auditEvents('authz.denied')).length).toBe(deniedBefore + 1);
    expect(await decision(requested.id)).toEqual({ decision: null, decided_by: null });
    expect((await changeStatus(worker, kase.id, kase.version, closing)).status).toBe(409);

    // The coordinator finds it in her work with the case number, and approves it.
    const work = expectStatus(await coordinator.get('/api/my-work'), 200);
    expect(work.approvalsWaiting).toContainEqual({
      id: requested.id,
      caseId: kase.id,
      caseNumber: kase.number,
      kind: 'closure',
    });
    expectStatus(
      await coordinator.post(`/api/approvals/${requested.id}/decision`, { decision: 'approved' }),
      200,
    );
    expect(await decision(requested.id)).toEqual({ decision: 'approved', decided_by: coordinatorId });

    const closed = expectStatus(await changeStatus(worker, kase.id, kase.version, closing), 200);
    expect(closed).toMatchObject({ status: 'closure', closureKind: 'goals_met' });
    const closedEvent = (await t.auditEvents('case.closed')).at(-1)!;
    expect(closedEvent.actor_user_id).toBe(workerId);
    expect(closedEvent.resource_ids).toEqual([kase.id]);
  });

  it('keeps a coordinator from approving the closure she asked for herself', async () => {
    const kase = await openCase('Herminia');
    const own = expectStatus(await coordinator.post(`/api/cases/${kase.id}/closure-requests`, {}), 201);
    expect((await queue(coordinator)).items.map((a) => a.id)).not.toContain(own.id);
    const refused = await coordinator.post(`/api/approvals/${own.id}/decision`, { decision: 'approved' });
    expect(refused.status).toBe(403);
    expect((await t.auditEvents('authz.denied')).at(-1)!.details).toMatchObject({ reason: 'own_request' });
    expect(await decision(own.id)).toEqual({ decision: null, decided_by: null });
    expect((await changeStatus(coordinator, kase.id, kase.version, closing)).status).toBe(409);
  });
});

describe('the queue of approvals waiting', () => {
  it('filters by kind, names the case, and shows another programme’s coordinator nothing', async () => {
    const planned = await openCase('Ixchel');
    expectStatus(
      await worker.post(`/api/cases/${planned.id}/plan`, {
        goals: [
          {
            domain: 'education',
            objective: 'Retomar la primaria.',
            actions: [{ description: 'Inscribirla', responsibleUserId: workerId, dueDate: '2030-01-15' }],
          },
        ],
      }),
      201,
    );
    const plan = expectStatus(
      await worker.request('POST', `/api/cases/${planned.id}/plan/approval-requests`, {
        body: {},
        headers: ifMatch(1),
      }),
      201,
    );
    const closing = await openCase('Juana');
    const closure = expectStatus(await worker.post(`/api/cases/${closing.id}/closure-requests`, {}), 201);

    const all = await queue(coordinator);
    expect(all.items.map((a) => a.id)).toEqual(expect.arrayContaining([plan.id, closure.id]));
    const plans = await queue(coordinator, '?kind=plan');
    expect(plans.items.map((a) => a.subjectType)).toEqual(plans.items.map(() => 'plan'));
    expect(plans.items).toContainEqual(
      expect.objectContaining({ id: plan.id, caseNumber: planned.number, subjectType: 'plan' }),
    );
    expect(plans.items.map((a) => a.id)).not.toContain(closure.id);
    const closures = await queue(coordinator, '?kind=closure');
    expect(closures.items.map((a) => a.id)).toContain(closure.id);
    expect(closures.items.map((a) => a.id)).not.toContain(plan.id);
    expect(closures.total + plans.total).toBe(all.total);
    expect((await t.auditEvents('approval.list')).at(-1)!.details).toMatchObject({
      pending: true,
      kind: 'closure',
    });

    const bad = await coordinator.get('/api/approvals?kind=referral');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['querystring.kind']);

    const elsewhere = await queue(returneeCoordinator);
    expect(elsewhere.total).toBe(0);
    expect(JSON.stringify(elsewhere)).not.toContain(planned.number);
    expect(expectStatus(await returneeCoordinator.get('/api/my-work'), 200).approvalsWaiting).toEqual([]);
  });
});
