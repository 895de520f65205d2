import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { counts, expectStatus, ifMatch } from '../cases/support.ts';
import { agencyForAssessments, openCase, type AgencyForAssessments } from './support.ts';

let t: TestApp;
let a: AgencyForAssessments;
let b: AgencyForAssessments;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyForAssessments(t, 'Refugio');
  b = await agencyForAssessments(t, 'Otra');
});
afterAll(async () => t.close());

const TABLES = ['assessment', 'assessment_answers'];

const initialAnswers = {
  interview_date: '2026-03-02',
  interview_setting: 'protection_centre',
  child_informed: true,
  immediate_danger: false,
  urgent_medical_needs: false,
  self_harm_concern: 'none_observed',
  current_accommodation: 'protection_centre',
  family_contact: 'no_contact',
  caregiver_involved: 'unknown',
  nationality: 'guatemalan',
  protection_measure: 'ordered',
  child_wishes: 'Quiero estudiar y ver a mi abuela.',
  priority_needs: ['family', 'education'],
  next_steps: 'Evaluación psicosocial y búsqueda de familia.',
};

const psychosocialAnswers = {
  assessment_date: '2026-03-05',
  distress_level: 4,
  suicide_risk: 'low',
  symptoms: ['nightmares', 'hypervigilance'],
  clinical_observations: 'Pesadillas frecuentes; se sobresalta con ruidos.',
  chose_to_talk: true,
  exploitation_types: ['labour_exploitation'],
  own_account: 'Me hacían trabajar en una finca sin pagarme.',
  child_own_goals: 'Terminar la primaria.',
  care_recommended: ['individual_therapy'],
  recommendations: 'Terapia individual semanal.',
};

const url = (caseId: string, assessmentId?: string) =>
  `/api/cases/${caseId}/assessments${assessmentId ? `/${assessmentId}` : ''}`;

describe('form definitions', () => {
  it('lists the published forms and serves each definition, in Spanish and English', async () => {
    const list = expectStatus(await a.worker.client.get('/api/forms'), 200);
    expect(list.items.map((f: { key: string }) => f.key).sort()).toEqual([
      'best_interest_assessment',
      'initial_assessment',
      'psychosocial_assessment',
      'risk_assessment',
    ]);
    const risk = expectStatus(await a.lawyer.client.get('/api/forms/risk_assessment'), 200);
    expect(risk).toMatchObject({
      key: 'risk_assessment',
      version: 1,
      title: { 'es-GT': 'Evaluación de riesgo', en: 'Risk assessment' },
    });
    expect(risk.sections.map((s: { key: string }) => s.key)).toContain('continuing_threat');
    expect((await a.worker.client.get('/api/forms/no_existe')).status).toBe(404);
    expect((await a.worker.client.get('/api/forms/risk_assessment?version=9')).status).toBe(404);
  });

  it('is seeded once: a restart publishes nothing twice', async () => {
    const { ensureShippedForms } = await import('../../../src/server/assessments/seed-forms.ts');
    const before = await t.count('form_definition');
    await ensureShippedForms(t.runtime.services.db);
    expect(await t.count('form_definition')).toBe(before);
  });
});

