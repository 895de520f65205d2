import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  counts,
  expectStatus,
  ifMatch,
  personWithCase,
  staff,
  type Staff,
} from '../cases/support.ts';
import { caseWorker, consentBody, today, yearsAgo } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
/** Agency A: a caseworker who may refer, and a coordinator who may also override and respond. */
let sender: Staff;
let coordinatorA: Staff;
/** Agency B receives: its liaison (the shipped partner_liaison role) and a coordinator who may take cases. */
let agencyB: string;
let programmeB: string;
let liaisonB: Staff;
let coordinatorB: Staff;
/** Agency C receives an overridden referral; agency D receives nothing. */
let agencyC: string;
let strangerD: Staff;
let personId: string;
let caseId: string;
let caseNumber: string;

const CHILD = {
  givenNames: 'Ixchel',
  firstSurname: 'Cux',
  secondSurname: 'Tiul',
  sex: 'female',
  gender: 'Feminine',
  dateOfBirth: { precision: 'exact', date: yearsAgo(13, 40) },
  citizenships: ['GTM'],
  origin: { departmentCode: '16', municipalityCode: '1601', community: 'Aldea Chiquixji' },
  disabilities: ['hearing'],
  languages: { primary: 'kek', others: ['spa'], interpreterNeeded: true },
};
const SECRETS = [
  'Tiul',
  'Chiquixji',
  'NOTA-DE-SESION-CONFIDENCIAL',
  'NOTA-DEL-SERVICIO-MEDICO',
  'RIESGO-CONFIDENCIAL',
  '5555 0000',
];

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio de la Niñez');
  sender = await caseWorker(t, a.agencyId);
  coordinatorA = await caseWorker(t, a.agencyId, { extra: ['case:approve', 'referral:respond'] });
  agencyB = await t.createAgency('Asociación Receptora');
  programmeB = await t.createProgramme(agencyB, 'returnee_reintegration', 'Reintegración B');
  liaisonB = await (async () => {
    const user = await t.createUser({ agencyId: agencyB, roles: ['partner_liaison'] });
    return { user, client: await t.signedIn(user) };
  })();
  coordinatorB = await caseWorker(t, agencyB, { extra: ['referral:respond'] });
  agencyC = await t.createAgency('Clínica Legal C');
  const agencyD = await t.createAgency('Agencia D');
  strangerD = await staff(t, {
    agencyId: agencyD,
    scope: 'agency',
    permissions: ['referral:read', 'referral:respond', 'case:read', 'person:read', 'case:create'],
  });

  const created = await personWithCase(sender.client, CHILD, {
    programmeId: a.centre,
    teamId: a.centreTeam,
    riskNotes: 'RIESGO-CONFIDENCIAL',
  });
  personId = created.person.id;
  caseId = created.kase.id;
  caseNumber = created.kase.number;
  expectStatus(
    await sender.client.post(`/api/persons/${personId}/relations`, {
      kind: 'family',
      name: 'Ramiro Cux',
      relationship: 'father',
      phone: '+502 5555 0000',
      noContact: true,
      noContactReason: 'Denunciado por explotación',
      noContactSource: 'court_order',
    }),
    201,
  );
  expectStatus(
    await sender.client.post(`/api/cases/${caseId}/notes`, {
      type: 'session_note',
      body: 'NOTA-DE-SESION-CONFIDENCIAL',
    }),
    201,
  );
  expectStatus(
    await sender.client.post(`/api/cases/${caseId}/services`, {
      area: 'medical',
      provider: { kind: 'staff', userId: sender.user.id },
      deliveredOn: today(),
      outcome: 'completed',
      notes: 'NOTA-DEL-SERVICIO-MEDICO',
    }),
    201,
  );
});
afterAll(async () => t.close());

const referralTo = (toAgencyId: string, over: Record<string, unknown> = {}) => ({
  kind: 'referral',
  toAgencyId,
  servicesRequested: ['legal', 'psychosocial'],
  urgency: 'urgent',
  reason: 'Necesita acompañamiento legal en el proceso penal y apoyo psicológico.',
  ...over,
});

const consent = async (body: Record<string, unknown>) =>
  expectStatus(await sender.client.post(`/api/persons/${personId}/consents`, consentBody(body)), 201);

