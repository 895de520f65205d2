import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { today } from '../case-work/support.ts';
import { expectStatus, ifMatch, staff } from '../cases/support.ts';
import { grantTracingConsent, linkageAgency, registerChild, type LinkageAgency } from './support.ts';

let t: TestApp;
let a: LinkageAgency;
let b: LinkageAgency;
const ids: Record<string, string> = {};
let consentId: string;

const JUAN = {
  givenNames: 'Juan',
  firstSurname: 'Pérez',
  secondSurname: 'López',
  sex: 'male',
  origin: { departmentCode: '13', municipalityCode: '1301', community: null },
};

const REQUEST = {
  requester: { name: 'Rosa López Mejía', relation: 'mother', contact: 'Tel. 5555-1234, aldea El Rosario' },
  sought: {
    givenNames: 'Juan',
    firstSurname: 'Pérez',
    secondSurname: 'López',
    sex: 'male',
    birth: { precision: 'years', from: 2008, to: 2010 },
    departmentCode: '13',
    municipalityCode: '1301',
    placeText: 'Huehuetenango',
    motherName: 'Rosa López',
  },
  notes: 'Salió de casa en marzo; pudo cruzar a México.',
};

beforeAll(async () => {
  t = await startTestApp();
  a = await linkageAgency(t, 'Refugio Esperanza');
  b = await linkageAgency(t, 'Casa Hogar Norte');
  const withConsent = await registerChild(
    a.coordinator,
    a,
    { ...JUAN, dateOfBirth: { precision: 'exact', date: '2009-03-14' } },
    { mother: 'Rosa López', withCase: true },
  );
  ids.consented = withConsent.id;
  consentId = (await grantTracingConsent(a.coordinator.client, ids.consented)).id;
  // The same name and mother, no tracing consent: never in an answer.
  ids.noConsent = (
    await registerChild(
      a.coordinator,
      a,
      { ...JUAN, givenNames: 'Juan José', dateOfBirth: { precision: 'year', year: 2009 } },
      { mother: 'Rosa López' },
    )
  ).id;
  // A consent for something else does not allow tracing.
  ids.otherConsent = (
    await registerChild(a.coordinator, a, { ...JUAN, dateOfBirth: { precision: 'year', year: 2010 } })
  ).id;
  expectStatus(
    await a.coordinator.client.post(`/api/persons/${ids.otherConsent}/consents`, {
      purpose: 'services',
      givenBy: 'guardian',
      giverName: 'Rosa Caal',
      giverRelationship: 'mother',
      givenOn: today(),
      checklist: {
        toldPurpose: true,
        toldUses: true,
        toldResearchUse: true,
        toldRightToRequestData: true,
        toldRetentionPeriod: true,
        toldHowToWithdraw: true,
      },
    }),
    201,
  );
  // In another agency: with consent (a notice, no data) and without (nothing at all).
  ids.elsewhere = (
    await registerChild(
      b.coordinator,
      b,
      { ...JUAN, dateOfBirth: { precision: 'exact', date: '2009-03-14' } },
      { mother: 'Rosa López' },
    )
  ).id;
  await grantTracingConsent(b.coordinator.client, ids.elsewhere);
});
afterAll(async () => t.close());