describe('assessments', () => {
  it('saves a draft with the form version used, completes it, then keeps it unchanged', async () => {
    const kase = await openCase(a, 'Ana');
    const created = await a.worker.client.post(url(kase.id), {
      formKey: 'initial_assessment',
      answers: { interview_date: '2026-03-02', child_wishes: 'Ver a mi abuela.' },
    });
    const draft = expectStatus(created, 201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(draft).toMatchObject({
      caseId: kase.id,
      formKey: 'initial_assessment',
      formVersion: 1,
      formTitle: { 'es-GT': 'Evaluación inicial' },
      status: 'draft',
      answers: { interview_date: '2026-03-02', child_wishes: 'Ver a mi abuela.' },
      redacted: [],
      createdBy: { id: a.worker.user.id },
      version: 1,
    });
    // Completing checks the required answers, whatever was drafted.
    const incomplete = await a.worker.client.patch(
      url(kase.id, draft.id),
      { status: 'completed' },
      ifMatch(1),
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toContain(
      'body.answers.interview_setting',
    );
    const done = expectStatus(
      await a.worker.client.patch(
        url(kase.id, draft.id),
        { answers: { ...initialAnswers, child_wishes: null }, status: 'completed' },
        ifMatch(1),
      ),
      400,
    );
    expect(done.errors).toEqual([
      { field: 'body.answers.child_wishes', code: 'required', message: 'Responda esta pregunta.' },
    ]);
    const completed = expectStatus(
      await a.worker.client.patch(
        url(kase.id, draft.id),
        { answers: initialAnswers, status: 'completed' },
        ifMatch(1),
      ),
      200,
    );
    expect(completed).toMatchObject({
      status: 'completed',
      version: 2,
      completedBy: { id: a.worker.user.id },
    });
    expect(completed.answers).toEqual(initialAnswers);
    const again = await a.worker.client.patch(url(kase.id, draft.id), { answers: {} }, ifMatch(2));
    expect(again.status).toBe(409);
    const list = expectStatus(await a.worker.client.get(url(kase.id)), 200);
    expect(list).toMatchObject({ total: 1, items: [{ id: draft.id, status: 'completed', formVersion: 1 }] });
    expect(list.items[0].answers).toBeUndefined();
    const events = await t.auditEvents();
    const mine = events.filter((e) => e.resource_ids.includes(draft.id)).map((e) => e.action);
    expect(mine).toEqual(['assessment.created', 'assessment.completed', 'assessment.list']);
    // Audit events name the classes touched, never the answers.
    expect(JSON.stringify(events.filter((e) => e.resource_ids.includes(draft.id)))).not.toContain('abuela');
    expect(
      events.find((e) => e.action === 'assessment.created' && e.resource_ids[0] === draft.id),
    ).toMatchObject({ resource_ids: [draft.id, kase.id], details: { formVersion: 1, classes: ['general'] } });
  });

  it('keeps the version an assessment was made with when a new version is published', async () => {
    const kase = await openCase(a, 'Berta');
    const v1 = {
      key: 'seguimiento_prueba',
      version: 1,
      title: { 'es-GT': 'Seguimiento', en: 'Follow-up' },
      sections: [
        {
          key: 'main',
          title: { 'es-GT': 'Seguimiento', en: 'Follow-up' },
          fields: [
            {
              key: 'attends_school',
              type: 'boolean',
              label: { 'es-GT': '¿Asiste a la escuela?', en: 'Attends school?' },
              sensitivity: 'general',
              required: true,
            },
          ],
        },
      ],
    };
    const v2 = structuredClone(v1) as typeof v1 & { sections: Array<{ fields: unknown[] }> };
    v2.version = 2;
    v2.sections[0]!.fields.push({
      key: 'grade',
      type: 'text',
      label: { 'es-GT': 'Grado', en: 'Grade' },
      sensitivity: 'general',
      required: true,
    });
    const publish = (definition: object & { key: string; version: number }) =>
      t.superuser.query(
        `INSERT INTO form_definition (key, version, definition, published_at) VALUES ($1, $2, $3, now())`,
        [definition.key, definition.version, JSON.stringify(definition)],
      );
    await publish(v1);
    const old = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'seguimiento_prueba',
        answers: { attends_school: true },
      }),
      201,
    );
    await publish(v2);
    const reread = expectStatus(await a.worker.client.get(url(kase.id, old.id)), 200);
    expect(reread).toMatchObject({ formVersion: 1, answers: { attends_school: true } });
    // The old draft is still validated by its own version: version 2's question does not exist for it.
    const stray = await a.worker.client.patch(
      url(kase.id, old.id),
      { answers: { grade: '5.º' } },
      ifMatch(1),
    );
    expect(stray.status).toBe(400);
    expect(stray.body.errors).toEqual([
      expect.objectContaining({ field: 'body.answers.grade', code: 'unknown_field' }),
    ]);
    const completedOld = expectStatus(
      await a.worker.client.patch(url(kase.id, old.id), { status: 'completed' }, ifMatch(1)),
      200,
    );
    expect(completedOld).toMatchObject({ formVersion: 1, status: 'completed' });
    const fresh = await a.worker.client.post(url(kase.id), {
      formKey: 'seguimiento_prueba',
      answers: { attends_school: true },
      status: 'completed',
    });
    expect(fresh.status).toBe(400);
    expect(fresh.body.errors[0]).toMatchObject({ field: 'body.answers.grade', code: 'required' });
    const newer = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'seguimiento_prueba',
        answers: { attends_school: true, grade: '5.º' },
        status: 'completed',
      }),
      201,
    );
    expect(newer.formVersion).toBe(2);
    const byVersion = expectStatus(await a.worker.client.get('/api/forms/seguimiento_prueba?version=1'), 200);
    expect(byVersion.sections[0].fields).toHaveLength(1);
    expect((await a.worker.client.get('/api/forms/seguimiento_prueba')).body.version).toBe(2);
    // Asking for an older published version by number is allowed (a screen opened before the new one).
    const pinned = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'seguimiento_prueba',
        formVersion: 1,
        answers: { attends_school: false },
      }),
      201,
    );
    expect(pinned.formVersion).toBe(1);
  });

  it('shows each answer only to roles cleared for its class, and says which were left out', async () => {
    const kase = await openCase(a, 'Carmen');
    const made = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'psychosocial_assessment',
        answers: psychosocialAnswers,
        status: 'completed',
      }),
      201,
    );
    const full = expectStatus(await a.worker.client.get(url(kase.id, made.id)), 200);
    expect(full.answers).toEqual(psychosocialAnswers);
    expect(full.redacted).toEqual([]);

    const seen = expectStatus(await a.lawyer.client.get(url(kase.id, made.id)), 200);
    expect(seen.answers).toEqual({
      assessment_date: '2026-03-05',
      chose_to_talk: true,
      exploitation_types: ['labour_exploitation'],
      own_account: 'Me hacían trabajar en una finca sin pagarme.',
      child_own_goals: 'Terminar la primaria.',
    });
    // Every psychosocial field of the form is named, answered or not, and nothing else.
    expect(seen.redacted).toEqual(
      expect.arrayContaining(['suicide_risk', 'clinical_observations', 'self_harm', 'impact', 'coping']),
    );
    expect(seen.redacted).not.toContain('own_account');
    expect(seen.redacted).not.toContain('assessment_date');
    expect(JSON.stringify(seen)).not.toContain('Pesadillas');
    const nurseView = expectStatus(await a.nurse.client.get(url(kase.id, made.id)), 200);
    expect(nurseView.answers).toEqual({
      assessment_date: '2026-03-05',
      child_own_goals: 'Terminar la primaria.',
    });
    expect(nurseView.redacted).toEqual(expect.arrayContaining(['own_account', 'suicide_risk']));
    expect((await t.auditEvents('assessment.read')).at(-1)).toMatchObject({
      actor_user_id: a.nurse.user.id,
      resource_ids: [made.id, kase.id],
    });
    // At rest the answers are encrypted, one object per class.
    const rows = await t.superuser.query(
      `SELECT field_class, answers_sealed FROM assessment_answers WHERE assessment_id = $1 ORDER BY 1`,
      [made.id],
    );
    expect(rows.rows.map((r) => r.field_class)).toEqual([
      'general',
      'psychosocial',
      'trafficking_experience',
    ]);
    for (const row of rows.rows)
      expect(row.answers_sealed.toString('latin1')).not.toMatch(/finca|Pesadillas/);
  });

  it('refuses answers of a class the writer is not cleared for, writing nothing', async () => {
    const kase = await openCase(a, 'Dalia');
    const before = await counts(t, TABLES);
    const refused = await a.nurse.client.post(url(kase.id), {
      formKey: 'psychosocial_assessment',
      answers: { assessment_date: '2026-03-05', suicide_risk: 'low', own_account: 'x' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.answers.own_account',
      'body.answers.suicide_risk',
    ]);
    expect(await counts(t, TABLES)).toEqual(before);
    // Health answers are the nurse's to give.
    const health = expectStatus(
      await a.nurse.client.post(url(kase.id), {
        formKey: 'initial_assessment',
        answers: { urgent_medical_needs: true, medical_needs_detail: 'Control prenatal' },
      }),
      201,
    );
    expect(health.redacted).toEqual(expect.arrayContaining(['emotional_state', 'family_whereabouts']));
  });

  it('answers bad input with 400 and the errors of each answer, writing nothing', async () => {
    const kase = await openCase(a, 'Elsa');
    const before = await counts(t, TABLES);
    const bad = await a.worker.client.post(url(kase.id), {
      formKey: 'risk_assessment',
      answers: {
        assessment_date: '2026-02-30',
        reason: 'curiosity',
        threat_level: 9,
        risk_factors: 'contact_with_exploiters',
        favourite_colour: 'azul',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('urn:amparo:problem:validation');
    expect(
      bad.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort(),
    ).toEqual([
      'body.answers.assessment_date invalid_date',
      'body.answers.favourite_colour unknown_field',
      'body.answers.reason unknown_option',
      'body.answers.risk_factors wrong_type',
      'body.answers.threat_level above_max',
    ]);
    for (const [body, field] of [
      [{ formKey: 'no_such_form' }, 'body.formKey'],
      [{ formKey: 'risk_assessment', formVersion: 7 }, 'body.formVersion'],
      [{ formKey: 'risk_assessment', extra: 1 }, 'body'],
      [{ formKey: 'risk_assessment', status: 'archived' }, 'body.status'],
    ] as const) {
      const response = await a.worker.client.post(url(kase.id), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors[0].field).toBe(field);
    }
    expect(await counts(t, TABLES)).toEqual(before);
  });

  it('refuses a stale or missing If-Match and changes nothing', async () => {
    const kase = await openCase(a, 'Fabiola');
    const made = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'risk_assessment',
        answers: { reason: 'initial' },
      }),
      201,
    );
    expectStatus(
      await a.worker.client.patch(url(kase.id, made.id), { answers: { reason: 'periodic' } }, ifMatch(1)),
      200,
    );
    const before = await counts(t, TABLES);
    const stale = await a.supervisor.client.patch(
      url(kase.id, made.id),
      { answers: { reason: 'new_incident' } },
      ifMatch(1),
    );
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    const missing = await a.supervisor.client.patch(url(kase.id, made.id), {
      answers: { reason: 'new_incident' },
    });
    expect(missing.status).toBe(428);
    expect(await counts(t, TABLES)).toEqual(before);
    expect((await a.worker.client.get(url(kase.id, made.id))).body.answers).toEqual({ reason: 'periodic' });
  });

  it('shows another agency, or a worker outside the case’s scope, nothing', async () => {
    const kase = await openCase(a, 'Gloria');
    const made = expectStatus(
      await a.worker.client.post(url(kase.id), {
        formKey: 'risk_assessment',
        answers: { reason: 'initial' },
      }),
      201,
    );
    const foreignCase = await openCase(b, 'Hilda');
    const before = await counts(t, TABLES);
    for (const client of [b.worker.client, b.supervisor.client, a.returneeSupervisor.client]) {
      expect((await client.get(url(kase.id))).status).toBe(404);
      expect((await client.get(url(kase.id, made.id))).status).toBe(404);
      expect((await client.post(url(kase.id), { formKey: 'risk_assessment' })).status).toBe(404);
      expect(
        (await client.patch(url(kase.id, made.id), { answers: { reason: 'periodic' } }, ifMatch(1))).status,
      ).toBe(404);
    }
    // An assessment id under another case (even one the reader may see) finds nothing.
    expect((await b.worker.client.get(url(foreignCase.id, made.id))).status).toBe(404);
    expect(await counts(t, TABLES)).toEqual(before);
  });
});
