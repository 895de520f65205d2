import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { consentBody, today } from '../case-work/support.ts';
import {
  agencyWithStaff,
  CASE_WORK,
  counts,
  expectStatus,
  ifMatch,
  personWithCase,
  staff,
  type Staff,
} from '../cases/support.ts';

/**
 * Sharing decisions: the owning agency lets another agency read one case and its person, within the classes
 * it names, with consent (or a coordinator's override), until revoked or expired.
 */

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
/** Agency A: a caseworker who may share but not override, and a coordinator who may also override. */
let sharer: Staff;
let coordinatorA: Staff;
/** Agency B receives: an agency-wide reader cleared for everything, one cleared for identity only, a team user. */
let agencyB: string;
let readerB: Staff;
let identityOnlyB: Staff;
let teamB: Staff;
/** Agency C never receives anything; agency D receives an overridden decision. */
let strangerC: Staff;
let agencyD: string;
let readerD: Staff;
let personId: string;
let caseId: string;
let sharingB: string;

const CHILD = {
  givenNames: 'Ixchel',
  firstSurname: 'Cux',
  secondSurname: 'Tzoc',
  sex: 'female',
  dateOfBirth: { precision: 'exact', date: '2012-05-03' },
  origin: { departmentCode: '16', municipalityCode: '1601', community: 'Aldea-Chiquixji' },
  disabilities: ['hearing'],
};

const RECEIVER_PERMISSIONS = [...CASE_WORK, 'case_note:read', 'case_note:write', 'service:read'] as const;

const shareBody = (toAgencyId: string, over: Record<string, unknown> = {}) => ({
  toAgencyId,
  classes: ['identity', 'legal'],
  reason: 'La Defensoría acompaña el proceso penal y necesita la medida de protección.',
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio de la Niñez');
  sharer = await staff(t, {
    agencyId: a.agencyId,
    scope: 'agency',
    permissions: [
      ...CASE_WORK,
      'case:share',
      'case_note:read',
      'case_note:write',
      'consent:write',
      'service:read',
      'service:write',
    ],
  });
  coordinatorA = await staff(t, {
    agencyId: a.agencyId,
    scope: 'agency',
    permissions: [...CASE_WORK, 'case:share', 'case:approve'],
  });
  agencyB = await t.createAgency('Defensoría B');
  readerB = await staff(t, { agencyId: agencyB, scope: 'agency', permissions: [...RECEIVER_PERMISSIONS] });
  identityOnlyB = await staff(t, {
    agencyId: agencyB,
    scope: 'agency',
    permissions: [...RECEIVER_PERMISSIONS],
    clearances: ['identity'],
  });
  teamB = await staff(t, { agencyId: agencyB, scope: 'team', permissions: [...RECEIVER_PERMISSIONS] });
  strangerC = await staff(t, {
    agencyId: await t.createAgency('Agencia C'),
    scope: 'agency',
    permissions: [...RECEIVER_PERMISSIONS, 'case:share', 'case:approve'],
  });
  agencyD = await t.createAgency('Clínica D');
  readerD = await staff(t, { agencyId: agencyD, scope: 'agency', permissions: [...RECEIVER_PERMISSIONS] });

  const created = await personWithCase(sharer.client, CHILD, {
    programmeId: a.centre,
    riskLevel: 'high',
    riskReasons: ['continuing_threat_from_traffickers'],
    riskNotes: 'RIESGO-CONFIDENCIAL',
    protectionMeasure: {
      court: 'Juzgado de la Niñez de Cobán',
      fileNumber: 'EXP-2026-77',
      pgnOffice: null,
      measureType: 'temporary_shelter',
      orderDate: '2026-01-15',
      reviewDate: null,
      endDate: null,
    },
  });
  personId = created.person.id;
  caseId = created.kase.id;
  for (const [type, body] of [
    ['legal_note', 'NOTA-LEGAL-COMPARTIDA'],
    ['session_note', 'NOTA-DE-SESION-CONFIDENCIAL'],
    ['case_note', 'NOTA-GENERAL-NO-COMPARTIDA'],
  ])
    expectStatus(await sharer.client.post(`/api/cases/${caseId}/notes`, { type, body }), 201);
  expectStatus(
    await sharer.client.post(`/api/cases/${caseId}/services`, {
      area: 'lodging',
      provider: { kind: 'staff', userId: sharer.user.id },
      deliveredOn: today(),
      outcome: 'completed',
      notes: 'NOTA-DE-SERVICIO-GENERAL',
    }),
    201,
  );
});
afterAll(async () => t.close());

