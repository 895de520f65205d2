import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  counts,
  createPerson,
  expectStatus,
  ifMatch,
  type Staff,
} from '../cases/support.ts';
import { caseWorker, consentBody, today, yearsAgo } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let worker: Staff;
let other: Staff;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  worker = await caseWorker(t, a.agencyId);
  other = await caseWorker(t, b.agencyId);
});
afterAll(async () => t.close());

const personAged = async (dateOfBirth: Record<string, unknown>) =>
  (await createPerson(worker.client, { givenNames: 'Niña', firstSurname: 'Prueba', dateOfBirth })).id;

const record = async (personId: string, body: Record<string, unknown>) =>
  expectStatus(await worker.client.post(`/api/persons/${personId}/consents`, consentBody(body)), 201);

const codes = (consent: { warnings: Array<{ code: string }> }) => consent.warnings.map((w) => w.code);

describe('consent and the age-band rule', () => {
  it('6–11: the child assents and a caregiver consents; each alone is recorded with what is missing', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(8, 30) });
    const assent = await record(personId, { givenBy: 'child', giverName: null, giverRelationship: null });
    expect(assent).toMatchObject({ form: 'assent', givenBy: 'child', inForce: true });
    expect(assent.ageBand).toMatchObject({ minAge: 6, maxAge: 11, childRole: 'assent', verify: true });
    expect(codes(assent)).toEqual(['adult_consent_missing']);
    const caregiver = await record(personId, {});
    expect(caregiver.form).toBe('consent');
    expect(caregiver.warnings).toEqual([]);
  });

  it('warns — and still records — when the giver does not fit the band', async () => {
    const toddler = await personAged({ precision: 'exact', date: yearsAgo(3) });
    const byChild = await record(toddler, { givenBy: 'child', giverName: null });
    expect(codes(byChild)).toContain('giver_not_in_band');
    expect(byChild.warnings[0].message).toMatch(/franja de edad/);
    const teenager = await personAged({ precision: 'exact', date: yearsAgo(16) });
    const byGuardian = await record(teenager, {});
    expect(codes(byGuardian)).toEqual(['giver_not_in_band', 'child_missing']);
    const own = await record(teenager, { givenBy: 'child', giverName: null });
    expect(own).toMatchObject({ form: 'consent', warnings: [] });
    const rows = await t.superuser.query(`SELECT count(*)::int AS n FROM consent WHERE person_id = ANY($1)`, [
      [toddler, teenager],
    ]);
    expect(rows.rows[0].n).toBe(3);
    expect((await t.auditEvents('consent.created')).at(-2)!.details.warnings).toEqual([
      'giver_not_in_band',
      'child_missing',
    ]);
  });

  it('uses an estimated date of birth, and says when the estimate spans bands or is unknown', async () => {
    const estimated = await personAged({ precision: 'age_range', ageMin: 13, ageMax: 16 });
    const byGuardian = await record(estimated, {});
    expect(codes(byGuardian)).toEqual(['age_spans_bands']);
    expect(byGuardian.ageBand).toBeNull();
    const byTrustedAdult = await record(
      await personAged({ precision: 'age_range', ageMin: 12, ageMax: 13 }),
      { givenBy: 'trusted_adult', giverName: 'Maestra Tomasa', giverRelationship: 'teacher' },
    );
    expect(codes(byTrustedAdult)).toEqual(['child_missing']);
    const unknown = await record(await personAged({ precision: 'unknown' }), {});
    expect(codes(unknown)).toEqual(['age_unknown']);
  });

  it('an incomplete HTCDS checklist is a warning', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(16) });
    const consent = await record(personId, {
      givenBy: 'child',
      giverName: null,
      checklist: { ...consentBody().checklist, toldRetentionPeriod: false },
    });
    expect(codes(consent)).toEqual(['checklist_incomplete']);
    expect(consent.checklist.toldRetentionPeriod).toBe(false);
  });
});

