import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase, staff, type Staff } from '../cases/support.ts';
import { caseWorker, consentBody } from './support.ts';

/**
 * My work's "new referrals": referrals addressed to the user's agency (as a whole, or to a programme of the
 * user's scope), still waiting for an answer, never the user's own, and only what the receiving side may
 * see of them (no id of the sender's records). The case record's list of referrals sent from a case and
 * its destinations stay with those who reach the case.
 */

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let sender: Staff;
let coordinatorA: Staff;
let agencyB: string;
let coordinatorB: Staff;
let noReferralsB: Staff;
let strangerD: Staff;
let personId: string;
let caseId: string;
let toB: { id: string };
let urgentToB: { id: string };
let internal: { id: string };

const myWork = async (who: Staff) => expectStatus(await who.client.get('/api/my-work'), 200);
const idsOf = (work: { newReferrals: Array<{ id: string }> }) => work.newReferrals.map((r) => r.id);

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Hogar Remitente');
  sender = await caseWorker(t, a.agencyId);
  coordinatorA = await caseWorker(t, a.agencyId, {
    scope: 'programme',
    programmeId: a.returnees,
    extra: ['case:approve', 'referral:respond'],
  });
  agencyB = await t.createAgency('Asociación Receptora');
  await t.createProgramme(agencyB, 'returnee_reintegration', 'Reintegración B');
  coordinatorB = await caseWorker(t, agencyB, { extra: ['referral:respond'] });
  noReferralsB = await staff(t, { agencyId: agencyB, scope: 'agency' });
  const agencyD = await t.createAgency('Agencia D');
  strangerD = await caseWorker(t, agencyD);

  const created = await personWithCase(
    sender.client,
    { givenNames: 'Ixchel', firstSurname: 'Cux', sex: 'female' },
    { programmeId: a.centre, teamId: a.centreTeam },
  );
  personId = created.person.id;
  caseId = created.kase.id;
  for (const agencyId of [agencyB, a.agencyId])
    expectStatus(
      await sender.client.post(
        `/api/persons/${personId}/consents`,
        consentBody({ purpose: 'referral_to_agency', agencyId }),
      ),
      201,
    );
  const send = async (body: Record<string, unknown>) =>
    expectStatus(
      await sender.client.post(`/api/cases/${caseId}/referrals`, {
        kind: 'referral',
        urgency: 'routine',
        reason: 'Acompañamiento legal en el proceso penal.',
        ...body,
      }),
      201,
    ) as { id: string };
  toB = await send({ toAgencyId: agencyB });
  urgentToB = await send({ toAgencyId: agencyB, urgency: 'urgent' });
  internal = await send({ toAgencyId: a.agencyId, toProgrammeId: a.returnees });
});
afterAll(async () => t.close());

describe('my work: new referrals', () => {
  it('lists the referrals addressed to my agency and waiting for an answer, urgent first, narrowly', async () => {
    const work = await myWork(coordinatorB);
    expect(idsOf(work)).toEqual([urgentToB.id, toB.id]);
    expect(work.newReferrals[0]).toEqual({
      id: urgentToB.id,
      kind: 'referral',
      urgency: 'urgent',
      sentAt: expect.any(String),
      fromAgency: { name: 'Hogar Remitente' },
      fromProgramme: { name: 'Hogar Hogar Remitente' },
      toProgramme: null,
    });
    const text = JSON.stringify(work.newReferrals);
    for (const id of [caseId, personId, a.agencyId, a.centre, sender.user.id])
      expect(text, `reveals ${id}`).not.toContain(id);
    expect(text).not.toContain('Ixchel');
    const event = (await t.auditEvents('case.my_work')).at(-1)!;
    expect(event.actor_user_id).toBe(coordinatorB.user.id);
    expect(event.details).toMatchObject({ newReferrals: 2 });
  });

  it('a referral to a programme reaches those whose scope covers it, never its sender', async () => {
    expect(idsOf(await myWork(coordinatorA))).toEqual([internal.id]);
    expect(idsOf(await myWork(sender))).not.toContain(internal.id);
    expect(idsOf(await myWork(sender))).toEqual([]);
    expect(idsOf(await myWork(a.coordinator))).toEqual([]);
  });

  it('gives nothing to another agency, nor to someone who may not read referrals', async () => {
    expect(idsOf(await myWork(strangerD))).toEqual([]);
    expect(idsOf(await myWork(noReferralsB))).toEqual([]);
  });

  it('an answered referral is no longer new', async () => {
    expectStatus(
      await coordinatorB.client.post(`/api/referrals/${urgentToB.id}/respond`, { decision: 'accept' }),
      200,
    );
    expectStatus(
      await coordinatorB.client.post(`/api/referrals/${toB.id}/respond`, {
        decision: 'reject',
        reason: 'Sin cupo este mes.',
      }),
      200,
    );
    expect(idsOf(await myWork(coordinatorB))).toEqual([]);
  });
});

describe('referrals of a case and their destinations', () => {
  it('lists the referrals sent from the case to those who reach it, and 404 to another agency', async () => {
    const page = expectStatus(await sender.client.get(`/api/cases/${caseId}/referrals`), 200);
    expect(page.total).toBe(3);
    expect(page.items.map((r: { id: string }) => r.id).sort()).toEqual(
      [toB.id, urgentToB.id, internal.id].sort(),
    );
    expect(page.items.every((r: { view: string }) => r.view === 'sender')).toBe(true);
    const accepted = expectStatus(
      await sender.client.get(`/api/cases/${caseId}/referrals?status=accepted`),
      200,
    );
    expect(accepted.items.map((r: { id: string }) => r.id)).toEqual([urgentToB.id]);
    // The receiving agency does not reach the sender's case, even though it received its referrals.
    expect((await coordinatorB.client.get(`/api/cases/${caseId}/referrals`)).status).toBe(404);
    expect((await strangerD.client.get(`/api/cases/${caseId}/referrals`)).status).toBe(404);
    const event = (await t.auditEvents('referral.list')).at(-1)!;
    expect(event.resource_ids[0]).toBe(caseId);
  });

  it('names the active agencies and the other programmes of the case agency, only under a reachable case', async () => {
    const destinations = expectStatus(
      await sender.client.get(`/api/cases/${caseId}/referral-destinations`),
      200,
    );
    expect(destinations.agencies.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['Asociación Receptora', 'Hogar Remitente', 'Agencia D']),
    );
    expect(destinations.programmes).toEqual([{ id: a.returnees, name: 'Retornados Hogar Remitente' }]);
    expect((await strangerD.client.get(`/api/cases/${caseId}/referral-destinations`)).status).toBe(404);
  });
});