const share = (who: Staff, body: Record<string, unknown>) =>
  who.client.post(`/api/cases/${caseId}/sharing`, body);

describe('sharing a case checks consent', () => {
  it('refuses without a data-sharing consent naming the agency (409), writes nothing, audits the refusal', async () => {
    const before = await counts(t, ['sharing_decision']);
    const refused = await share(sharer, shareBody(agencyB));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/No hay un consentimiento vigente de intercambio de datos/);
    expect(refused.body.detail).toContain('Defensoría B');
    expect(refused.body.errors[0]).toMatchObject({ field: 'body.consentOverride', code: 'consent_required' });
    expect((await counts(t, ['sharing_decision'])).sharing_decision).toBe(before.sharing_decision);
    const event = (await t.auditEvents('sharing.refused')).at(-1)!;
    expect(event).toMatchObject({ outcome: 'denied', actor_user_id: sharer.user.id });
    expect(event.resource_ids).toEqual([caseId, personId, agencyB]);
    expect(event.details.reason).toBe('no_consent');
  });

  it('lets only a user who may approve cases override, and refuses (audited) anyone else', async () => {
    const before = await counts(t, ['sharing_decision']);
    const attempt = await share(sharer, shareBody(agencyD, { consentOverride: { reason: 'Urgencia' } }));
    expect(attempt.status).toBe(403);
    expect((await counts(t, ['sharing_decision'])).sharing_decision).toBe(before.sharing_decision);
    expect((await t.auditEvents('sharing.refused')).at(-1)!.details.reason).toBe('override_not_allowed');

    const overridden = expectStatus(
      await share(
        coordinatorA,
        shareBody(agencyD, { classes: ['identity'], consentOverride: { reason: 'Riesgo inminente' } }),
      ),
      201,
    );
    expect(overridden).toMatchObject({
      status: 'active',
      classes: ['identity'],
      toAgency: { id: agencyD, name: 'Clínica D' },
      consent: {
        basis: 'override',
        consentId: null,
        overrideReason: 'Riesgo inminente',
        overrideBy: { id: coordinatorA.user.id },
      },
    });
    const overrideEvent = (await t.auditEvents('sharing.consent_overridden')).at(-1)!;
    expect(overrideEvent.resource_ids).toEqual([overridden.id, caseId, personId]);
    // The reasons are encrypted at rest.
    const raw = await t.superuser.query(
      'SELECT reason_sealed::text || override_reason_sealed::text AS sealed FROM sharing_decision WHERE id = $1',
      [overridden.id],
    );
    expect(raw.rows[0].sealed).not.toContain('Riesgo');
    // The case is visible to D until this decision is revoked.
    expectStatus(await readerD.client.get(`/api/cases/${caseId}`), 200);
    expectStatus(
      await coordinatorA.client.post(`/api/cases/${caseId}/sharing/${overridden.id}/revoke`, {
        reason: 'Ya no es necesario',
      }),
      200,
    );
    expect((await readerD.client.get(`/api/cases/${caseId}`)).status).toBe(404);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await counts(t, ['sharing_decision']);
    const empty = await share(sharer, shareBody(agencyB, { classes: [] }));
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toContain('body.classes');
    const own = await share(sharer, shareBody(a.agencyId));
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'body.toAgencyId', code: 'own_agency' });
    const past = await share(sharer, shareBody(agencyB, { expiresOn: '2020-01-01' }));
    expect(past.status).toBe(400);
    expect(past.body.errors[0]).toMatchObject({ field: 'body.expiresOn' });
    const unknown = await share(sharer, shareBody(agencyB, { classes: ['general'], extra: 1 }));
    expect(unknown.status).toBe(400);
    expect((await counts(t, ['sharing_decision'])).sharing_decision).toBe(before.sharing_decision);
  });

  it('shares with a consent in force and audits the decision', async () => {
    expect((await readerB.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    const consent = expectStatus(
      await sharer.client.post(
        `/api/persons/${personId}/consents`,
        consentBody({ purpose: 'data_sharing', agencyId: agencyB }),
      ),
      201,
    );
    const options = expectStatus(await sharer.client.get(`/api/cases/${caseId}/sharing`), 200);
    expect(options.agencies.find((x: { id: string }) => x.id === agencyB).consent).toMatchObject({
      id: consent.id,
    });
    const created = expectStatus(await share(sharer, shareBody(agencyB)), 201);
    sharingB = created.id;
    expect(created).toMatchObject({
      status: 'active',
      classes: ['identity', 'legal'],
      consent: { basis: 'consent', consentId: consent.id, overrideReason: null },
      decidedBy: { id: sharer.user.id },
      expiresOn: null,
    });
    const event = (await t.auditEvents('sharing.created')).at(-1)!;
    expect(event.resource_ids).toEqual([sharingB, caseId, personId, agencyB]);
    expect(event.details).toMatchObject({ consentBasis: 'consent', classes: ['identity', 'legal'] });
    const again = await share(sharer, shareBody(agencyB));
    expect(again.status).toBe(409);
  });
});

