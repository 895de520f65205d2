import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  CASE_TABLES,
  counts,
  createPerson,
  expectStatus,
  ifMatch,
  personWithCase,
  staff,
} from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
const year = new Date(Date.now() - 6 * 3_600_000).getUTCFullYear();

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
});
afterAll(async () => t.close());

const status = (client: typeof a.worker.client, id: string, version: number, body: Record<string, unknown>) =>
  client.request('POST', `/api/cases/${id}/status`, { body, headers: ifMatch(version) });

/** Closing needs a supervisor's approved closure request (src/server/approvals): recorded directly here. */
const approveClosure = (caseId: string, by: string) =>
  t.superuser.query(
    `INSERT INTO approval (id, agency_id, case_id, subject_type, subject_id, requested_by, decision, decided_by, decided_at)
     SELECT gen_random_uuid(), agency_id, id, 'closure', id, $2, 'approved', $2, now() FROM case_file WHERE id = $1`,
    [caseId, by],
  );

describe('opening cases', () => {
  it('numbers cases per agency and year, and places them in the opener’s team', async () => {
    const first = await personWithCase(a.worker.client, { givenNames: 'Carla' }, { programmeId: a.centre });
    const second = await personWithCase(a.worker.client, { givenNames: 'Dora' }, { programmeId: a.centre });
    const elsewhere = await personWithCase(
      b.coordinator.client,
      { givenNames: 'Eva' },
      { programmeId: b.centre, teamId: b.centreTeam },
    );
    expect(first.kase.number).toBe(`AMP-${year}-000001`);
    expect(second.kase.number).toBe(`AMP-${year}-000002`);
    expect(elsewhere.kase.number).toBe(`AMP-${year}-000001`);
    const kase = expectStatus(await a.worker.client.get(`/api/cases/${first.kase.id}`), 200);
    expect(kase).toMatchObject({
      teamId: a.centreTeam,
      ownerUserId: a.worker.user.id,
      status: 'registration',
      htcdsStatus: 'Active',
      allowedTransitions: ['assessment', 'closure'],
      access: 'scope',
    });
    expect(kase.due.map((d: { key: string }) => d.key)).toEqual(['initial_assessment', 'case_plan']);
    const created = (await t.auditEvents('case.created')).map((e) => e.resource_ids);
    expect(created).toContainEqual([second.kase.id, second.person.id]);
  });

  it('refuses bad input and references outside the actor’s reach, writing nothing', async () => {
    const own = await createPerson(a.worker.client, { givenNames: 'Flor' });
    const foreign = await createPerson(b.coordinator.client, { givenNames: 'Gina' });
    const valid = { personId: own.id, programmeId: a.centre, caseType: 'returned_unaccompanied_child' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, caseType: 'tourism' }, 'body.caseType'],
      [{ ...valid, personId: foreign.id }, 'body.personId'],
      [{ ...valid, programmeId: b.centre }, 'body.programmeId'],
      [{ ...valid, teamId: a.returneeTeam }, 'body.teamId'],
      [{ ...valid, riskLevel: 'extreme' }, 'body.riskLevel'],
      [{ ...valid, unexpected: true }, 'body'],
      [
        {
          ...valid,
          protectionMeasure: {
            court: 'Juzgado',
            fileNumber: '1',
            pgnOffice: null,
            measureType: 'temporary_shelter',
            orderDate: '2026-02-01',
            reviewDate: '2026-01-01',
            endDate: null,
          },
        },
        'body.protectionMeasure',
      ],
    ];
    for (const [body, field] of cases) {
      const before = await counts(t, CASE_TABLES);
      const response = await a.worker.client.post('/api/cases', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        response.body.errors.some((e: { field: string }) => e.field.startsWith(field)),
        JSON.stringify(response.body.errors),
      ).toBe(true);
      expect(await counts(t, CASE_TABLES)).toEqual(before);
    }
    // Naming another owner needs case:assign.
    const other = await a.worker.client.post('/api/cases', { ...valid, ownerUserId: a.colleague.user.id });
    expect(other.status).toBe(403);
  });
});