describe('sending a referral checks consent', () => {
  it('refuses without a consent in force (409, in Spanish), writes nothing, and audits the refusal', async () => {
    const before = await counts(t, ['referral']);
    const refused = await sender.client.post(`/api/cases/${caseId}/referrals`, referralTo(agencyB));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/No hay un consentimiento vigente/);
    expect(refused.body.detail).toContain('Asociación Receptora');
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.consentOverride', code: 'consent_required' });
    const after = await counts(t, ['referral']);
    expect(after.referral).toBe(before.referral);
    const event = (await t.auditEvents('referral.refused')).at(-1)!;
    expect(event).toMatchObject({ outcome: 'denied', actor_user_id: sender.user.id });
    expect(event.resource_ids).toEqual([caseId, personId, agencyB]);
    expect(event.details.reason).toBe('no_consent');
  });

  it('only a user with case:approve may override, and the attempt of another is refused and audited', async () => {
    const before = await counts(t, ['referral']);
    const attempt = await sender.client.post(
      `/api/cases/${caseId}/referrals`,
      referralTo(agencyB, { consentOverride: { reason: 'Urgencia' } }),
    );
    expect(attempt.status).toBe(403);
    expect((await counts(t, ['referral'])).referral).toBe(before.referral);
    expect((await t.auditEvents('referral.refused')).at(-1)!.details.reason).toBe('override_not_allowed');
  });

  it('a consent naming another agency, a refusal or a withdrawn consent does not count', async () => {
    await consent({ purpose: 'referral_to_agency', agencyId: agencyC, givenBy: 'child', giverName: null });
    await consent({
      purpose: 'referral_to_agency',
      agencyId: agencyB,
      decision: 'refused',
      givenOn: yearsAgo(0, 2),
    });
    const sharing = await consent({ purpose: 'data_sharing', agencyId: agencyB });
    expectStatus(
      await sender.client.request('POST', `/api/persons/${personId}/consents/${sharing.id}/withdraw`, {
        body: { withdrawnOn: today(), reason: 'La familia retira el permiso.' },
        headers: ifMatch(1),
      }),
      200,
    );
    expect((await sender.client.post(`/api/cases/${caseId}/referrals`, referralTo(agencyB))).status).toBe(
      409,
    );
  });

  it('is allowed with a consent in force for a referral naming the agency (a later grant undoes a refusal)', async () => {
    const granted = await consent({ purpose: 'referral_to_agency', agencyId: agencyB });
    const sent = expectStatus(
      await sender.client.post(`/api/cases/${caseId}/referrals`, referralTo(agencyB)),
      201,
    );
    expect(sent).toMatchObject({
      view: 'sender',
      kind: 'referral',
      status: 'sent',
      caseId,
      caseNumber,
      toAgency: { id: agencyB, name: 'Asociación Receptora' },
      toProgramme: null,
      servicesRequested: ['legal', 'psychosocial'],
      urgency: 'urgent',
      consent: { basis: 'consent', consentId: granted.id, overrideReason: null, overrideBy: null },
      sentBy: { id: sender.user.id },
    });
    const event = (await t.auditEvents('referral.sent')).at(-1)!;
    expect(event.resource_ids).toEqual([sent.id, caseId, personId, agencyB]);
    expect(event.details).toMatchObject({ consentBasis: 'consent', consentId: granted.id });
    // The reason is encrypted at rest.
    const { rows } = await t.superuser.query(`SELECT reason_sealed FROM referral WHERE id = $1`, [sent.id]);
    expect((rows[0].reason_sealed as Buffer).toString('latin1')).not.toContain('acompañamiento');
  });

  it('is allowed without consent when a coordinator records an override reason, audited as such', async () => {
    const sent = expectStatus(
      await coordinatorA.client.post(
        `/api/cases/${caseId}/referrals`,
        referralTo(agencyC, {
          servicesRequested: ['legal'],
          consentOverride: { reason: 'Audiencia mañana; la PGN autorizó por teléfono.' },
        }),
      ),
      201,
    );
    // The consent naming C was given by the child alone; it was recorded above and does count.
    expect(sent.consent.basis).toBe('consent');
    const agencyE = await t.createAgency('Hospital E');
    const overridden = expectStatus(
      await coordinatorA.client.post(
        `/api/cases/${caseId}/referrals`,
        referralTo(agencyE, {
          consentOverride: { reason: 'Emergencia médica; sin tiempo para consentimiento.' },
        }),
      ),
      201,
    );
    expect(overridden.consent).toMatchObject({
      basis: 'override',
      consentId: null,
      overrideReason: 'Emergencia médica; sin tiempo para consentimiento.',
      overrideBy: { id: coordinatorA.user.id },
    });
    const event = (await t.auditEvents('referral.consent_overridden')).at(-1)!;
    expect(event).toMatchObject({ actor_user_id: coordinatorA.user.id, outcome: 'success' });
    expect(event.resource_ids).toEqual([overridden.id, caseId, personId]);
    expect((await t.auditEvents('referral.sent')).at(-1)!.details.consentBasis).toBe('override');
  });
});