describe('the receiving agency', () => {
  it('reads the case and its person within the classes shared, marked as shared by the owning agency', async () => {
    const kase = expectStatus(await readerB.client.get(`/api/cases/${caseId}`), 200);
    expect(kase).toMatchObject({
      access: 'shared',
      sharedBy: { agencyId: a.agencyId, name: 'Refugio de la Niñez' },
      allowedTransitions: [],
      protectionMeasure: { fileNumber: 'EXP-2026-77' },
    });
    expect(kase).not.toHaveProperty('riskNotes');
    expect(kase).not.toHaveProperty('riskReasons');
    expect(kase.redacted).toEqual(expect.arrayContaining(['riskNotes', 'riskReasons']));
    expect(JSON.stringify(kase)).not.toContain('RIESGO-CONFIDENCIAL');
    const read = (await t.auditEvents('case.read')).at(-1)!;
    expect(read).toMatchObject({ actor_user_id: readerB.user.id, resource_ids: [caseId] });
    expect(read.details.sharing).toEqual([sharingB]);

    const person = expectStatus(await readerB.client.get(`/api/persons/${personId}`), 200);
    expect(person.givenNames).toBe('Ixchel');
    expect(person.sharedBy).toEqual({ agencyId: a.agencyId, name: 'Refugio de la Niñez' });
    expect(person).not.toHaveProperty('origin');
    expect(person).not.toHaveProperty('disabilities');
    expect(person.redacted).toEqual(expect.arrayContaining(['origin', 'disabilities']));
    expect(JSON.stringify(person)).not.toContain('Chiquixji');
    const personRead = (await t.auditEvents('person.read')).at(-1)!;
    expect(personRead).toMatchObject({ actor_user_id: readerB.user.id, resource_ids: [personId] });
    expect(personRead.details.sharing).toEqual([sharingB]);
    expect(expectStatus(await sharer.client.get(`/api/persons/${personId}`), 200)).not.toHaveProperty(
      'sharedBy',
    );

    const notes = expectStatus(await readerB.client.get(`/api/cases/${caseId}/notes`), 200);
    const text = JSON.stringify(notes);
    expect(text).toContain('NOTA-LEGAL-COMPARTIDA');
    expect(text).not.toContain('NOTA-DE-SESION-CONFIDENCIAL');
    // A note of class general is not a general field of the record: only the classes shared open notes.
    expect(text).not.toContain('NOTA-GENERAL-NO-COMPARTIDA');
    const notesEvent = (await t.auditEvents('case_note.list')).at(-1)!;
    expect(notesEvent.actor_user_id).toBe(readerB.user.id);
    expect(notesEvent.resource_ids[0]).toBe(caseId);
    // The owning agency's own readers still see it.
    expect(
      JSON.stringify(expectStatus(await sharer.client.get(`/api/cases/${caseId}/notes`), 200)),
    ).toContain('NOTA-GENERAL-NO-COMPARTIDA');

    // A service is shown, but its notes (class general) are not a general field of the record.
    const services = expectStatus(await readerB.client.get(`/api/cases/${caseId}/services`), 200);
    expect(services.items).toHaveLength(1);
    expect(services.items[0]).not.toHaveProperty('notes');
    expect(services.items[0].redacted).toContain('notes');
    expect(JSON.stringify(services)).not.toContain('NOTA-DE-SERVICIO-GENERAL');
    expect(
      JSON.stringify(expectStatus(await sharer.client.get(`/api/cases/${caseId}/services`), 200)),
    ).toContain('NOTA-DE-SERVICIO-GENERAL');

    // The access logs name the owning agency's staff: not shared.
    expectStatus(await readerB.client.get(`/api/cases/${caseId}/access-log`), 404);
    expectStatus(await readerB.client.get(`/api/persons/${personId}/access-log`), 404);
    expectStatus(await sharer.client.get(`/api/cases/${caseId}/access-log`), 200);

    const list = expectStatus(await readerB.client.get('/api/cases'), 200);
    const listed = list.items.find((c: { id: string }) => c.id === caseId);
    expect(listed).toMatchObject({ access: 'shared', sharedBy: { name: 'Refugio de la Niñez' } });
    expect(listed).not.toHaveProperty('riskNotes');
    const listEvent = (await t.auditEvents('case.list')).at(-1)!;
    expect(listEvent.actor_user_id).toBe(readerB.user.id);
    expect(listEvent.resource_ids).toContain(caseId);
  });

  it('sees only the classes shared that its own clearances also cover', async () => {
    const kase = expectStatus(await identityOnlyB.client.get(`/api/cases/${caseId}`), 200);
    expect(kase).not.toHaveProperty('protectionMeasure');
    expect(kase.redacted).toContain('protectionMeasure');
    const notes = JSON.stringify(
      expectStatus(await identityOnlyB.client.get(`/api/cases/${caseId}/notes`), 200),
    );
    expect(notes).not.toContain('NOTA-LEGAL-COMPARTIDA');
    expect(notes).not.toContain('NOTA-GENERAL-NO-COMPARTIDA');
    // Cleared for no class shared: the record's general fields, and no note at all.
    const healthOnly = await staff(t, {
      agencyId: agencyB,
      scope: 'agency',
      permissions: [...RECEIVER_PERMISSIONS],
      clearances: ['health'],
    });
    expectStatus(await healthOnly.client.get(`/api/cases/${caseId}`), 200);
    const none = expectStatus(await healthOnly.client.get(`/api/cases/${caseId}/notes`), 200);
    expect(none.items).toEqual([]);
  });

  it('writes nothing: updates, notes, person changes and the owning side’s decisions are 404', async () => {
    const before = await counts(t, [
      'case_file',
      'case_note',
      'person',
      'change_history',
      'sharing_decision',
    ]);
    const version = (await t.superuser.query('SELECT version FROM case_file WHERE id = $1', [caseId])).rows[0]
      .version;
    const patch = await readerB.client.request('PATCH', `/api/cases/${caseId}`, {
      body: { riskLevel: 'low' },
      headers: ifMatch(version),
    });
    expect(patch.status).toBe(404);
    const note = await readerB.client.post(`/api/cases/${caseId}/notes`, { type: 'legal_note', body: 'x' });
    expect(note.status).toBe(404);
    const personPatch = await readerB.client.request('PATCH', `/api/persons/${personId}`, {
      body: { otherNames: ['Chel'] },
      headers: ifMatch(1),
    });
    expect(personPatch.status).toBe(404);
    expect((await readerB.client.get(`/api/cases/${caseId}/sharing`)).status).toBe(404);
    const after = await counts(t, ['case_file', 'case_note', 'person', 'change_history', 'sharing_decision']);
    const { audit_event: _b, ...rowsBefore } = before;
    const { audit_event: _a, ...rowsAfter } = after;
    expect(rowsAfter).toEqual(rowsBefore);
  });

  it('is reached only by agency-wide readers of the receiving agency: a team user and a third agency get 404', async () => {
    for (const who of [teamB, strangerC]) {
      expect((await who.client.get(`/api/cases/${caseId}`)).status).toBe(404);
      expect((await who.client.get(`/api/persons/${personId}`)).status).toBe(404);
      expect((await who.client.get(`/api/cases/${caseId}/notes`)).status).toBe(404);
      const list = expectStatus(await who.client.get('/api/cases'), 200);
      expect(JSON.stringify(list)).not.toContain(caseId);
    }
    const shareAsStranger = await share(strangerC, shareBody(agencyB, { consentOverride: { reason: 'x' } }));
    expect(shareAsStranger.status).toBe(404);
  });

  it('reaches a coordinator of the whole receiving agency (a programme role given without a programme), not one of a programme', async () => {
    const programmeB = await t.createProgramme(agencyB, 'legal_assistance', 'Asistencia legal B');
    const wide = await staff(t, {
      agencyId: agencyB,
      scope: 'programme',
      permissions: [...RECEIVER_PERMISSIONS],
    });
    const narrow = await staff(t, {
      agencyId: agencyB,
      scope: 'programme',
      programmeId: programmeB,
      permissions: [...RECEIVER_PERMISSIONS],
    });
    expect(expectStatus(await wide.client.get(`/api/cases/${caseId}`), 200)).toMatchObject({
      access: 'shared',
    });
    expect((await narrow.client.get(`/api/cases/${caseId}`)).status).toBe(404);
  });
});

