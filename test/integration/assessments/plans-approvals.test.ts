import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSESSMENT_PLAN_ENCRYPTED_COLUMNS } from '../../../src/server/assessments/encrypted-columns.ts';
import { ENCRYPTED_COLUMNS } from '../../../src/server/platform/crypto/encrypted-columns.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { counts, expectStatus, ifMatch, staff } from '../cases/support.ts';
import { ASSESSMENT_WORK, agencyForAssessments, openCase, type AgencyForAssessments } from './support.ts';

let t: TestApp;
let a: AgencyForAssessments;
let b: AgencyForAssessments;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyForAssessments(t, 'Refugio');
  b = await agencyForAssessments(t, 'Otra');
});
afterAll(async () => t.close());

const TABLES = ['case_plan', 'case_plan_review', 'approval', 'change_history'];

const planUrl = (caseId: string) => `/api/cases/${caseId}/plan`;

function goals(responsible: string) {
  return [
    {
      domain: 'safety',
      objective: 'Que Ana esté segura en el hogar y en sus salidas.',
      actions: [
        { description: 'Plan de seguridad con Ana', responsibleUserId: responsible, dueDate: '2026-04-01' },
      ],
    },
    {
      domain: 'education',
      objective: 'Retomar la primaria.',
      actions: [
        { description: 'Inscribirla en la escuela', responsibleUserId: responsible, dueDate: '2026-05-15' },
      ],
    },
  ];
}

async function caseWithPlan(name: string) {
  const kase = await openCase(a, name);
  const plan = expectStatus(
    await a.worker.client.post(planUrl(kase.id), { goals: goals(a.worker.user.id) }),
    201,
  );
  return { kase, plan };
}

const waitingIds = async (client: HttpClient) =>
  expectStatus(await client.get('/api/my-work'), 200).approvalsWaiting.map((w: { id: string }) => w.id);

const decide = (client: HttpClient, id: string, body: Record<string, unknown>) =>
  client.post(`/api/approvals/${id}/decision`, body);

const status = (client: HttpClient, id: string, version: number, body: Record<string, unknown>) =>
  client.request('POST', `/api/cases/${id}/status`, { body, headers: ifMatch(version) });