describe('the case cycle', () => {
  it('moves through the cycle with If-Match, refuses skips, and derives the HTCDS status', async () => {
    const { kase } = await personWithCase(
      a.worker.client,
      { givenNames: 'Hilda' },
      { programmeId: a.centre },
    );
    const c = a.worker.client;
    const skip = await status(c, kase.id, 1, { to: 'implementation' });
    expect(skip.status).toBe(400);
    expect(skip.body.errors[0]).toMatchObject({ field: 'body.to', code: 'not_allowed' });
    expect(
      (await c.request('POST', `/api/cases/${kase.id}/status`, { body: { to: 'assessment' } })).status,
    ).toBe(428);
    let version = 1;
    for (const to of ['assessment', 'case_plan', 'implementation', 'follow_up']) {
      const moved = expectStatus(await status(c, kase.id, version, { to }), 200);
      expect(moved.status).toBe(to);
      version = moved.version;
    }
    const followUp = expectStatus(await c.get(`/api/cases/${kase.id}`), 200);
    expect(followUp.htcdsStatus).toBe('FollowUp');
    expect(followUp.due.map((d: { key: string }) => d.key)).toEqual(['follow_up']);
    const back = await status(c, kase.id, version, { to: 'implementation' });
    expect(back.status).toBe(400);
    expect(back.body.errors[0].code).toBe('reason_required');
    const history = (await c.get(`/api/cases/${kase.id}/history?pageSize=100`)).body.items;
    expect(
      history.filter((e: { field: string }) => e.field === 'status').map((e: { to: string }) => e.to),
    ).toEqual(['follow_up', 'implementation', 'case_plan', 'assessment', 'registration']);
  });

  it('lets only holders of case:close close and reopen, with a reason and kind of closure', async () => {
    const { kase } = await personWithCase(a.worker.client, { givenNames: 'Irma' }, { programmeId: a.centre });
    const before = await counts(t, CASE_TABLES);
    const refused = await status(a.worker.client, kase.id, 1, {
      to: 'closure',
      reason: 'Reintegrada con su abuela',
      closureKind: 'goals_met',
    });
    expect(refused.status).toBe(403);
    expect(await counts(t, CASE_TABLES)).toEqual({ ...before, audit_event: before.audit_event! + 1 });
    expect((await t.auditEvents('authz.denied')).at(-1)!.resource_ids).toEqual([kase.id]);
    const noKind = await status(a.coordinator.client, kase.id, 1, { to: 'closure', reason: 'Trasladada' });
    expect(noKind.status).toBe(400);
    await approveClosure(kase.id, a.coordinator.user.id);
    const closed = expectStatus(
      await status(a.coordinator.client, kase.id, 1, {
        to: 'closure',
        reason: 'Trasladada a otra institución',
        closureKind: 'transferred',
      }),
      200,
    );
    expect(closed).toMatchObject({
      status: 'closure',
      htcdsStatus: 'ClosedReferred',
      closureKind: 'transferred',
      due: [],
    });
    expect(closed.closedAt).not.toBeNull();
    expect((await t.auditEvents('case.closed')).at(-1)!.resource_ids).toEqual([kase.id]);
    const reopened = expectStatus(
      await status(a.coordinator.client, kase.id, closed.version, {
        to: 'assessment',
        reason: 'Volvió a la casa',
      }),
      200,
    );
    expect(reopened).toMatchObject({
      status: 'assessment',
      htcdsStatus: 'Active',
      closureKind: null,
      closedAt: null,
    });
  });

  it('updates case details only with the current version and keeps a history of the risk', async () => {
    const { kase } = await personWithCase(
      a.worker.client,
      { givenNames: 'Julia' },
      { programmeId: a.centre, riskLevel: 'medium' },
    );
    const url = `/api/cases/${kase.id}`;
    const first = expectStatus(
      await a.worker.client.patch(
        url,
        { riskLevel: 'high', riskReasons: ['risk_of_remigration'] },
        ifMatch(1),
      ),
      200,
    );
    expect(first.version).toBe(2);
    const before = await counts(t, CASE_TABLES);
    const stale = await a.colleague.client.patch(url, { riskLevel: 'low' }, ifMatch(1));
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    expect(await counts(t, CASE_TABLES)).toEqual({ ...before, audit_event: before.audit_event });
    expect((await a.worker.client.get(url)).body.riskLevel).toBe('high');
    const history = (await a.worker.client.get(`${url}/history`)).body.items;
    expect(
      history
        .filter((e: { field: string }) => e.field === 'riskLevel')
        .map((e: { from: string; to: string }) => [e.from, e.to]),
    ).toEqual([
      ['medium', 'high'],
      [null, 'medium'],
    ]);
  });
});