describe('record linkage across agencies', () => {
  const ixchel = { givenNames: 'Ixchel', firstSurname: 'Cux', secondSurname: 'Tzoc' };
  const matcher = () =>
    staff(t, { agencyId: agencyB, scope: 'agency', permissions: [...RECEIVER_PERMISSIONS] });

  it('shows a match whose case is shared with the asking agency, within the classes shared', async () => {
    const who = await matcher();
    const result = expectStatus(await who.client.post('/api/persons/match', ixchel), 200);
    expect(result.candidates.map((c: { person: { id: string } }) => c.person.id)).toEqual([personId]);
    const shown = result.candidates[0].person;
    expect(shown.givenNames).toBe('Ixchel');
    expect(shown).not.toHaveProperty('origin');
    expect(result.elsewhere).toEqual([]);
  });

  it('answers the receiving agency’s family-tracing request with the shared record, another with the notice', async () => {
    expectStatus(
      await sharer.client.post(
        `/api/persons/${personId}/consents`,
        consentBody({ purpose: 'family_tracing' }),
      ),
      201,
    );
    const request = {
      requester: { name: 'Rosa Tzoc', relation: 'mother', contact: 'Tel. 5555-0000' },
      sought: { ...ixchel, sex: 'female', birth: { precision: 'years', from: 2011, to: 2013 } },
    };
    const tracer = await staff(t, {
      agencyId: agencyB,
      scope: 'agency',
      permissions: [...RECEIVER_PERMISSIONS, 'person:trace'],
    });
    const answered = expectStatus(await tracer.client.post('/api/tracing-requests', request), 201);
    expect(answered.answers.matches.map((m: { person: { id: string } }) => m.person.id)).toEqual([personId]);
    expect(answered.answers.matches[0].person.givenNames).toBe('Ixchel');
    expect(answered.answers.matches[0].person).not.toHaveProperty('origin');
    expect(answered.answers.elsewhere).toEqual([]);

    const elsewhere = await staff(t, {
      agencyId: await t.createAgency('Agencia E'),
      scope: 'agency',
      permissions: [...RECEIVER_PERMISSIONS, 'person:trace'],
    });
    const noticed = expectStatus(await elsewhere.client.post('/api/tracing-requests', request), 201);
    expect(noticed.answers.matches).toEqual([]);
    expect(noticed.answers.elsewhere).toEqual([{ agency: 'Refugio de la Niñez', contact: null }]);
    expect(JSON.stringify(noticed.answers)).not.toContain(personId);
  });

  it('gives a third agency only the contact-only notice', async () => {
    const result = expectStatus(await strangerC.client.post('/api/persons/match', ixchel), 200);
    expect(result.candidates).toEqual([]);
    expect(result.elsewhere).toEqual([{ agency: 'Refugio de la Niñez', contact: null }]);
    expect(JSON.stringify(result)).not.toContain(personId);
  });
});