describe('case plan', () => {
  it('holds goals per domain with actions, and is changed only with the current version', async () => {
    const { kase, plan } = await caseWithPlan('Ana');
    expect(plan).toMatchObject({
      caseId: kase.id,
      revision: 1,
      version: 1,
      approval: { state: 'none', approvedRevision: null, current: null },
      reviews: [],
    });
    expect(plan.goals.map((g: { domain: string }) => g.domain)).toEqual(['safety', 'education']);
    expect(plan.goals[0].actions[0]).toMatchObject({
      description: 'Plan de seguridad con Ana',
      responsible: { id: a.worker.user.id },
      dueDate: '2026-04-01',
      status: 'pending',
    });
    expect((await a.worker.client.post(planUrl(kase.id), { goals: [] })).status).toBe(409);
    const read = await a.lawyer.client.get(planUrl(kase.id));
    expect(read.headers.get('etag')).toBe('"1"');
    expect(expectStatus(read, 200).goals).toHaveLength(2);

    // Progress on an action changes the version but not the revision a supervisor approves.
    const body = structuredClone({ goals: plan.goals }) as { goals: any[] };
    for (const goal of body.goals)
      for (const action of goal.actions) {
        action.responsibleUserId = action.responsible.id;
        delete action.responsible;
        delete action.overdue;
      }
    body.goals[0].actions[0].status = 'in_progress';
    const progressed = expectStatus(
      await a.worker.client.request('PUT', planUrl(kase.id), { body, headers: ifMatch(1) }),
      200,
    );
    expect(progressed).toMatchObject({ version: 2, revision: 1 });
    expect(progressed.goals[0].actions[0]).toMatchObject({
      id: plan.goals[0].actions[0].id,
      status: 'in_progress',
    });

    const before = await counts(t, TABLES);
    const stale = await a.closer.client.request('PUT', planUrl(kase.id), { body, headers: ifMatch(1) });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    expect((await a.closer.client.request('PUT', planUrl(kase.id), { body })).status).toBe(428);
    expect(await counts(t, TABLES)).toEqual(before);

    body.goals.push({
      domain: 'family',
      objective: 'Localizar a su abuela en Cobán.',
      actions: [
        {
          description: 'Solicitar búsqueda a la PGN',
          responsibleUserId: a.closer.user.id,
          dueDate: '2026-04-10',
        },
      ],
    });
    const revised = expectStatus(
      await a.worker.client.request('PUT', planUrl(kase.id), { body, headers: ifMatch(2) }),
      200,
    );
    expect(revised).toMatchObject({ version: 3, revision: 2 });
    expect(revised.goals[2].actions[0].responsible).toEqual({
      id: a.closer.user.id,
      displayName: expect.any(String),
    });
    const history = expectStatus(await a.worker.client.get(`${planUrl(kase.id)}/history`), 200);
    // One entry per domain whose goals changed.
    const entries = history.items.map((e: { field: string; version: number }) => [e.field, e.version]);
    expect(entries).toHaveLength(4);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['goals.family', 3],
        ['goals.safety', 2],
        ['goals.safety', 1],
        ['goals.education', 1],
      ]),
    );
    const family = history.items.find((e: { field: string }) => e.field === 'goals.family');
    expect(family.to[0].objective).toBe('Localizar a su abuela en Cobán.');
    // The case's own history, open to case:read, does not carry the plan.
    const caseHistory = expectStatus(
      await a.worker.client.get(`/api/cases/${kase.id}/history?pageSize=50`),
      200,
    );
    expect(caseHistory.items.some((e: { recordType: string }) => e.recordType === 'case_plan')).toBe(false);
    expect((await t.auditEvents('case_plan.updated')).map((e) => e.details.revised)).toEqual([false, true]);
    // At rest the plan is encrypted.
    const row = await t.superuser.query(`SELECT goals_sealed FROM case_plan WHERE case_id = $1`, [kase.id]);
    expect(row.rows[0].goals_sealed.toString('latin1')).not.toContain('Cobán');
  });

  it('shows each reader the goals of the areas they are cleared for, and keeps the others when they write', async () => {
    const kase = await openCase(a, 'Rosa');
    const mine = a.worker.user.id;
    const goal = (domain: string, objective: string) => ({
      domain,
      objective,
      actions: [{ description: `Acción: ${objective}`, responsibleUserId: mine, dueDate: '2026-06-01' }],
    });
    expectStatus(
      await a.worker.client.post(planUrl(kase.id), {
        goals: [
          goal('psychosocial', 'Elaborar el duelo por la separación de su madre.'),
          goal('education', 'Retomar la primaria.'),
          goal('health', 'Tratamiento de la anemia.'),
          goal('legal', 'Acompañar su declaración en el juicio.'),
        ],
      }),
      201,
    );
    // The lawyer: legal and trafficking clearances, neither health nor psychosocial.
    const seen = expectStatus(await a.lawyer.client.get(planUrl(kase.id)), 200);
    expect(seen.goals.map((g: { domain: string }) => g.domain)).toEqual(['education', 'legal']);
    expect(seen.redactedDomains).toEqual(['health', 'psychosocial']);
    expect(JSON.stringify(seen)).not.toMatch(/duelo|anemia/);
    const lawyersHistory = expectStatus(await a.lawyer.client.get(`${planUrl(kase.id)}/history`), 200);
    const health = lawyersHistory.items.find((e: { field: string }) => e.field === 'goals.health');
    expect(health).toMatchObject({ redacted: ['from', 'to'] });
    expect(health).not.toHaveProperty('to');

    // A caseworker without psychosocial or health clearance rewords the goals she sees.
    const limited = await staff(t, {
      agencyId: a.agencyId,
      scope: 'team',
      teamIds: [a.team],
      permissions: ASSESSMENT_WORK,
      clearances: ['identity', 'legal', 'trafficking_experience', 'contact_location'],
    });
    const hers = expectStatus(await limited.client.get(planUrl(kase.id)), 200);
    const body = {
      goals: hers.goals.map((g: { id: string; domain: string; objective: string; actions: any[] }) => ({
        id: g.id,
        domain: g.domain,
        objective: g.domain === 'education' ? 'Terminar tercero primaria.' : g.objective,
        actions: g.actions.map((x) => ({
          id: x.id,
          description: x.description,
          responsibleUserId: x.responsible.id,
          dueDate: x.dueDate,
          status: x.status,
        })),
      })),
    };
    const before = await counts(t, TABLES);
    const refused = await limited.client.request('PUT', planUrl(kase.id), {
      body: { goals: [...body.goals, goal('health', 'Control de peso.')] },
      headers: ifMatch(hers.version),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'body.goals.2.domain', code: 'not_cleared' }),
    ]);
    expect(await counts(t, TABLES)).toEqual(before);
    expectStatus(
      await limited.client.request('PUT', planUrl(kase.id), { body, headers: ifMatch(hers.version) }),
      200,
    );
    const whole = expectStatus(await a.worker.client.get(planUrl(kase.id)), 200);
    expect(whole.redactedDomains).toEqual([]);
    expect(whole.goals.map((g: { objective: string }) => g.objective)).toEqual([
      'Elaborar el duelo por la separación de su madre.',
      'Terminar tercero primaria.',
      'Tratamiento de la anemia.',
      'Acompañar su declaración en el juicio.',
    ]);
    const history = expectStatus(await a.worker.client.get(`${planUrl(kase.id)}/history`), 200);
    expect(
      history.items
        .filter((e: { version: number }) => e.version === 2)
        .map((e: { field: string }) => e.field),
    ).toEqual(['goals.education']);
  });

  it('answers bad input with 400 and field errors, writing nothing', async () => {
    const kase = await openCase(a, 'Beatriz');
    const outsider = b.worker.user.id;
    const before = await counts(t, TABLES);
    const cases: Array<[unknown, string]> = [
      [{ goals: [{ ...goals(a.worker.user.id)[0], domain: 'leisure' }] }, 'body.goals.0.domain'],
      [{ goals: goals(outsider) }, 'body.goals.0.actions.0.responsibleUserId'],
      [
        { goals: [{ ...goals(a.worker.user.id)[0], id: '00000000-0000-4000-8000-000000000000' }] },
        'body.goals.0.id',
      ],
      [{ goals: [{ domain: 'health', objective: '' }] }, 'body.goals.0.objective'],
      [{ goals: [], notes: 'x' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await a.worker.client.post(planUrl(kase.id), body);
      expect(response.status, field).toBe(400);
      expect(
        response.body.errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    expect(await counts(t, TABLES)).toEqual(before);
  });

  it('records periodic reviews with the next review date', async () => {
    const { kase } = await caseWithPlan('Celia');
    const review = expectStatus(
      await a.worker.client.post(`${planUrl(kase.id)}/reviews`, {
        reviewDate: '2026-01-15',
        summary: 'Avanza en la escuela; continúa la búsqueda de familia.',
        nextReviewDate: '2026-04-15',
      }),
      201,
    );
    expect(review).toMatchObject({ planVersion: 1, reviewedBy: { id: a.worker.user.id } });
    const bad = await a.worker.client.post(`${planUrl(kase.id)}/reviews`, {
      reviewDate: '2026-01-15',
      summary: 'x',
      nextReviewDate: '2026-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.nextReviewDate');
    const plan = expectStatus(await a.worker.client.get(planUrl(kase.id)), 200);
    expect(plan.reviews).toHaveLength(1);
    expect(plan.nextReviewDate).toBe('2026-04-15');
    expect((await t.auditEvents('case_plan.reviewed')).at(-1)!.resource_ids).toEqual([
      plan.id,
      kase.id,
      review.id,
    ]);
  });
});

describe('plan approval', () => {
  it('is requested, waits for a supervisor in my work, and is approved — all audited', async () => {
    const { kase, plan } = await caseWithPlan('Diana');
    const stale = await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
      body: {},
      headers: ifMatch(7),
    });
    expect(stale.status).toBe(412);
    const requested = expectStatus(
      await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
        body: { comment: 'Listo para revisión' },
        headers: ifMatch(plan.version),
      }),
      201,
    );
    expect(requested).toMatchObject({
      caseId: kase.id,
      subjectType: 'plan',
      subjectId: plan.id,
      subjectRevision: 1,
      state: 'pending',
      requestedBy: { id: a.worker.user.id },
      requestComment: 'Listo para revisión',
    });
    expect((await a.worker.client.get(planUrl(kase.id))).body.approval).toMatchObject({
      state: 'pending',
      current: { id: requested.id },
    });
    // While a decision is pending the plan stays as submitted.
    const edit = await a.worker.client.request('PUT', planUrl(kase.id), {
      body: { goals: [] },
      headers: ifMatch(plan.version),
    });
    expect(edit.status).toBe(409);
    const twice = await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
      body: {},
      headers: ifMatch(plan.version),
    });
    expect(twice.status).toBe(409);

    expect(await waitingIds(a.supervisor.client)).toContain(requested.id);
    expect(await waitingIds(a.worker.client)).not.toContain(requested.id);
    expect(await waitingIds(a.returneeSupervisor.client)).not.toContain(requested.id);
    expect(await waitingIds(b.supervisor.client)).not.toContain(requested.id);
    const queue = expectStatus(await a.supervisor.client.get('/api/approvals'), 200);
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(requested.id);
    expect(queue.items.find((i: { id: string }) => i.id === requested.id).caseNumber).toBe(kase.number);

    // Outside the approver's scope the request does not exist.
    expect((await decide(a.returneeSupervisor.client, requested.id, { decision: 'approved' })).status).toBe(
      404,
    );
    expect((await decide(b.supervisor.client, requested.id, { decision: 'approved' })).status).toBe(404);
    const approved = expectStatus(
      await decide(a.supervisor.client, requested.id, { decision: 'approved', comment: 'Bien planteado.' }),
      200,
    );
    expect(approved).toMatchObject({
      state: 'approved',
      decidedBy: { id: a.supervisor.user.id },
      comment: 'Bien planteado.',
    });
    expect(
      (await decide(a.otherSupervisor.client, requested.id, { decision: 'rejected', comment: 'No' })).status,
    ).toBe(409);
    expect((await a.worker.client.get(planUrl(kase.id))).body.approval).toMatchObject({
      state: 'approved',
      approvedRevision: 1,
    });
    expect(await waitingIds(a.supervisor.client)).not.toContain(requested.id);
    const actions = (await t.auditEvents())
      .filter((e) => e.resource_ids.includes(requested.id) && e.action.startsWith('approval.'))
      .map((e) => e.action);
    expect(actions).toContain('approval.requested');
    expect(actions).toContain('approval.approved');
    expect((await t.auditEvents('approval.approved')).at(-1)).toMatchObject({
      actor_user_id: a.supervisor.user.id,
      resource_ids: [requested.id, kase.id, plan.id],
      details: { subjectType: 'plan', revision: 1 },
    });
    const history = expectStatus(await a.lawyer.client.get(`/api/cases/${kase.id}/approvals`), 200);
    expect(history.items.map((i: { state: string }) => i.state)).toEqual(['approved']);
  });

  it('is rejected only with a comment; a revised plan is submitted again', async () => {
    const { kase, plan } = await caseWithPlan('Eva');
    const requested = expectStatus(
      await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
        body: {},
        headers: ifMatch(plan.version),
      }),
      201,
    );
    const before = await counts(t, ['approval']);
    const bare = await decide(a.supervisor.client, requested.id, { decision: 'rejected' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0].field).toBe('body.comment');
    expect(await counts(t, ['approval'])).toEqual(before);
    expect(
      (await t.superuser.query(`SELECT decision FROM approval WHERE id = $1`, [requested.id])).rows[0]
        .decision,
    ).toBeNull();
    const rejected = expectStatus(
      await decide(a.supervisor.client, requested.id, {
        decision: 'rejected',
        comment: 'Falta una meta de salud.',
      }),
      200,
    );
    expect(rejected).toMatchObject({ state: 'rejected', comment: 'Falta una meta de salud.' });
    expect((await t.auditEvents('approval.rejected')).at(-1)!.resource_ids).toEqual([
      requested.id,
      kase.id,
      plan.id,
    ]);
    expect((await a.worker.client.get(planUrl(kase.id))).body.approval.state).toBe('rejected');
    const revised = expectStatus(
      await a.worker.client.request('PUT', planUrl(kase.id), {
        body: {
          goals: [
            ...goals(a.worker.user.id),
            {
              domain: 'health',
              objective: 'Control médico completo.',
              actions: [
                {
                  description: 'Cita en el centro de salud',
                  responsibleUserId: a.worker.user.id,
                  dueDate: '2026-03-20',
                },
              ],
            },
          ],
        },
        headers: ifMatch(plan.version),
      }),
      200,
    );
    expect(revised).toMatchObject({ revision: 2, approval: { state: 'none', approvedRevision: null } });
    expectStatus(
      await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
        body: {},
        headers: ifMatch(revised.version),
      }),
      201,
    );
  });

  it('cannot be decided by the person who asked, and the refusal is audited', async () => {
    const kase = await openCase(a, 'Flor');
    const plan = expectStatus(
      await a.supervisor.client.post(planUrl(kase.id), { goals: goals(a.supervisor.user.id) }),
      201,
    );
    const requested = expectStatus(
      await a.supervisor.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
        body: {},
        headers: ifMatch(plan.version),
      }),
      201,
    );
    expect(await waitingIds(a.supervisor.client)).not.toContain(requested.id);
    expect(await waitingIds(a.otherSupervisor.client)).toContain(requested.id);
    const own = await decide(a.supervisor.client, requested.id, { decision: 'approved' });
    expect(own.status).toBe(403);
    expect((await t.auditEvents('authz.denied')).at(-1)).toMatchObject({
      actor_user_id: a.supervisor.user.id,
      resource_ids: [requested.id, kase.id],
      details: { reason: 'own_request' },
    });
    expectStatus(await decide(a.otherSupervisor.client, requested.id, { decision: 'approved' }), 200);
  });
});

