import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITY_CLASSES, type SensitivityClass } from '../../../src/core/access/catalogue.ts';
import { PERSON_PHOTO_CLASS } from '../../../src/core/cases/field-classes.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import {
  agencyWithStaff,
  CASE_TABLES,
  counts,
  expectStatus,
  ifMatch,
  PERSON_TABLES,
  personWithCase,
  staff,
  type Staff,
} from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
let personId: string;
let caseId: string;
let relationId: string;

const person = {
  givenNames: 'Yolanda',
  firstSurname: 'Pop',
  secondSurname: 'Tiul',
  otherNames: ['Yoli'],
  gender: 'Feminine',
  dateOfBirth: { precision: 'year', year: 2011 },
  citizenships: ['GTM'],
  pueblo: 'maya',
  linguisticCommunity: "Q'eqchi'",
  origin: { departmentCode: '16', municipalityCode: '1601', community: 'Caserío Secocpur' },
  disabilities: ['mobility'],
  languages: { primary: 'kek', others: [], interpreterNeeded: true },
};
const caseDetails = {
  riskLevel: 'high',
  riskReasons: ['continuing_threat_from_traffickers'],
  riskNotes: 'El tratante conoce la aldea de origen.',
  protectionMeasure: {
    court: 'Juzgado de la Niñez y la Adolescencia de Cobán',
    fileNumber: '16011-2026-00042',
    pgnOffice: 'PGN Alta Verapaz',
    measureType: 'temporary_shelter',
    orderDate: '2026-01-15',
    reviewDate: '2026-07-15',
    endDate: null,
  },
};

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  const created = await personWithCase(a.worker.client, person, {
    programmeId: a.centre,
    teamId: a.centreTeam,
    ...caseDetails,
  });
  personId = created.person.id;
  caseId = created.kase.id;
  relationId = expectStatus(
    await a.worker.client.post(`/api/persons/${personId}/relations`, {
      kind: 'family',
      name: 'Ramiro Pop',
      relationship: 'father',
      phone: '+502 4444 0000',
      noContact: true,
      noContactReason: 'Denunciado por explotación',
      noContactSource: 'court_order',
    }),
    201,
  ).id;
  expectStatus(
    await a.worker.client.post(`/api/persons/${personId}/identity-documents`, {
      type: 'birth_certificate',
      number: 'RN-1601-2011-778',
    }),
    201,
  );
  // History entries of a later change as well as the creation.
  expectStatus(
    await a.worker.client.patch(
      `/api/persons/${personId}`,
      {
        origin: { departmentCode: '16', municipalityCode: '1609', community: 'Aldea Nueva' },
        disabilities: [],
      },
      ifMatch(1),
    ),
    200,
  );
  expectStatus(
    await a.worker.client.patch(
      `/api/cases/${caseId}`,
      { riskLevel: 'critical', riskNotes: 'Amenazas recientes.' },
      ifMatch(1),
    ),
    200,
  );
});
afterAll(async () => t.close());

/** Which fields each class covers, in the person and case payloads built above. */
const COVERED: Record<Exclude<SensitivityClass, 'psychosocial'>, { person: string[]; kase: string[] }> = {
  identity: {
    person: [
      'givenNames',
      'firstSurname',
      'secondSurname',
      'otherNames',
      'gender',
      'dateOfBirth',
      'citizenships',
      'pueblo',
      'linguisticCommunity',
    ],
    kase: [],
  },
  contact_location: { person: ['origin'], kase: [] },
  health: { person: ['disabilities'], kase: [] },
  legal: { person: [], kase: ['protectionMeasure'] },
  trafficking_experience: { person: [], kase: ['riskReasons', 'riskNotes'] },
};

async function without(cls: SensitivityClass): Promise<Staff> {
  return staff(t, {
    agencyId: a.agencyId,
    scope: 'agency',
    clearances: SENSITIVITY_CLASSES.filter((c) => c !== cls),
    permissions: ['person:read', 'case:read', 'person:update', 'case:update'],
  });
}

const historyOf = (
  items: Array<{ field: string; from?: unknown; to?: unknown; redacted: string[] }>,
  field: string,
) => items.filter((e) => e.field === field);