describe('reassignment', () => {
  it('moves a whole open caseload to another worker, versioned, recorded and audited', async () => {
    const leaver = await staff(t, { agencyId: a.agencyId, scope: 'team', teamIds: [a.centreTeam] });
    const cases = [];
    for (const name of ['Karla', 'Laura', 'Mirna'])
      cases.push((await personWithCase(leaver.client, { givenNames: name }, { programmeId: a.centre })).kase);
    const closed = cases[2]!;
    await approveClosure(closed.id, a.coordinator.user.id);
    await status(a.coordinator.client, closed.id, 1, {
      to: 'closure',
      reason: 'Mayoría de edad',
      closureKind: 'aged_out',
    });
    const result = expectStatus(
      await a.coordinator.client.post('/api/cases/reassign', {
        fromUserId: leaver.user.id,
        toUserId: a.colleague.user.id,
      }),
      200,
    );
    expect(result.reassigned.sort()).toEqual([cases[0]!.id, cases[1]!.id].sort());
    const moved = expectStatus(await a.colleague.client.get(`/api/cases/${cases[0]!.id}`), 200);
    expect(moved).toMatchObject({ ownerUserId: a.colleague.user.id, version: 2 });
    expect((await a.coordinator.client.get(`/api/cases/${closed.id}`)).body.ownerUserId).toBe(leaver.user.id);
    const event = (await t.auditEvents('case.reassigned')).at(-1)!;
    expect(event.details).toMatchObject({
      fromUserId: leaver.user.id,
      toUserId: a.colleague.user.id,
      count: 2,
    });
    const history = (await a.colleague.client.get(`/api/cases/${cases[0]!.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ field: 'ownerUserId', from: leaver.user.id, to: a.colleague.user.id });
    const mine = (await a.colleague.client.get('/api/my-work')).body.openCases.map(
      (c: { id: string }) => c.id,
    );
    expect(mine).toEqual(expect.arrayContaining([cases[0]!.id, cases[1]!.id]));
  });

  it('refuses a target outside the agency, cases not in the caseload, and restricted cases', async () => {
    const { kase } = await personWithCase(a.worker.client, { givenNames: 'Nora' }, { programmeId: a.centre });
    const before = await counts(t, CASE_TABLES);
    const foreign = await a.coordinator.client.post('/api/cases/reassign', {
      fromUserId: a.worker.user.id,
      toUserId: b.worker.user.id,
    });
    expect(foreign.status).toBe(400);
    const notTheirs = await a.coordinator.client.post('/api/cases/reassign', {
      fromUserId: a.colleague.user.id,
      toUserId: a.worker.user.id,
      caseIds: [kase.id],
    });
    expect(notTheirs.status).toBe(400);
    expect(notTheirs.body.errors[0]).toMatchObject({ field: 'body.caseIds.0', code: 'unknown_case' });
    const outOfProgramme = await a.returneeCoordinator.client.post('/api/cases/reassign', {
      fromUserId: a.worker.user.id,
      toUserId: a.colleague.user.id,
      caseIds: [kase.id],
    });
    expect(outOfProgramme.status).toBe(400);
    expect(await counts(t, CASE_TABLES)).toEqual(before);
    await a.coordinator.client.post(`/api/cases/${kase.id}/restriction`, { userIds: [a.worker.user.id] });
    const restricted = await a.coordinator.client.post('/api/cases/reassign', {
      fromUserId: a.worker.user.id,
      toUserId: a.colleague.user.id,
      caseIds: [kase.id],
    });
    expect(restricted.status).toBe(409);
    expect(restricted.body.restrictedCaseIds).toEqual([kase.id]);
    expect((await a.coordinator.client.get(`/api/cases/${kase.id}`)).body.ownerUserId).toBe(a.worker.user.id);
  });
});

describe('my work', () => {
  it('lists my open cases with overdue work from the rules, an agency’s own rule replacing the default', async () => {
    const worker = await staff(t, { agencyId: a.agencyId, scope: 'team', teamIds: [a.centreTeam] });
    const { kase } = await personWithCase(worker.client, { givenNames: 'Olga' }, { programmeId: a.centre });
    const fresh = (await personWithCase(worker.client, { givenNames: 'Paula' }, { programmeId: a.centre }))
      .kase;
    await t.superuser.query(`UPDATE case_file SET opened_at = now() - interval '5 days' WHERE id = $1`, [
      kase.id,
    ]);
    let work = expectStatus(await worker.client.get('/api/my-work'), 200);
    expect(work.openCases.map((c: { id: string }) => c.id).sort()).toEqual([kase.id, fresh.id].sort());
    expect(work.overdue).toEqual([
      expect.objectContaining({ caseId: kase.id, caseNumber: kase.number, key: 'initial_assessment' }),
    ]);
    expect(work.approvalsWaiting).toEqual([]);
    expect(work.emergencyAccessesToReview).toEqual([]);
    await t.superuser.query(
      `INSERT INTO case_due_rule (agency_id, key, statuses, anchor, days) VALUES ($1, 'initial_assessment', '{registration}', 'opened_at', 10)`,
      [a.agencyId],
    );
    work = expectStatus(await worker.client.get('/api/my-work'), 200);
    expect(work.overdue).toEqual([]);
    // Another agency keeps the default.
    const { kase: elsewhere } = await personWithCase(
      b.worker.client,
      { givenNames: 'Queta' },
      { programmeId: b.centre, teamId: b.centreTeam },
    );
    await t.superuser.query(`UPDATE case_file SET opened_at = now() - interval '5 days' WHERE id = $1`, [
      elsewhere.id,
    ]);
    const other = expectStatus(await b.worker.client.get('/api/my-work'), 200);
    expect(other.overdue.map((o: { key: string }) => o.key)).toEqual(['initial_assessment']);
    expect((await t.auditEvents('case.my_work')).at(-1)!.resource_ids).toEqual([elsewhere.id]);
  });
});

describe('case numbers in search', () => {
  it('finds the case’s person by number for the team that holds it', async () => {
    const { person, kase } = await personWithCase(
      a.worker.client,
      { givenNames: 'Rina' },
      { programmeId: a.centre },
    );
    const found = (await a.colleague.client.get(`/api/persons/search?q=${kase.number}`)).body.items;
    expect(found.map((p: { id: string }) => p.id)).toEqual([person.id]);
  });
});