describe('closure approval', () => {
  it('blocks closing a case until a supervisor approves its closure, once per approval', async () => {
    const kase = await openCase(a, 'Gabriela');
    const closing = { to: 'closure', reason: 'Reintegrada con su abuela', closureKind: 'goals_met' };
    const before = await counts(t, ['case_file', 'change_history', 'approval']);
    const blocked = await status(a.closer.client, kase.id, kase.version, closing);
    expect(blocked.status).toBe(409);
    expect(blocked.body.required).toBe('closure_approval');
    expect(await counts(t, ['case_file', 'change_history', 'approval'])).toEqual(before);
    expect((await a.worker.client.get(`/api/cases/${kase.id}`)).body.status).toBe('registration');
    expect((await t.auditEvents('case.closed')).some((e) => e.resource_ids.includes(kase.id))).toBe(false);

    // Asking for closure needs case:close.
    expect((await a.worker.client.post(`/api/cases/${kase.id}/closure-requests`, {})).status).toBe(403);
    const requested = expectStatus(
      await a.closer.client.post(`/api/cases/${kase.id}/closure-requests`, { comment: 'Metas cumplidas' }),
      201,
    );
    expect(requested).toMatchObject({ subjectType: 'closure', subjectId: kase.id, state: 'pending' });
    expect((await a.closer.client.post(`/api/cases/${kase.id}/closure-requests`, {})).status).toBe(409);
    const waiting = expectStatus(await a.supervisor.client.get('/api/my-work'), 200).approvalsWaiting;
    expect(waiting).toContainEqual({
      id: requested.id,
      caseId: kase.id,
      caseNumber: kase.number,
      kind: 'closure',
    });
    // Pending is not approved.
    expect((await status(a.closer.client, kase.id, kase.version, closing)).status).toBe(409);
    expectStatus(await decide(a.supervisor.client, requested.id, { decision: 'approved' }), 200);

    const closed = expectStatus(await status(a.closer.client, kase.id, kase.version, closing), 200);
    expect(closed).toMatchObject({ status: 'closure', closureKind: 'goals_met' });
    const used = expectStatus(await a.worker.client.get(`/api/cases/${kase.id}/approvals`), 200).items[0];
    expect(used).toMatchObject({ id: requested.id, state: 'approved' });
    expect(used.usedAt).not.toBeNull();

    // Reopened, the case needs a new approval to close again.
    const reopened = expectStatus(
      await status(a.closer.client, kase.id, closed.version, { to: 'assessment', reason: 'Volvió al hogar' }),
      200,
    );
    expect((await status(a.closer.client, kase.id, reopened.version, closing)).status).toBe(409);
  });

  it('keeps the supervisor from approving another programme’s or agency’s closures', async () => {
    const kase = await openCase(a, 'Herminia');
    const requested = expectStatus(
      await a.closer.client.post(`/api/cases/${kase.id}/closure-requests`, {}),
      201,
    );
    const before = await t.count('approval');
    for (const client of [a.returneeSupervisor.client, b.supervisor.client]) {
      expect(await waitingIds(client)).not.toContain(requested.id);
      expect((await decide(client, requested.id, { decision: 'approved' })).status).toBe(404);
      const queue = expectStatus(await client.get('/api/approvals'), 200);
      expect(JSON.stringify(queue)).not.toContain(kase.id);
    }
    expect((await b.closer.client.post(`/api/cases/${kase.id}/closure-requests`, {})).status).toBe(404);
    expect((await b.worker.client.get(`/api/cases/${kase.id}/approvals`)).status).toBe(404);
    expect(await t.count('approval')).toBe(before);
    expect(
      (await t.superuser.query(`SELECT decision FROM approval WHERE id = $1`, [requested.id])).rows[0]
        .decision,
    ).toBeNull();
  });
});

