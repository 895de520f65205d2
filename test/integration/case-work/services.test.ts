import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  counts,
  expectStatus,
  ifMatch,
  personWithCase,
  type Staff,
} from '../cases/support.ts';
import { caseWorker, today } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let doctor: Staff;
let educator: Staff;
let other: Staff;
let caseId: string;
let clinicId: string;
let otherAgencyClinicId: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  doctor = await caseWorker(t, a.agencyId, { clearances: ['identity', 'health'] });
  educator = await caseWorker(t, a.agencyId, { clearances: ['identity'] });
  other = await caseWorker(t, b.agencyId);
  caseId = (
    await personWithCase(
      a.worker.client,
      { givenNames: 'Lucía', firstSurname: 'Coc' },
      { programmeId: a.centre, teamId: a.centreTeam },
    )
  ).kase.id;
  clinicId = expectStatus(
    await doctor.client.post('/api/service-providers', {
      name: 'Centro de Salud de Cobán',
      orgType: 'HealthServiceOrganisation',
      area: 'medical',
      contact: '7951-0000',
    }),
    201,
  ).id;
  otherAgencyClinicId = expectStatus(
    await other.client.post('/api/service-providers', {
      name: 'Clínica de otra agencia',
      orgType: 'HealthServiceOrganisation',
      area: 'medical',
    }),
    201,
  ).id;
});
afterAll(async () => t.close());

const servicesUrl = () => `/api/cases/${caseId}/services`;

describe('service directory', () => {
  it("is the agency's own: listed, read and edited with If-Match; another agency's is not reachable", async () => {
    const listed = expectStatus(await doctor.client.get('/api/service-providers?area=medical'), 200);
    expect(listed.items.map((p: { id: string }) => p.id)).toEqual([clinicId]);
    expect((await doctor.client.get(`/api/service-providers/${otherAgencyClinicId}`)).status).toBe(404);
    expect((await other.client.get(`/api/service-providers/${clinicId}`)).status).toBe(404);
    const url = `/api/service-providers/${clinicId}`;
    expect((await doctor.client.patch(url, { contact: '7951-1111' }, ifMatch(9))).status).toBe(412);
    const updated = expectStatus(await doctor.client.patch(url, { contact: '7951-1111' }, ifMatch(1)), 200);
    expect(updated).toMatchObject({ contact: '7951-1111', version: 2 });
    const duplicate = await doctor.client.post('/api/service-providers', {
      name: 'centro de salud de cobán',
      orgType: 'NGO',
      area: 'medical',
    });
    expect(duplicate.status).toBe(409);
    expect((await t.auditEvents('service_provider.updated')).at(-1)!.resource_ids).toEqual([clinicId]);
  });
});