describe('consent records', () => {
  it('refuses bad input with field details and writes nothing', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(10) });
    const before = await counts(t, ['consent']);
    const noAgency = await worker.client.post(
      `/api/persons/${personId}/consents`,
      consentBody({ purpose: 'referral_to_agency' }),
    );
    expect(noAgency.status).toBe(400);
    expect(noAgency.body.errors[0].field).toContain('agencyId');
    const noName = await worker.client.post(
      `/api/persons/${personId}/consents`,
      consentBody({ giverName: undefined }),
    );
    expect(noName.status).toBe(400);
    const unknownAgency = await worker.client.post(
      `/api/persons/${personId}/consents`,
      consentBody({ purpose: 'data_sharing', agencyId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownAgency.status).toBe(400);
    expect(unknownAgency.body.errors[0]).toMatchObject({ field: 'body.agencyId', code: 'unknown_agency' });
    expect(await counts(t, ['consent'])).toEqual(before);
  });

  it('withdrawal (If-Match): the consent no longer counts; it cannot be withdrawn twice', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(16) });
    const consent = await record(personId, { purpose: 'photographs', givenBy: 'child', giverName: null });
    const url = `/api/persons/${personId}/consents/${consent.id}/withdraw`;
    const listed = expectStatus(await worker.client.get(`/api/persons/${personId}/consents`), 200);
    expect(listed.purposes).toEqual([{ purpose: 'photographs', agencyId: null, allowed: true }]);

    const body = { withdrawnOn: today(), reason: 'Ya no quiere que le tomen fotografías.' };
    expect((await worker.client.post(url, body)).status).toBe(428);
    const stale = await worker.client.request('POST', url, { body, headers: ifMatch(4) });
    expect(stale.status).toBe(412);
    const early = await worker.client.request('POST', url, {
      body: { ...body, withdrawnOn: yearsAgo(1) },
      headers: ifMatch(1),
    });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('body.withdrawnOn');
    expect(
      expectStatus(await worker.client.get(`/api/persons/${personId}/consents/${consent.id}`), 200).inForce,
    ).toBe(true);

    const withdrawn = expectStatus(
      await worker.client.request('POST', url, { body, headers: ifMatch(1) }),
      200,
    );
    expect(withdrawn).toMatchObject({
      inForce: false,
      version: 2,
      withdrawal: { withdrawnOn: today(), reason: body.reason, recordedBy: { id: worker.user.id } },
    });
    const after = expectStatus(await worker.client.get(`/api/persons/${personId}/consents`), 200);
    expect(after.purposes).toEqual([{ purpose: 'photographs', agencyId: null, allowed: false }]);
    const again = await worker.client.request('POST', url, { body, headers: ifMatch(2) });
    expect(again.status).toBe(409);
    expect((await t.auditEvents('consent.withdrawn')).at(-1)!.resource_ids).toEqual([consent.id, personId]);
  });

  it('the giver’s name is identity data: left out without that clearance, and only so', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(9) });
    const consent = await record(personId, {});
    const reader = await caseWorker(t, a.agencyId, { clearances: ['health'] });
    const read = expectStatus(
      await reader.client.get(`/api/persons/${personId}/consents/${consent.id}`),
      200,
    );
    expect(read).not.toHaveProperty('giverName');
    expect(read.redacted).toEqual(['giverName']);
    expect(read.giverRelationship).toBe('mother');
    // Nor can it be written without that clearance; a child's own assent names nobody and can.
    const named = await reader.client.post(`/api/persons/${personId}/consents`, consentBody());
    expect(named.status).toBe(403);
    expect(named.body.errors[0]).toMatchObject({ field: 'body.giverName', code: 'not_cleared' });
    const own = await reader.client.post(
      `/api/persons/${personId}/consents`,
      consentBody({ givenBy: 'child', giverName: null, giverRelationship: null }),
    );
    expect(own.status).toBe(201);
  });

  it('another agency gets 404 and writes nothing', async () => {
    const personId = await personAged({ precision: 'exact', date: yearsAgo(9) });
    const consent = await record(personId, {});
    expect((await other.client.get(`/api/persons/${personId}/consents`)).status).toBe(404);
    expect((await other.client.get(`/api/persons/${personId}/consents/${consent.id}`)).status).toBe(404);
    const before = await counts(t, ['consent']);
    expect((await other.client.post(`/api/persons/${personId}/consents`, consentBody())).status).toBe(404);
    expect(await counts(t, ['consent'])).toEqual(before);
  });
});