describe('encrypted columns of assessments, plans and approvals', () => {
  it('are all registered for key rotation, each with the context its values were sealed with', async () => {
    const { kase, plan } = await caseWithPlan('Irene');
    expectStatus(
      await a.worker.client.post(`/api/cases/${kase.id}/assessments`, {
        formKey: 'risk_assessment',
        answers: { reason: 'initial', risk_rationale: 'Los tratantes conocen su aldea.' },
      }),
      201,
    );
    expectStatus(
      await a.worker.client.post(`${planUrl(kase.id)}/reviews`, {
        reviewDate: '2026-01-10',
        summary: 'Sin cambios.',
      }),
      201,
    );
    const requested = expectStatus(
      await a.worker.client.request('POST', `${planUrl(kase.id)}/approval-requests`, {
        body: { comment: 'Para revisión' },
        headers: ifMatch(plan.version),
      }),
      201,
    );
    expectStatus(
      await decide(a.supervisor.client, requested.id, {
        decision: 'rejected',
        comment: 'Falta la meta legal.',
      }),
      200,
    );
    for (const column of ASSESSMENT_PLAN_ENCRYPTED_COLUMNS) expect(ENCRYPTED_COLUMNS).toContainEqual(column);
    for (const { table, column, key, context } of ASSESSMENT_PLAN_ENCRYPTED_COLUMNS) {
      const { rows } = await t.superuser.query(
        `SELECT ${key}::text AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`,
      );
      expect(rows.length, `${table}.${column}`).toBeGreaterThan(0);
      for (const row of rows)
        expect(
          () => t.runtime.services.envelope.decrypt(row.v, context(row.k)),
          `${table}.${column}`,
        ).not.toThrow();
    }
  });
});