describe('need-to-know by sensitivity class', () => {
  for (const [cls, covered] of Object.entries(COVERED) as Array<
    [SensitivityClass, { person: string[]; kase: string[] }]
  >) {
    it(`without "${cls}" clearance: record, list, search and history leave those fields out and say so`, async () => {
      const reader = await without(cls);
      const c = reader.client;
      const record = expectStatus(await c.get(`/api/persons/${personId}`), 200);
      const listed = expectStatus(await c.get('/api/persons?pageSize=200'), 200).items.find(
        (p: { id: string }) => p.id === personId,
      );
      const search = expectStatus(await c.get('/api/persons/search?q=Yolanda%20Pop'), 200);
      const searched = search.items.find((p: { id: string }) => p.id === personId);
      // Searching by name is reading identity data: without that clearance nobody is found by name.
      expect(search.identitySearched).toBe(cls !== 'identity');
      if (cls === 'identity') expect(searched).toBeUndefined();
      const kase = expectStatus(await c.get(`/api/cases/${caseId}`), 200);
      if (cls === 'identity') {
        // The case number still finds the child, with the names left out.
        const byCase = expectStatus(await c.get(`/api/persons/search?q=${kase.number}`), 200);
        expect(byCase.items.map((p: { id: string }) => p.id)).toEqual([personId]);
        expect(byCase.items[0]).toMatchObject({ matchedBy: ['case_number'] });
        expect(byCase.items[0]).not.toHaveProperty('givenNames');
      }
      const cases = expectStatus(await c.get('/api/cases?pageSize=200'), 200).items.find(
        (k: { id: string }) => k.id === caseId,
      );
      for (const payload of cls === 'identity' ? [record, listed] : [record, listed, searched]) {
        expect(payload).toBeDefined();
        for (const field of covered.person) {
          expect(payload, field).not.toHaveProperty(field);
          expect(payload.redacted).toContain(field);
        }
        // Fields of other classes are still there; the photo is part of the single record only.
        expect(payload.languages).toEqual(person.languages);
        const photo = payload === record && cls === PERSON_PHOTO_CLASS ? ['photo'] : [];
        expect([...payload.redacted].sort()).toEqual([...covered.person, ...photo].sort());
      }
      // A list never carries the risk notes, so its `redacted` does not name them either.
      const listedCaseFields = covered.kase.filter((field) => field !== 'riskNotes');
      for (const [payload, fields] of [
        [kase, covered.kase],
        [cases, listedCaseFields],
      ] as const) {
        for (const field of fields) {
          expect(payload, field).not.toHaveProperty(field);
          expect(payload.redacted).toContain(field);
        }
        expect(payload.riskLevel).toBe('critical');
        expect(payload.redacted).toHaveLength(fields.length);
      }
      expect(cases).not.toHaveProperty('riskNotes');
      const personHistory = expectStatus(
        await c.get(`/api/persons/${personId}/history?pageSize=200`),
        200,
      ).items;
      const caseHistory = expectStatus(await c.get(`/api/cases/${caseId}/history?pageSize=200`), 200).items;
      for (const [items, fields] of [
        [personHistory, covered.person],
        [caseHistory, covered.kase],
      ] as const) {
        for (const field of fields) {
          const entries = historyOf(items, field);
          expect(entries.length, field).toBeGreaterThan(0);
          for (const entry of entries) {
            expect(entry).not.toHaveProperty('to');
            expect(entry).not.toHaveProperty('from');
            expect(entry.redacted).toEqual(['from', 'to']);
          }
        }
      }
      // A field of a class the reader holds keeps its values in the history.
      const visible = historyOf(caseHistory, 'riskLevel');
      expect(visible.some((e) => e.to === 'critical')).toBe(true);
      if (cls === 'identity') {
        expect(record.noContact).toEqual([
          {
            relationId,
            relationship: 'father',
            reason: 'Denunciado por explotación',
            source: 'court_order',
            redacted: ['name'],
          },
        ]);
        expect(kase.person).not.toHaveProperty('givenNames');
        expect(kase.person.redacted).toEqual(['givenNames', 'firstSurname', 'secondSurname']);
        const documents = expectStatus(await c.get(`/api/persons/${personId}/identity-documents`), 200).items;
        expect(documents[0]).not.toHaveProperty('number');
        expect(documents[0].redacted).toEqual(['number']);
      }
      if (cls === 'contact_location') {
        const relations = expectStatus(await c.get(`/api/persons/${personId}/relations`), 200).items;
        expect(relations[0]).not.toHaveProperty('phone');
        expect(relations[0].redacted).toEqual(['phone', 'address', 'notes']);
        expect(relations[0].name).toBe('Ramiro Pop');
      }
      if (cls === 'legal')
        expect(kase.due.map((d: { key: string }) => d.key)).not.toContain('protection_review');
    });
  }

  it('sends the risk notes with the case read whole, never in a list (even to a reader cleared for them)', async () => {
    const reader = await staff(t, {
      agencyId: a.agencyId,
      scope: 'agency',
      clearances: [...SENSITIVITY_CLASSES],
      permissions: ['case:read'],
    });
    const kase = expectStatus(await reader.client.get(`/api/cases/${caseId}`), 200);
    expect(kase.riskNotes).toBe('Amenazas recientes.');
    expect(kase.redacted).toEqual([]);
    const lists = [
      expectStatus(await reader.client.get('/api/cases?pageSize=200'), 200),
      expectStatus(await reader.client.get(`/api/cases?personId=${personId}`), 200),
    ];
    // My work lists the cases its user holds: the case's owner, cleared for every class as well.
    const myWork = expectStatus(await a.worker.client.get('/api/my-work'), 200);
    expect(myWork.openCases.map((k: { id: string }) => k.id)).toContain(caseId);
    for (const body of [...lists, myWork]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('Amenazas recientes');
      expect(text).not.toContain('riskNotes');
    }
    expect(lists[1].items).toMatchObject([
      { id: caseId, riskReasons: caseDetails.riskReasons, redacted: [] },
    ]);
  });

  it('does not let a role write what it may not see', async () => {
    const reader = await without('health');
    const before = await counts(t, PERSON_TABLES);
    const response = await reader.client.patch(
      `/api/persons/${personId}`,
      { disabilities: ['seeing'] },
      ifMatch(2),
    );
    expect(response.status).toBe(403);
    expect(response.body.errors[0]).toMatchObject({ field: 'body.disabilities', code: 'not_cleared' });
    expect(await counts(t, PERSON_TABLES)).toEqual(before);
    const legal = await without('legal');
    const refused = await legal.client.patch(`/api/cases/${caseId}`, { protectionMeasure: null }, ifMatch(2));
    expect(refused.status).toBe(403);
  });
});