describe('services delivered', () => {
  it('records a service by an organisation of the directory; medical notes need the health clearance', async () => {
    const created = expectStatus(
      await doctor.client.post(servicesUrl(), {
        area: 'medical',
        provider: { kind: 'organisation', providerId: clinicId },
        deliveredOn: today(),
        durationMinutes: 45,
        outcome: 'completed',
        notes: 'Tratamiento de infección urinaria; control en dos semanas.',
      }),
      201,
    );
    expect(created).toMatchObject({
      area: 'medical',
      provider: { kind: 'organisation', providerId: clinicId, name: 'Centro de Salud de Cobán' },
      durationMinutes: 45,
      oneOff: false,
      notes: 'Tratamiento de infección urinaria; control en dos semanas.',
      notesClass: 'health',
      redacted: [],
    });
    const asEducator = expectStatus(await educator.client.get(`${servicesUrl()}/${created.id}`), 200);
    expect(asEducator).not.toHaveProperty('notes');
    expect(asEducator.redacted).toEqual(['notes']);
    expect(asEducator.outcome).toBe('completed');
    const listed = expectStatus(await educator.client.get(servicesUrl()), 200);
    expect(JSON.stringify(listed)).not.toContain('infección');
    expect(listed.items.find((s: { id: string }) => s.id === created.id).redacted).toEqual(['notes']);

    // At rest, the notes are encrypted and bound to their row.
    const { rows } = await t.superuser.query(`SELECT notes_sealed FROM case_service WHERE id = $1`, [
      created.id,
    ]);
    expect((rows[0].notes_sealed as Buffer).toString('latin1')).not.toContain('urinaria');
    expect(
      t.runtime.services.envelope.decryptText(rows[0].notes_sealed, `case_service.notes:${created.id}`),
    ).toContain('urinaria');

    // Nobody writes notes of a class they cannot read: 403, nothing written.
    const before = await counts(t, ['case_service']);
    const refused = await educator.client.post(servicesUrl(), {
      area: 'psychosocial',
      provider: { kind: 'staff', userId: educator.user.id },
      deliveredOn: today(),
      outcome: 'completed',
      notes: 'Sesión grupal',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.notes', code: 'not_cleared' });
    expect(await counts(t, ['case_service'])).toEqual(before);
  });

  it('a staff provider, a one-off service without notes: anyone with service:read sees it whole', async () => {
    const created = expectStatus(
      await educator.client.post(servicesUrl(), {
        area: 'educational',
        provider: { kind: 'staff', userId: educator.user.id },
        deliveredOn: today(),
        outcome: 'completed',
        oneOff: true,
        notes: 'Entrega de útiles escolares',
      }),
      201,
    );
    expect(created.provider).toEqual({
      kind: 'staff',
      userId: educator.user.id,
      displayName: expect.any(String),
    });
    expect(created.notesClass).toBe('general');
    const asDoctor = expectStatus(await doctor.client.get(`${servicesUrl()}/${created.id}`), 200);
    expect(asDoctor.notes).toBe('Entrega de útiles escolares');
    expect(asDoctor.oneOff).toBe(true);
  });

  it('refuses a provider of another agency or a future date, with field details and nothing written', async () => {
    const before = await counts(t, ['case_service']);
    const foreign = await doctor.client.post(servicesUrl(), {
      area: 'medical',
      provider: { kind: 'organisation', providerId: otherAgencyClinicId },
      deliveredOn: today(),
      outcome: 'completed',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('body.provider.providerId');
    const future = await doctor.client.post(servicesUrl(), {
      area: 'medical',
      provider: { kind: 'staff', userId: doctor.user.id },
      deliveredOn: '2999-01-01',
      outcome: 'completed',
    });
    expect(future.status).toBe(400);
    expect(await counts(t, ['case_service'])).toEqual(before);
  });

  it('updates with If-Match (428 missing, 412 stale, nothing changed) and voids with the history kept', async () => {
    const created = expectStatus(
      await doctor.client.post(servicesUrl(), {
        area: 'medical',
        provider: { kind: 'staff', userId: doctor.user.id },
        deliveredOn: today(),
        outcome: 'ongoing',
        notes: 'Primera consulta',
      }),
      201,
    );
    const url = `${servicesUrl()}/${created.id}`;
    expect((await doctor.client.patch(url, { outcome: 'completed' })).status).toBe(428);
    const stale = await doctor.client.patch(url, { outcome: 'completed' }, ifMatch(5));
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(1);
    expect(expectStatus(await doctor.client.get(url), 200).outcome).toBe('ongoing');
    // Moving medical notes to a general area would declassify them: refused to whoever lacks health.
    expect((await educator.client.patch(url, { area: 'recreation' }, ifMatch(1))).status).toBe(403);
    const updated = expectStatus(
      await doctor.client.patch(url, { outcome: 'completed', notes: 'Alta médica' }, ifMatch(1)),
      200,
    );
    expect(updated).toMatchObject({ outcome: 'completed', notes: 'Alta médica', version: 2 });
    const history = expectStatus(
      await a.coordinator.client.get(`/api/cases/${caseId}/history?pageSize=200`),
      200,
    );
    const mine = history.items.filter((e: { recordId: string }) => e.recordId === created.id);
    expect(mine.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['outcome', 'notes']));
    // The history marks the notes as changed without keeping their text.
    expect(JSON.stringify(mine)).not.toContain('Alta médica');

    expect((await t.client().get(url)).status).toBe(401);
    const voided = await doctor.client.request('DELETE', url, { headers: ifMatch(2) });
    expect(voided.status).toBe(204);
    expect((await doctor.client.get(url)).status).toBe(404);
    const listed = expectStatus(await doctor.client.get(servicesUrl()), 200);
    expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(created.id);
    expect((await t.auditEvents('case_service.deleted')).at(-1)!.resource_ids).toEqual([created.id, caseId]);
  });

  it('another agency gets 404 for the services of the case', async () => {
    expect((await other.client.get(servicesUrl())).status).toBe(404);
    const before = await counts(t, ['case_service']);
    const write = await other.client.post(servicesUrl(), {
      area: 'legal',
      provider: { kind: 'staff', userId: other.user.id },
      deliveredOn: today(),
      outcome: 'completed',
    });
    expect(write.status).toBe(404);
    expect(await counts(t, ['case_service'])).toEqual(before);
  });

  it('every read and list is audited, naming the case', async () => {
    const reads = await t.auditEvents('case_service.read');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((e) => e.resource_ids[1] === caseId)).toBe(true);
    const lists = await t.auditEvents('case_service.list');
    expect(lists.every((e) => e.resource_ids[0] === caseId)).toBe(true);
  });
});