describe('revocation and expiry', () => {
  it('hides the case again at once when revoked, and records who, when and why', async () => {
    const revoked = expectStatus(
      await sharer.client.post(`/api/cases/${caseId}/sharing/${sharingB}/revoke`, {
        reason: 'El proceso penal terminó.',
      }),
      200,
    );
    expect(revoked).toMatchObject({
      status: 'revoked',
      revokedBy: { id: sharer.user.id },
      revocationReason: 'El proceso penal terminó.',
    });
    const event = (await t.auditEvents('sharing.revoked')).at(-1)!;
    expect(event.resource_ids).toEqual([sharingB, caseId, personId, agencyB]);
    expect((await readerB.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await readerB.client.get(`/api/persons/${personId}`)).status).toBe(404);
    expect(JSON.stringify(expectStatus(await readerB.client.get('/api/cases'), 200))).not.toContain(caseId);
    const again = await sharer.client.post(`/api/cases/${caseId}/sharing/${sharingB}/revoke`, {
      reason: 'otra vez',
    });
    expect(again.status).toBe(409);
    // Linkage falls back to the contact-only notice.
    const result = expectStatus(
      await readerB.client.post('/api/persons/match', {
        givenNames: 'Ixchel',
        firstSurname: 'Cux',
        secondSurname: 'Tzoc',
      }),
      200,
    ).candidates;
    expect(JSON.stringify(result)).not.toContain(personId);
  });

  it('hides the case once its last day has passed', async () => {
    const created = expectStatus(await share(sharer, shareBody(agencyB, { expiresOn: today() })), 201);
    expect(created.expiresOn).toBe(today());
    expectStatus(await readerB.client.get(`/api/cases/${caseId}`), 200);
    await t.superuser.query(`UPDATE sharing_decision SET expires_on = current_date - 1 WHERE id = $1`, [
      created.id,
    ]);
    expect((await readerB.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    const listed = expectStatus(await sharer.client.get(`/api/cases/${caseId}/sharing`), 200);
    expect(listed.items.find((d: { id: string }) => d.id === created.id).status).toBe('expired');
    expect(listed.items.find((d: { id: string }) => d.id === sharingB).status).toBe('revoked');
    const listEvent = (await t.auditEvents('sharing.list')).at(-1)!;
    expect(listEvent.resource_ids).toContain(caseId);
  });
});