describe('isolation', () => {
  const paths = () => [
    `/api/persons/${personId}`,
    `/api/persons/${personId}/history`,
    `/api/persons/${personId}/access-log`,
    `/api/persons/${personId}/relations`,
    `/api/persons/${personId}/identity-documents`,
    `/api/cases/${caseId}`,
    `/api/cases/${caseId}/history`,
    `/api/cases/${caseId}/access-log`,
  ];

  async function seesNothing(who: Staff) {
    for (const path of paths()) {
      const response = await who.client.get(path);
      expect(response.status, path).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('Yolanda');
    }
    const persons = expectStatus(await who.client.get('/api/persons?pageSize=200'), 200);
    expect(persons.items.map((p: { id: string }) => p.id)).not.toContain(personId);
    const cases = expectStatus(await who.client.get('/api/cases?pageSize=200'), 200);
    expect(cases.items.map((k: { id: string }) => k.id)).not.toContain(caseId);
    const search = expectStatus(await who.client.get('/api/persons/search?q=Yolanda%20Pop'), 200);
    expect(search.items.map((p: { id: string }) => p.id)).not.toContain(personId);
    const before = await counts(t, [...PERSON_TABLES, ...CASE_TABLES]);
    const patch = await who.client.patch(
      `/api/persons/${personId}`,
      { givenNames: 'X' },
      { 'if-match': '*' },
    );
    expect(patch.status).toBe(404);
    const status = await who.client.request('POST', `/api/cases/${caseId}/status`, {
      body: { to: 'assessment' },
      headers: { 'if-match': '*' },
    });
    expect(status.status).toBe(404);
    const relation = await who.client.patch(
      `/api/persons/${personId}/relations/${relationId}`,
      { noContact: false },
      { 'if-match': '*' },
    );
    expect(relation.status).toBe(404);
    const counted = await counts(t, [...PERSON_TABLES, ...CASE_TABLES]);
    expect({ ...counted, audit_event: 0 }).toEqual({ ...before, audit_event: 0 });
  }

  it('gives another agency nothing, not even with the permission at agency scope', async () => {
    await seesNothing(b.coordinator);
    await seesNothing(await staff(t, { agencyId: b.agencyId, scope: 'agency' }));
  });

  it('gives another programme and another team nothing', async () => {
    await seesNothing(a.returneeCoordinator);
    await seesNothing(a.otherTeamWorker);
  });

  it('answers a guessed id exactly as one outside scope', async () => {
    const guessed = await a.worker.client.get(`/api/persons/${randomUUID()}`);
    const outside = await b.coordinator.client.get(`/api/persons/${personId}`);
    expect(guessed.status).toBe(404);
    expect(outside.status).toBe(404);
    expect(guessed.body.detail).toBe(outside.body.detail);
    expect(guessed.body.type).toBe(outside.body.type);
  });

  it('lets the same team, the programme coordinator and the agency see it', async () => {
    for (const who of [a.colleague, a.coordinator]) {
      expect((await who.client.get(`/api/cases/${caseId}`)).status).toBe(200);
      expect((await who.client.get(`/api/persons/${personId}`)).status).toBe(200);
    }
  });

  it('shows a person registered without a case only to whoever registered it', async () => {
    const lone = expectStatus(await a.worker.client.post('/api/persons', { givenNames: 'Solita' }), 201);
    expect((await a.worker.client.get(`/api/persons/${lone.id}`)).status).toBe(200);
    expect((await a.colleague.client.get(`/api/persons/${lone.id}`)).status).toBe(404);
    expect((await a.coordinator.client.get(`/api/persons/${lone.id}`)).status).toBe(404);
    const agencyWide = await staff(t, { agencyId: a.agencyId, scope: 'agency' });
    expect((await agencyWide.client.get(`/api/persons/${lone.id}`)).status).toBe(200);
  });
});

