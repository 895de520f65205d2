import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase, type Staff } from '../cases/support.ts';
import { caseWorker, today, yearsAgo } from '../case-work/support.ts';
import { download, pdfText } from './support.ts';

/** The printed case summary: only what the printing user may see, watermarked, audited. */

const SECRET_RISK = 'AMENAZA-DEL-TRATANTE-9931';
const PSYCHOSOCIAL_NOTE = 'NOTA-PSICO-5512';
const FILE_NUMBER = 'EXP-1177-2026';
const OBJECTIVE = 'Volver a la escuela en Cobán';

let t: TestApp;
let coordinator: Staff;
let lawyer: Staff;
let receptionist: Staff;
let other: Staff;
let caseId: string;
let caseNumber: string;
let personId: string;

const summaryPath = () => `/api/cases/${caseId}/summary.pdf`;

async function printAs(who: Staff) {
  const response = await download(who.client, summaryPath());
  expect(response.status, response.json ? JSON.stringify(response.json) : '').toBe(200);
  const texts = pdfText(response.bytes);
  return { response, texts, text: texts.join('\n') };
}

beforeAll(async () => {
  t = await startTestApp();
  const a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  coordinator = await caseWorker(t, a.agencyId, { extra: ['case_plan:read', 'case_plan:write'] });
  lawyer = await caseWorker(t, a.agencyId, {
    permissions: ['case:read', 'person:read', 'service:read'],
    clearances: ['identity', 'legal'],
  });
  receptionist = await caseWorker(t, a.agencyId, { permissions: ['case:read'], clearances: [] });
  other = await caseWorker(t, b.agencyId);
  const c = coordinator.client;
  const created = await personWithCase(
    c,
    {
      givenNames: 'Ixchel',
      firstSurname: 'B\u02bcatz',
      secondSurname: 'Peñate',
      sex: 'female',
      citizenships: ['GTM'],
      pueblo: 'maya',
      origin: { departmentCode: '16', municipalityCode: '1601', community: 'Caserío Secocpur' },
      languages: { primary: 'kek', others: [], interpreterNeeded: true },
    },
    {
      programmeId: a.centre,
      teamId: a.centreTeam,
      riskLevel: 'high',
      riskReasons: ['continuing_threat_from_traffickers'],
      riskNotes: SECRET_RISK,
      protectionMeasure: {
        court: 'Juzgado de Niñez de Cobán',
        fileNumber: FILE_NUMBER,
        measureType: 'temporary_shelter',
        orderDate: yearsAgo(0, 20),
        pgnOffice: null,
        reviewDate: null,
        endDate: null,
      },
    },
  );
  caseId = created.kase.id;
  caseNumber = created.kase.number;
  personId = created.person.id;
  expectStatus(
    await c.post(`/api/persons/${personId}/relations`, {
      kind: 'family',
      name: 'Pedro Cux',
      relationship: 'father',
      noContact: true,
      noContactReason: 'Orden del juzgado',
      noContactSource: 'court_order',
    }),
    201,
  );
  expectStatus(
    await c.post(`/api/cases/${caseId}/services`, {
      area: 'psychosocial',
      provider: { kind: 'staff', userId: coordinator.user.id },
      deliveredOn: today(),
      outcome: 'completed',
      notes: PSYCHOSOCIAL_NOTE,
    }),
    201,
  );
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  expectStatus(
    await c.post(`/api/cases/${caseId}/plan`, {
      goals: [
        {
          domain: 'education',
          objective: OBJECTIVE,
          actions: [
            {
              description: 'Inscribir en el instituto',
              responsibleUserId: coordinator.user.id,
              dueDate: due,
            },
          ],
        },
      ],
    }),
    201,
  );
});
afterAll(async () => t.close());