describe('the receiving side', () => {
  const NARROW_KEYS = [
    'completedAt',
    'completionNotes',
    'fromAgency',
    'fromProgramme',
    'id',
    'kind',
    'person',
    'reason',
    'receivedCaseId',
    'respondedAt',
    'responseReason',
    'sentAt',
    'sentBy',
    'servicesRequested',
    'status',
    'toAgency',
    'toProgramme',
    'urgency',
    'version',
    'view',
  ];
  const PERSON_KEYS = ['age', 'firstSurname', 'givenNames', 'languages', 'noContact', 'redacted', 'sex'];

  it('sees only the narrow view: the referral and the minimal identity, nothing beyond the list', async () => {
    const incoming = expectStatus(await liaisonB.client.get('/api/referrals'), 200);
    expect(incoming.total).toBe(1);
    const [item] = incoming.items;
    const single = expectStatus(await liaisonB.client.get(`/api/referrals/${item.id}`), 200);
    for (const view of [item, single]) {
      expect(Object.keys(view).sort()).toEqual(NARROW_KEYS);
      expect(Object.keys(view.person).sort()).toEqual(PERSON_KEYS);
      expect(view).toMatchObject({
        view: 'receiver',
        fromAgency: { name: 'Refugio de la Niñez', orgType: 'NGO' },
        sentBy: { displayName: expect.any(String) },
        person: {
          givenNames: 'Ixchel',
          firstSurname: 'Cux',
          age: { min: 13, max: 13 },
          sex: 'female',
          languages: { primary: 'kek', others: ['spa'], interpreterNeeded: true },
          noContact: [
            {
              name: 'Ramiro Cux',
              relationship: 'father',
              reason: 'Denunciado por explotación',
              source: 'court_order',
              redacted: [],
            },
          ],
          redacted: [],
        },
      });
      expect(Object.keys(view.fromAgency).sort()).toEqual(['name', 'orgType']);
      expect(Object.keys(view.sentBy)).toEqual(['displayName']);
      const text = JSON.stringify(view);
      for (const secret of [...SECRETS, caseId, personId, caseNumber, a.centre, a.agencyId, sender.user.id])
        expect(text, secret).not.toContain(secret);
    }
    const read = (await t.auditEvents('referral.read')).at(-1)!;
    expect(read).toMatchObject({ actor_user_id: liaisonB.user.id, details: { view: 'receiver' } });
  });

  it('gets no case, person, notes, history or consents through any other path', async () => {
    for (const path of [
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/notes`,
      `/api/cases/${caseId}/services`,
      `/api/cases/${caseId}/history`,
      `/api/persons/${personId}`,
      `/api/persons/${personId}/relations`,
      `/api/persons/${personId}/consents`,
      `/api/persons/${personId}/history`,
    ])
      expect((await coordinatorB.client.get(path)).status, path).toBe(404);
    const cases = expectStatus(await coordinatorB.client.get('/api/cases'), 200);
    expect(cases.total).toBe(0);
    const search = expectStatus(await coordinatorB.client.get('/api/persons/search?q=Ixchel%20Cux'), 200);
    expect(search.total).toBe(0);
  });

  it('another agency without a referral gets 404 and an empty list, and changes nothing', async () => {
    const [item] = expectStatus(await liaisonB.client.get('/api/referrals'), 200).items;
    expect((await strangerD.client.get(`/api/referrals/${item.id}`)).status).toBe(404);
    expect(expectStatus(await strangerD.client.get('/api/referrals'), 200).total).toBe(0);
    expect(expectStatus(await strangerD.client.get('/api/referrals?direction=outgoing'), 200).total).toBe(0);
    expect(
      (await strangerD.client.post(`/api/referrals/${item.id}/respond`, { decision: 'accept' })).status,
    ).toBe(404);
    expect((await strangerD.client.post(`/api/referrals/${item.id}/complete`, {})).status).toBe(404);
    const { rows } = await t.superuser.query(`SELECT status, version FROM referral WHERE id = $1`, [item.id]);
    expect(rows[0]).toEqual({ status: 'sent', version: 1 });
  });

  it('responds once (a rejection needs its reason), then completes; the sender follows along', async () => {
    const [item] = expectStatus(await liaisonB.client.get('/api/referrals'), 200).items;
    const url = `/api/referrals/${item.id}`;
    const noReason = await liaisonB.client.post(`${url}/respond`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toContain('reason');
    expect((await liaisonB.client.post(`${url}/complete`, {})).status).toBe(409);
    const accepted = expectStatus(
      await liaisonB.client.post(`${url}/respond`, {
        decision: 'accept',
        reason: 'Asignada a la abogada Pérez.',
      }),
      200,
    );
    expect(accepted).toMatchObject({
      view: 'receiver',
      status: 'accepted',
      responseReason: 'Asignada a la abogada Pérez.',
    });
    expect((await liaisonB.client.post(`${url}/respond`, { decision: 'reject', reason: 'x' })).status).toBe(
      409,
    );
    // The sending caseworker may not answer it.
    expect((await sender.client.post(`${url}/complete`, {})).status).toBe(403);
    const completed = expectStatus(
      await liaisonB.client.post(`${url}/complete`, { notes: 'Querella presentada.' }),
      200,
    );
    expect(completed.status).toBe('completed');
    const seen = expectStatus(await sender.client.get(url), 200);
    expect(seen).toMatchObject({
      view: 'sender',
      status: 'completed',
      respondedBy: { id: liaisonB.user.id },
      completedBy: { id: liaisonB.user.id },
      completionNotes: 'Querella presentada.',
    });
    const outgoing = expectStatus(
      await sender.client.get('/api/referrals?direction=outgoing&pageSize=50'),
      200,
    );
    expect(outgoing.items.map((r: { id: string }) => r.id)).toContain(item.id);
    expect((await t.auditEvents('referral.accepted')).at(-1)!.actor_user_id).toBe(liaisonB.user.id);
    expect((await t.auditEvents('referral.completed')).at(-1)!.details.side).toBe('receiver');
  });
});

describe('transfers', () => {
  it('to another agency: the receiving agency opens its own person and case with the minimal identity', async () => {
    const sent = expectStatus(
      await sender.client.post(`/api/cases/${caseId}/referrals`, referralTo(agencyB, { kind: 'transfer' })),
      201,
    );
    const url = `/api/referrals/${sent.id}`;
    // The liaison may not take cases; a coordinator must name one of the agency's programmes.
    expect((await liaisonB.client.post(`${url}/respond`, { decision: 'accept' })).status).toBe(403);
    const noProgramme = await coordinatorB.client.post(`${url}/respond`, { decision: 'accept' });
    expect(noProgramme.status).toBe(400);
    expect(noProgramme.body.errors[0].field).toBe('body.programmeId');
    const foreign = await coordinatorB.client.post(`${url}/respond`, {
      decision: 'accept',
      programmeId: a.centre,
    });
    expect(foreign.status).toBe(400);
    expect(
      (await t.superuser.query(`SELECT status FROM referral WHERE id = $1`, [sent.id])).rows[0].status,
    ).toBe('sent');

    const accepted = expectStatus(
      await coordinatorB.client.post(`${url}/respond`, { decision: 'accept', programmeId: programmeB }),
      200,
    );
    expect(accepted).toMatchObject({
      view: 'receiver',
      status: 'accepted',
      receivedCaseId: expect.any(String),
    });
    const received = expectStatus(
      await coordinatorB.client.get(`/api/cases/${accepted.receivedCaseId}`),
      200,
    );
    expect(received).toMatchObject({
      agencyId: agencyB,
      programmeId: programmeB,
      ownerUserId: coordinatorB.user.id,
      caseType: 'residential_trafficking_victim',
      referralSource: { orgType: 'NGO', organisationName: 'Refugio de la Niñez' },
      person: { givenNames: 'Ixchel', firstSurname: 'Cux', secondSurname: null },
    });
    expect(received.person.noContact).toEqual([
      expect.objectContaining({
        name: 'Ramiro Cux',
        reason: 'Denunciado por explotación',
        source: 'court_order',
      }),
    ]);
    const person = expectStatus(await coordinatorB.client.get(`/api/persons/${received.personId}`), 200);
    expect(person).toMatchObject({
      agencyId: agencyB,
      sex: 'female',
      dateOfBirth: { precision: 'year', year: Number(CHILD.dateOfBirth.date.slice(0, 4)) },
      languages: CHILD.languages,
      citizenships: [],
      origin: null,
      disabilities: [],
    });
    const relations = expectStatus(
      await coordinatorB.client.get(`/api/persons/${received.personId}/relations`),
      200,
    );
    expect(relations.items[0]).toMatchObject({ phone: null, noContact: true });
    const notes = expectStatus(
      await coordinatorB.client.get(`/api/cases/${accepted.receivedCaseId}/notes`),
      200,
    );
    expect(notes.total + notes.redactedCount).toBe(0);
    // The sending agency keeps its own record, and B still reaches nothing of it.
    expect(expectStatus(await sender.client.get(`/api/cases/${caseId}`), 200).agencyId).toBe(a.agencyId);
    expect((await coordinatorB.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await t.auditEvents('case.created')).at(-1)!.details.fromReferral).toBe(sent.id);
  });

  it('within the agency: the case moves to the receiving programme and leaves the sending team’s scope', async () => {
    const { person, kase } = await personWithCase(
      a.worker.client,
      { givenNames: 'Rosa', firstSurname: 'Ajú', dateOfBirth: { precision: 'exact', date: yearsAgo(16) } },
      { programmeId: a.centre, teamId: a.centreTeam },
    );
    expect((await a.worker.client.get(`/api/cases/${kase.id}`)).status).toBe(200);
    const internal = {
      kind: 'transfer',
      toAgencyId: a.agencyId,
      toProgrammeId: a.returnees,
      reason: 'Retorno a su comunidad.',
    };
    expect((await sender.client.post(`/api/cases/${kase.id}/referrals`, internal)).status).toBe(409);
    expectStatus(
      await sender.client.post(
        `/api/persons/${person.id}/consents`,
        consentBody({
          purpose: 'referral_to_agency',
          agencyId: a.agencyId,
          givenBy: 'child',
          giverName: null,
        }),
      ),
      201,
    );
    const missingProgramme = await sender.client.post(`/api/cases/${kase.id}/referrals`, {
      ...internal,
      toProgrammeId: undefined,
    });
    expect(missingProgramme.status).toBe(400);
    const sent = expectStatus(await sender.client.post(`/api/cases/${kase.id}/referrals`, internal), 201);
    expect(sent.toProgramme).toEqual({ id: a.returnees, name: expect.any(String) });
    expect((await sender.client.post(`/api/cases/${kase.id}/referrals`, internal)).status).toBe(409);
    // Another agency's liaison does not see an internal transfer.
    expect(
      expectStatus(await liaisonB.client.get('/api/referrals?pageSize=50'), 200).items.map(
        (r: { id: string }) => r.id,
      ),
    ).not.toContain(sent.id);

    const returnees = await caseWorker(t, a.agencyId, {
      scope: 'programme',
      programmeId: a.returnees,
      extra: ['referral:respond'],
    });
    const incoming = expectStatus(await returnees.client.get('/api/referrals'), 200);
    expect(incoming.items.map((r: { id: string }) => r.id)).toEqual([sent.id]);
    expect((await returnees.client.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const accepted = expectStatus(
      await returnees.client.post(`/api/referrals/${sent.id}/respond`, { decision: 'accept' }),
      200,
    );
    expect(accepted.view).toBe('sender');
    const moved = expectStatus(await returnees.client.get(`/api/cases/${kase.id}`), 200);
    expect(moved).toMatchObject({ programmeId: a.returnees, teamId: null, ownerUserId: returnees.user.id });
    expect((await a.worker.client.get(`/api/cases/${kase.id}`)).status).toBe(404);
    const history = expectStatus(
      await returnees.client.get(`/api/cases/${kase.id}/history?pageSize=100`),
      200,
    );
    expect(history.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'programmeId', from: a.centre, to: a.returnees }),
      ]),
    );
    expect((await t.auditEvents('case.transferred')).at(-1)!.resource_ids).toEqual([kase.id, sent.id]);
    // The programme it came from still traces its transfer.
    const centreCoordinator = await caseWorker(t, a.agencyId, { scope: 'programme', programmeId: a.centre });
    const outgoing = expectStatus(
      await centreCoordinator.client.get('/api/referrals?direction=outgoing'),
      200,
    );
    expect(outgoing.items.map((r: { id: string }) => r.id)).toContain(sent.id);
  });
});