describe('family-tracing requests', () => {
  it('are recorded as data and answered only among records whose consent allows tracing', async () => {
    const created = expectStatus(await a.worker.client.post('/api/tracing-requests', REQUEST), 201);
    ids.request = created.id;
    expect(created).toMatchObject({
      status: 'open',
      requesterName: 'Rosa López Mejía',
      requesterRelation: 'mother',
      requesterContact: REQUEST.requester.contact,
      notes: REQUEST.notes,
      sought: {
        givenNames: 'Juan',
        birth: { precision: 'years', from: 2008, to: 2010 },
        motherName: 'Rosa López',
      },
      createdBy: { id: a.worker.user.id },
      version: 1,
    });
    const { answers } = created;
    expect(answers.modelVersion).toBe(1);
    // The worker sees the consented child of their own team's case; the others are not even mentioned.
    expect(answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([ids.consented]);
    // So does the coordinator, who may see every record of the agency: no consent, no answer.
    const byCoordinator = expectStatus(
      await a.coordinator.client.get(`/api/tracing-requests/${created.id}`),
      200,
    );
    expect(byCoordinator.answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([
      ids.consented,
    ]);
    const [top] = answers.matches;
    expect(top).toMatchObject({ rank: 1, person: { givenNames: 'Juan', firstSurname: 'Pérez' } });
    const fields = top.explanation.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['given_names', 'birth_date', 'place', 'mother_name']));
    expect(top.explanation.find((e: { field: string }) => e.field === 'mother_name').weight).toBeGreaterThan(
      0,
    );
    // Another agency's consented record: only where it is and whom to contact.
    expect(answers.elsewhere).toEqual([{ agency: 'Casa Hogar Norte', contact: null }]);
    const text = JSON.stringify(created);
    for (const id of [ids.noConsent, ids.otherConsent, ids.elsewhere, b.agencyId])
      expect(text).not.toContain(id);
    const [requested] = await t.auditEvents('tracing.requested');
    expect(requested).toMatchObject({ actor_user_id: a.worker.user.id, resource_ids: [ids.request] });
    const [answered] = await t.auditEvents('tracing.answered');
    expect(answered!.resource_ids).toEqual([ids.request, ids.consented]);
    expect(answered!.actor_user_id).toBe(a.worker.user.id);
    expect(answered!.details).toMatchObject({ modelVersion: 1, matches: 1, elsewhere: 1 });
    const [stored] = (
      await t.superuser.query(
        'SELECT requester_contact_sealed, notes_sealed FROM tracing_request WHERE id = $1',
        [ids.request],
      )
    ).rows;
    expect(stored.requester_contact_sealed.toString('latin1')).not.toContain('5555');
    expect(stored.notes_sealed.toString('latin1')).not.toContain('México');
  });

  it('answers with a record once its consent allows tracing, within what the reader may see', async () => {
    await grantTracingConsent(a.coordinator.client, ids.noConsent!);
    const byCoordinator = expectStatus(
      await a.coordinator.client.get(`/api/tracing-requests/${ids.request}`),
      200,
    );
    expect(byCoordinator.answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([
      ids.consented,
      ids.noConsent,
    ]);
    // The worker may not see that record (no case in their team): only that one exists at their own agency.
    const byWorker = expectStatus(await a.worker.client.get(`/api/tracing-requests/${ids.request}`), 200);
    expect(byWorker.answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([
      ids.consented,
    ]);
    expect(byWorker.answers.elsewhere).toEqual([
      { agency: 'Casa Hogar Norte', contact: null },
      { agency: 'Refugio Esperanza', contact: null },
    ]);
    expect(JSON.stringify(byWorker)).not.toContain(ids.noConsent);
  });

  it('stops answering with a record the day its consent is withdrawn', async () => {
    const consent = expectStatus(
      await a.coordinator.client.get(`/api/persons/${ids.consented}/consents`),
      200,
    );
    const version = consent.items.find((c: { id: string }) => c.id === consentId).version;
    expectStatus(
      await a.coordinator.client.request(
        'POST',
        `/api/persons/${ids.consented}/consents/${consentId}/withdraw`,
        {
          body: { withdrawnOn: today(), reason: 'La familia ya no desea la búsqueda.' },
          headers: ifMatch(version),
        },
      ),
      200,
    );
    const detail = expectStatus(await a.coordinator.client.get(`/api/tracing-requests/${ids.request}`), 200);
    expect(detail.answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([
      ids.noConsent,
    ]);
    expect(detail.answers.elsewhere).toEqual([{ agency: 'Casa Hogar Norte', contact: null }]);
  });

  it('are listed within the agency only, without contact or notes', async () => {
    const list = expectStatus(await a.coordinator.client.get('/api/tracing-requests'), 200);
    expect(list.items).toEqual([
      expect.objectContaining({
        id: ids.request,
        soughtName: 'Juan Pérez López',
        requesterName: 'Rosa López Mejía',
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('5555');
    const other = expectStatus(await b.coordinator.client.get('/api/tracing-requests'), 200);
    expect(other).toMatchObject({ items: [], total: 0 });
    expect((await b.coordinator.client.get(`/api/tracing-requests/${ids.request}`)).status).toBe(404);
  });

  it('refuses bad input with the field, writing nothing, and users without the permission', async () => {
    const before = await t.count('tracing_request');
    const bad = await a.worker.client.post('/api/tracing-requests', {
      ...REQUEST,
      sought: {
        ...REQUEST.sought,
        birth: { precision: 'years', from: 2011, to: 2009 },
        municipalityCode: '13',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.sought.birth.to', 'body.sought.municipalityCode']),
    );
    const reader = await staff(t, { agencyId: a.agencyId, scope: 'agency', permissions: ['person:read'] });
    expect((await reader.client.post('/api/tracing-requests', REQUEST)).status).toBe(403);
    expect((await reader.client.get('/api/tracing-requests')).status).toBe(403);
    expect(await t.count('tracing_request')).toBe(before);
  });

  it('are closed with the version', async () => {
    const url = `/api/tracing-requests/${ids.request}/close`;
    expect((await a.worker.client.post(url, {})).status).toBe(428);
    const closed = expectStatus(
      await a.worker.client.request('POST', url, { body: {}, headers: ifMatch(1) }),
      200,
    );
    expect(closed).toMatchObject({ status: 'closed', version: 2 });
    expect(closed.requesterContact).toBeUndefined();
    const [event] = await t.auditEvents('tracing.closed');
    expect(event!.resource_ids).toEqual([ids.request]);
  });
});