describe('the case summary PDF', () => {
  it('prints everything a fully cleared coordinator may see, Spanish letters and Mayan apostrophes included', async () => {
    const { response, text } = await printAs(coordinator);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="resumen-${caseNumber}.pdf"`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    for (const expected of [
      `Resumen del caso ${caseNumber}`,
      'Ixchel',
      'B\u2019atz',
      'Peñate',
      'Mujer',
      'Víctima de trata en protección residencial',
      'Alto',
      'Amenaza continua de los tratantes',
      SECRET_RISK,
      'Juzgado de Niñez de Cobán',
      FILE_NUMBER,
      'Abrigo temporal',
      OBJECTIVE,
      'Inscribir en el instituto',
      'Psicosocial',
      PSYCHOSOCIAL_NOTE,
      'PROHIBIDO EL CONTACTO con Pedro Cux (Padre): Orden del juzgado.',
      // Names of the programme, the team and the reference entries, read together.
      'Hogar Refugio',
      'Equipo hogar Refugio',
      'Cobán, Alta Verapaz',
      'Guatemala',
      'Maya',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Restringido');
  });

  it('carries the watermark with who printed it and when (Guatemala time) on every page', async () => {
    const before = new Date();
    const { texts, response } = await printAs(coordinator);
    const pages = response.bytes.toString('latin1').match(/\/Type \/Page\b/g)!.length;
    const name = `Usuario ${coordinator.user.username}`;
    const watermarks = texts.filter((s) => s.startsWith(`Impreso por ${name} · `));
    expect(watermarks).toHaveLength(2 * pages);
    const when = new Intl.DateTimeFormat('es-GT', {
      dateStyle: 'medium',
      timeZone: 'America/Guatemala',
    }).format(before);
    expect(watermarks[0]).toContain(when);
    expect(watermarks[0]).toContain('(hora de Guatemala)');
    expect(texts.filter((s) => /^Impreso por .* · Confidencial · Página \d+ de \d+$/.test(s))).toHaveLength(
      pages,
    );
  });

  it("leaves out what a lawyer's role is not cleared for: risk notes and reasons, psychosocial notes, the plan", async () => {
    const { text, response } = await printAs(lawyer);
    for (const expected of [
      'Ixchel',
      'Peñate',
      FILE_NUMBER,
      'Juzgado de Niñez de Cobán',
      'Psicosocial',
      'Alto',
    ])
      expect(text).toContain(expected);
    for (const hidden of [SECRET_RISK, 'Amenaza continua', PSYCHOSOCIAL_NOTE, OBJECTIVE, 'Inscribir'])
      expect(text).not.toContain(hidden);
    expect(text).toContain('Restringido: su rol no tiene autorización para este dato');
    expect(text).toContain('No se incluye: su rol no tiene acceso a esta sección.');
    expect(response.bytes.includes(Buffer.from(SECRET_RISK))).toBe(false);
    const event = (await t.auditEvents('case.summary_printed')).at(-1)!;
    expect(event).toMatchObject({
      actor_user_id: lawyer.user.id,
      resource_type: 'case',
      resource_ids: [caseId, personId],
    });
    expect(event.details).toMatchObject({ planIncluded: false, servicesIncluded: true });
    expect(event.details.redacted).toEqual(
      expect.arrayContaining(['case.riskNotes', 'case.riskReasons', 'service.notes']),
    );
  });

  it('keeps the no-contact flag but not the names from a user without identity clearance', async () => {
    const { text } = await printAs(receptionist);
    expect(text).toContain('PROHIBIDO EL CONTACTO');
    expect(text).toContain('Orden del juzgado');
    for (const hidden of [
      'Ixchel',
      'Peñate',
      'atz',
      'Pedro Cux',
      FILE_NUMBER,
      SECRET_RISK,
      PSYCHOSOCIAL_NOTE,
    ])
      expect(text).not.toContain(hidden);
  });

  it('audits each printing, and answers 404 to another agency without printing or auditing anything', async () => {
    const before = await t.auditEvents('case.summary_printed');
    await printAs(coordinator);
    const after = await t.auditEvents('case.summary_printed');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      actor_user_id: coordinator.user.id,
      resource_ids: [caseId, personId],
    });
    expect(after.at(-1)!.details.redacted).toEqual([]);

    const refused = await download(other.client, summaryPath());
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await t.auditEvents('case.summary_printed')).toHaveLength(after.length);
  });

  it("prints in the user's language", async () => {
    await t.superuser.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [lawyer.user.id]);
    const { text } = await printAs(lawyer);
    expect(text).toContain(`Summary of case ${caseNumber}`);
    expect(text).toContain('Restricted: your role is not cleared for this data');
    expect(text).not.toContain(SECRET_RISK);
  });
});