describe('restricted records', () => {
  it('hides a restricted case and person from everyone not named, coordinators included', async () => {
    const { person: p, kase } = await personWithCase(
      a.colleague.client,
      { givenNames: 'Teresa', firstSurname: 'Coc' },
      { programmeId: a.centre, teamId: a.centreTeam },
    );
    const otherCoordinator = await staff(t, {
      agencyId: a.agencyId,
      scope: 'agency',
      permissions: ['person:read', 'case:read', 'case:assign', 'case:approve'],
    });
    expectStatus(
      await a.coordinator.client.post(`/api/cases/${kase.id}/restriction`, {
        userIds: [a.colleague.user.id],
      }),
      200,
    );
    const restricted = expectStatus(
      await a.coordinator.client.post(`/api/persons/${p.id}/restriction`, { userIds: [a.colleague.user.id] }),
      200,
    );
    expect(restricted.userIds).toEqual([a.colleague.user.id, a.coordinator.user.id].sort());
    // Named: the case's own worker and the coordinator who restricted it.
    for (const who of [a.colleague, a.coordinator]) {
      expect((await who.client.get(`/api/cases/${kase.id}`)).body.restricted).toBe(true);
      expect((await who.client.get(`/api/persons/${p.id}`)).status).toBe(200);
    }
    // Otherwise entitled: same team, agency-wide coordinator.
    for (const who of [a.worker, otherCoordinator]) {
      expect((await who.client.get(`/api/cases/${kase.id}`)).status).toBe(404);
      expect((await who.client.get(`/api/persons/${p.id}`)).status).toBe(404);
      const cases = (await who.client.get('/api/cases?pageSize=200')).body.items.map(
        (k: { id: string }) => k.id,
      );
      expect(cases).not.toContain(kase.id);
      const found = (await who.client.get('/api/persons/search?q=Teresa%20Coc')).body.items;
      expect(found).toEqual([]);
      const byNumber = (await who.client.get(`/api/persons/search?q=${kase.number}`)).body.items;
      expect(byNumber).toEqual([]);
    }
    // Emergency access cannot open it either: refused as if absent, and the attempt is audited.
    const attempt = await a.worker.client.post(`/api/cases/${kase.id}/emergency-access`, {
      reason: 'Necesito verificar un dato urgente de la niña',
    });
    expect(attempt.status).toBe(404);
    const denied = (await t.auditEvents('case.emergency_access')).at(-1)!;
    expect(denied).toMatchObject({ outcome: 'denied', actor_user_id: a.worker.user.id });
    expect(denied.details).toMatchObject({ emergency: true, refused: 'restricted' });
    expect(await t.count('emergency_access')).toBe(0);
    // Lifting the restriction gives the team its access back.
    expectStatus(await a.coordinator.client.delete(`/api/cases/${kase.id}/restriction`), 200);
    expect((await a.worker.client.get(`/api/cases/${kase.id}`)).status).toBe(200);
    const history = (await a.coordinator.client.get(`/api/cases/${kase.id}/history`)).body.items;
    expect(
      history.filter((e: { field: string }) => e.field === 'restricted').map((e: { to: boolean }) => e.to),
    ).toEqual([false, true]);
  });
});

describe('emergency access', () => {
  it('opens a case outside scope for a limited time, flagged in the audit trail and listed for review', async () => {
    const reader = a.otherTeamWorker;
    expect((await reader.client.get(`/api/cases/${caseId}`)).status).toBe(404);
    const short = await reader.client.post(`/api/cases/${caseId}/emergency-access`, { reason: 'urgente' });
    expect(short.status).toBe(400);
    const inScope = await a.worker.client.post(`/api/cases/${caseId}/emergency-access`, {
      reason: 'Ya tengo acceso a este caso, no debería necesitarlo',
    });
    expect(inScope.status).toBe(409);
    const otherAgency = await b.coordinator.client.post(`/api/cases/${caseId}/emergency-access`, {
      reason: 'La niña llegó a nuestra oficina sin documentos',
    });
    expect(otherAgency.status).toBe(404);
    expect(await t.count('emergency_access')).toBe(0);

    const reason = 'La niña llegó al hospital de Cobán de madrugada; necesito sus alergias y contactos';
    const granted = expectStatus(
      await reader.client.post(`/api/cases/${caseId}/emergency-access`, { reason }),
      201,
    );
    const minutes = (new Date(granted.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(115);
    expect(minutes).toBeLessThanOrEqual(120);
    const event = (await t.auditEvents('case.emergency_access')).at(-1)!;
    expect(event).toMatchObject({ outcome: 'success', actor_user_id: reader.user.id });
    expect(event.details).toMatchObject({ emergency: true, reason });
    expect(event.resource_ids).toContain(caseId);

    const kase = expectStatus(await reader.client.get(`/api/cases/${caseId}`), 200);
    expect(kase.access).toBe('emergency');
    expect((await t.auditEvents('case.read')).at(-1)!.details).toEqual({ emergency: true });
    expect((await reader.client.get(`/api/persons/${personId}`)).status).toBe(200);
    expect((await t.auditEvents('person.read')).at(-1)!.details).toEqual({ emergency: true });
    await a.worker.client.get(`/api/persons/${personId}`);
    expect((await t.auditEvents('person.read')).at(-1)!.details).toEqual({});

    const review = expectStatus(await a.coordinator.client.get('/api/emergency-accesses'), 200);
    expect(review.items).toHaveLength(1);
    expect(review.items[0]).toMatchObject({ id: granted.id, caseId, reason, user: { id: reader.user.id } });
    const myWork = expectStatus(await a.coordinator.client.get('/api/my-work'), 200);
    expect(myWork.emergencyAccessesToReview.map((e: { id: string }) => e.id)).toEqual([granted.id]);
    // Coordinators of other programmes and agencies do not review it.
    expect((await a.returneeCoordinator.client.get('/api/emergency-accesses')).body.items).toEqual([]);
    expect((await b.coordinator.client.get('/api/emergency-accesses')).body.items).toEqual([]);
    const access = (await a.worker.client.get(`/api/cases/${caseId}/access-log`)).body.items;
    expect(
      access.some(
        (e: { emergency: boolean; actor: { id: string } }) => e.emergency && e.actor.id === reader.user.id,
      ),
    ).toBe(true);

    const reviewed = expectStatus(
      await a.coordinator.client.post(`/api/emergency-accesses/${granted.id}/review`, {
        outcome: 'justified',
        comment: 'Verificado con el hospital',
      }),
      200,
    );
    expect(reviewed).toMatchObject({ reviewOutcome: 'justified', reviewedBy: a.coordinator.user.id });
    expect((await a.coordinator.client.get('/api/emergency-accesses')).body.items).toEqual([]);
    expect(
      (
        await a.coordinator.client.post(`/api/emergency-accesses/${granted.id}/review`, {
          outcome: 'unjustified',
        })
      ).status,
    ).toBe(409);

    // Once expired, the case is out of reach again.
    await t.superuser.query(`UPDATE emergency_access SET expires_at = now() - interval '1 minute'`);
    expect((await reader.client.get(`/api/cases/${caseId}`)).status).toBe(404);
  });
});
