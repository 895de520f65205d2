import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SENSITIVITY_CLASSES,
  type Permission,
  type SensitivityClass,
} from '../../../src/core/access/catalogue.ts';
import {
  CASE_FIELD_CLASSES,
  fieldClassOf,
  IDENTITY_DOCUMENT_FIELD_CLASSES,
  PERSON_FIELD_CLASSES,
  RELATION_FIELD_CLASSES,
} from '../../../src/core/cases/field-classes.ts';
import { fieldsOf } from '../../../src/core/forms/definition.ts';
import { loadShippedForms } from '../../../src/core/forms/shipped.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { download, pdfText, pdfWith, png, upload } from '../attachments/support.ts';
import { CASE_WORK_PERMISSIONS, consentBody, today } from '../case-work/support.ts';
import { agencyWithStaff, expectStatus, ifMatch, personWithCase, staff, type Staff } from './support.ts';

/**
 * Need-to-know, path by path. One child's record holds, for every sensitivity class, a value only that class
 * may see (a marker) in each place the class protects: the person, the case, relations and documents, the
 * history, assessment answers, notes, service notes, consent, attachments (file, name and description).
 * For each class, a reader cleared for every other class reads every GET route of the person and the case
 * in the OpenAPI document (and the lists, search, my work, referrals, approvals, the summary PDF): no
 * marker of the class appears anywhere, the fields are listed in `redacted` (or the items only counted),
 * and the markers of every other class do appear — so the test fails if redaction goes too far as well.
 * Then isolation: another agency, another programme and another team get 404 from every person and case
 * route, guessed ids included, and change nothing.
 */

const MARK = 'Mq7'; // no Spanish word holds it: finding it means a marker leaked
const marker = (cls: SensitivityClass, where: string) => `${MARK}-${cls}-${where}`;

/** Every marker planted, by class. */
const planted: Record<SensitivityClass, string[]> = Object.fromEntries(
  SENSITIVITY_CLASSES.map((c) => [c, []]),
) as unknown as Record<SensitivityClass, string[]>;
const plant = (cls: SensitivityClass, where: string) => {
  const value = marker(cls, where);
  planted[cls].push(value);
  return value;
};
/** Names must be letters (and a passport number has no dashes): identity markers made up to fit. */
const plantName = (word: string) => {
  planted.identity.push(word);
  return word;
};

const READ_PERMISSIONS: Permission[] = [
  'person:read',
  'case:read',
  'case:approve',
  'assessment:read',
  'case_plan:read',
  'service:read',
  'case_note:read',
  'consent:read',
  'referral:read',
  'attachment:read',
];

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
let author: Staff;
let personId: string;
let caseId: string;
let relationId: string;
let documentId: string;
let consentId: string;
type Child = { id: string; cls: SensitivityClass | 'general' };
const children: Record<
  'notes' | 'services' | 'assessments' | 'consents' | 'caseAttachments' | 'personAttachments',
  Child[]
> = {
  notes: [],
  services: [],
  assessments: [],
  consents: [],
  caseAttachments: [],
  personAttachments: [],
};
let operations: Array<{ method: string; url: string }>;

const NOTE_TYPE_OF: Record<SensitivityClass, string> = {
  identity: '',
  contact_location: 'home_visit',
  health: 'medical_note',
  psychosocial: 'session_note',
  legal: 'legal_note',
  trafficking_experience: 'disclosure_note',
};
const SERVICE_AREA_OF: Partial<Record<SensitivityClass, string>> = {
  health: 'medical',
  psychosocial: 'psychosocial',
  legal: 'legal',
};

beforeAll(async () => {
  t = await startTestApp();
  const doc = (await t.client().get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{([^}]+)\}/g, ':$1') })),
  );
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  author = await staff(t, {
    agencyId: a.agencyId,
    scope: 'agency',
    permissions: [
      ...CASE_WORK_PERMISSIONS,
      ...READ_PERMISSIONS,
      'assessment:write',
      'case_plan:write',
      'attachment:write',
    ],
  });
  const c = author.client;
  const created = await personWithCase(
    c,
    {
      givenNames: plantName('Xiomarelda'),
      firstSurname: plantName('Quetzaltzib'),
      secondSurname: plantName('Ajpopxibal'),
      otherNames: [plantName('Yolixtaza')],
      gender: 'Feminine',
      sex: 'female',
      dateOfBirth: { precision: 'year', year: 2011 },
      citizenships: ['GTM'],
      pueblo: 'maya',
      linguisticCommunity: "Q'eqchi'",
      origin: {
        departmentCode: '16',
        municipalityCode: '1601',
        community: plant('contact_location', 'origin'),
      },
      disabilities: ['mobility'],
      languages: { primary: 'kek', others: [], interpreterNeeded: true },
    },
    {
      programmeId: a.centre,
      teamId: a.centreTeam,
      riskLevel: 'high',
      riskReasons: ['continuing_threat_from_traffickers'],
      riskNotes: plant('trafficking_experience', 'risk'),
      protectionMeasure: {
        court: plant('legal', 'court'),
        fileNumber: plant('legal', 'file'),
        pgnOffice: plant('legal', 'pgn'),
        measureType: 'temporary_shelter',
        orderDate: '2026-01-15',
        reviewDate: '2026-07-15',
        endDate: null,
      },
    },
  );
  personId = created.person.id;
  caseId = created.kase.id;

  relationId = expectStatus(
    await c.post(`/api/persons/${personId}/relations`, {
      kind: 'family',
      name: plantName('Ramirobel Poptunix'),
      relationship: 'father',
      phone: '+502 4321 9876',
      address: plant('contact_location', 'address'),
      notes: plant('contact_location', 'relation'),
      noContact: true,
      noContactReason: 'Denunciado por explotación',
      noContactSource: 'court_order',
    }),
    201,
  ).id;
  planted.contact_location.push('4321 9876');
  documentId = expectStatus(
    await c.post(`/api/persons/${personId}/identity-documents`, {
      type: 'passport',
      number: plantName('MQ7PASS4471'),
    }),
    201,
  ).id;
  // History of a later change as well as of the creation.
  expectStatus(
    await c.patch(
      `/api/persons/${personId}`,
      {
        origin: {
          departmentCode: '16',
          municipalityCode: '1609',
          community: plant('contact_location', 'moved'),
        },
      },
      ifMatch(1),
    ),
    200,
  );
  expectStatus(
    await c.patch(
      `/api/cases/${caseId}`,
      { riskNotes: plant('trafficking_experience', 'risk2') },
      ifMatch(1),
    ),
    200,
  );

  consentId = expectStatus(
    await c.post(
      `/api/persons/${personId}/consents`,
      consentBody({
        purpose: 'referral_to_agency',
        agencyId: b.agencyId,
        giverName: plantName('Rosalindaq Caalbex'),
      }),
    ),
    201,
  ).id;
  children.consents.push({ id: consentId, cls: 'identity' });
  expectStatus(
    await c.post(`/api/cases/${caseId}/referrals`, {
      kind: 'referral',
      toAgencyId: b.agencyId,
      servicesRequested: ['legal'],
      urgency: 'routine',
      reason: 'Acompañamiento legal en el proceso penal.',
    }),
    201,
  );

  for (const cls of SENSITIVITY_CLASSES) {
    if (NOTE_TYPE_OF[cls]) {
      const note = expectStatus(
        await c.post(`/api/cases/${caseId}/notes`, { type: NOTE_TYPE_OF[cls], body: plant(cls, 'note') }),
        201,
      );
      children.notes.push({ id: note.id, cls });
    }
    const area = SERVICE_AREA_OF[cls];
    if (area) {
      const service = expectStatus(
        await c.post(`/api/cases/${caseId}/services`, {
          area,
          provider: { kind: 'staff', userId: author.user.id },
          deliveredOn: today(),
          outcome: 'completed',
          notes: plant(cls, 'service'),
        }),
        201,
      );
      children.services.push({ id: service.id, cls });
    }
    for (const [kind, list] of [
      ['case', children.caseAttachments],
      ['person', children.personAttachments],
    ] as const) {
      const holder = kind === 'case' ? `/api/cases/${caseId}` : `/api/persons/${personId}`;
      const response = await upload(c, `${holder}/attachments`, pdfWith(plant(cls, `${kind}-content`)), {
        fileName: `${plant(cls, `${kind}-file`)}.pdf`,
        sensitivityClass: cls,
        description: plant(cls, `${kind}-description`),
      });
      expect(response.status, JSON.stringify(response.json)).toBe(201);
      list.push({ id: response.json.id, cls });
    }
  }
  if (hasPhoto()) {
    // The person's photo: an identity-class image of the person (re-encoded, so no marker inside).
    const photo = await upload(c, `/api/persons/${personId}/attachments`, await png(), {
      fileName: `${plant('identity', 'photo-file')}.png`,
      sensitivityClass: 'identity',
    });
    expect(photo.status, JSON.stringify(photo.json)).toBe(201);
    children.personAttachments.push({ id: photo.json.id, cls: 'identity' });
    const version = Number((await c.get(`/api/persons/${personId}`)).headers.get('etag')!.replace(/"/g, ''));
    expectStatus(
      await c.patch(`/api/persons/${personId}/photo`, { attachmentId: photo.json.id }, ifMatch(version)),
      200,
    );
  }
  const general = expectStatus(
    await c.post(`/api/cases/${caseId}/notes`, { type: 'case_note', body: 'Visita de rutina.' }),
    201,
  );
  children.notes.push({ id: general.id, cls: 'general' });

  // Assessments: a text answer of every class (drafts keep partial answers).
  const assess = async (formKey: string, answers: Record<string, unknown>) => {
    const assessment = expectStatus(
      await c.post(`/api/cases/${caseId}/assessments`, { formKey, answers }),
      201,
    );
    children.assessments.push({ id: assessment.id, cls: 'general' });
  };
  await assess('best_interest_assessment', {
    tracing_status: 'located',
    family_located: plant('identity', 'bia'),
    decision_safety_risks: plant('trafficking_experience', 'bia'),
    health_needs: plant('health', 'bia'),
    psychosocial_summary: plant('psychosocial', 'bia'),
    child_strengths: 'Le gusta dibujar.',
  });
  await assess('initial_assessment', {
    family_contact: 'in_contact',
    family_whereabouts: plant('contact_location', 'ia'),
    urgent_medical_needs: true,
    medical_needs_detail: plant('health', 'ia'),
  });
  await assess('psychosocial_assessment', { clinical_observations: plant('psychosocial', 'psa') });
  await assess('risk_assessment', {
    threats_since_rescue: true,
    threat_description: plant('trafficking_experience', 'ra'),
  });

  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  expectStatus(
    await c.post(`/api/cases/${caseId}/plan`, {
      goals: [
        {
          domain: 'education',
          objective: 'Volver a la escuela',
          actions: [
            { description: 'Inscribir en el instituto', responsibleUserId: author.user.id, dueDate: due },
          ],
        },
      ],
    }),
    201,
  );
});
afterAll(async () => t.close());

/** A person inside another record shows the name only. */
const NAME_CLASSES = {
  givenNames: PERSON_FIELD_CLASSES.givenNames,
  firstSurname: PERSON_FIELD_CLASSES.firstSurname,
  secondSurname: PERSON_FIELD_CLASSES.secondSurname,
};

/** The person's photo (identity class), when the server has it. */
const hasPhoto = () => operations.some((op) => op.method === 'GET' && op.url === '/api/persons/:id/photo');

const personOrCase = (url: string) => url.startsWith('/api/persons/:id') || url.startsWith('/api/cases/:id');

/** The ids a route's second parameter is filled with, by the route's collection. */
function childrenOf(url: string): Array<{ id: string; cls: SensitivityClass | 'general' }> {
  const table: Array<[RegExp, keyof typeof children | Array<{ id: string; cls: 'general' }>]> = [
    [/^\/api\/cases\/:id\/notes\/:\w+$/, 'notes'],
    [/^\/api\/cases\/:id\/services\/:\w+$/, 'services'],
    [/^\/api\/cases\/:id\/assessments\/:\w+$/, 'assessments'],
    [/^\/api\/cases\/:id\/attachments\/:\w+\/content$/, 'caseAttachments'],
    [/^\/api\/persons\/:id\/attachments\/:\w+\/content$/, 'personAttachments'],
    [/^\/api\/persons\/:id\/consents\/:\w+(\/withdraw)?$/, 'consents'],
    [/^\/api\/persons\/:id\/relations\/:\w+$/, [{ id: relationId, cls: 'general' }]],
    [/^\/api\/persons\/:id\/identity-documents\/:\w+$/, [{ id: documentId, cls: 'general' }]],
  ];
  const found = table.find(([pattern]) => pattern.test(url));
  if (!found) throw new Error(`Sin registros de prueba para ${url}: añádalos en need-to-know.test.ts`);
  return typeof found[1] === 'string' ? children[found[1]] : found[1];
}

/** Every URL of a GET route of the person or the case, with the class of the child it names (if any). */
const HISTORY_PAGE = '?pageSize=200';

function readUrls(): Array<{ url: string; route: string; cls: SensitivityClass | 'general' }> {
  const urls: Array<{ url: string; route: string; cls: SensitivityClass | 'general' }> = [];
  for (const op of operations) {
    if (op.method !== 'GET' || !personOrCase(op.url)) continue;
    const root = op.url.startsWith('/api/persons') ? personId : caseId;
    // A history holds more entries than its first page, and entries written together (one update of
    // several fields) have no order among them: read it whole, or a class's entries may fall off the page.
    const withRoot = op.url.replace(':id', root) + (op.url.endsWith('/history') ? HISTORY_PAGE : '');
    if (!/:\w+/.test(withRoot)) urls.push({ url: withRoot, route: op.url, cls: 'general' });
    else
      for (const child of childrenOf(op.url))
        urls.push({ url: withRoot.replace(/:\w+/, child.id), route: op.url, cls: child.cls });
  }
  return urls;
}

const LISTS = () => [
  '/api/persons?pageSize=200',
  '/api/persons/search?q=Xiomarelda%20Quetzaltzib',
  '/api/persons/search?q=MQ7PASS4471',
  '/api/cases?pageSize=200',
  `/api/cases?personId=${personId}`,
  '/api/my-work',
  '/api/referrals',
  '/api/approvals',
];

async function textOf(client: HttpClient, url: string): Promise<{ status: number; text: string; body: any }> {
  if (url.endsWith('.pdf') || url.endsWith('/content')) {
    const response = await download(client, url);
    const text =
      response.status === 200 && url.endsWith('.pdf')
        ? pdfText(response.bytes).join('\n')
        : response.bytes.toString('latin1');
    return { status: response.status, text, body: response.json };
  }
  const response = await client.get(url);
  return { status: response.status, text: JSON.stringify(response.body), body: response.body };
}

const contains = (text: string, value: string) => text.toLowerCase().includes(value.toLowerCase());

/** A reader of agency A with every read permission, cleared for every class but `missing`. */
const readerWithout = (missing: SensitivityClass | null) =>
  staff(t, {
    agencyId: a.agencyId,
    scope: 'agency',
    permissions: READ_PERMISSIONS,
    clearances: SENSITIVITY_CLASSES.filter((c) => c !== missing),
  });

/** Reads every path; returns all the text and the bodies by URL. */
async function readEverything(reader: Staff, missing: SensitivityClass | null) {
  const bodies = new Map<string, any>();
  let all = '';
  for (const { url, route, cls } of readUrls()) {
    const { status, text, body } = await textOf(reader.client, url);
    const hidden =
      (cls === missing && (route.includes('/notes/') || route.includes('/attachments/'))) ||
      (route === '/api/persons/:id/photo' && missing === 'identity');
    expect(status, `${url} (${route})`).toBe(hidden ? 404 : 200);
    bodies.set(url, body);
    all += `\n${text}`;
  }
  for (const url of LISTS()) {
    const { status, text, body } = await textOf(reader.client, url);
    expect(status, url).toBe(200);
    bodies.set(url, body);
    all += `\n${text}`;
  }
  return { all, bodies };
}

describe('need-to-know, every path', () => {
  it('shows a reader cleared for everything every marker (the fixture holds what each class protects)', async () => {
    const { all } = await readEverything(await readerWithout(null), null);
    for (const cls of SENSITIVITY_CLASSES) {
      expect(planted[cls].length, cls).toBeGreaterThan(0);
      for (const value of planted[cls]) expect(contains(all, value), `${cls}: ${value}`).toBe(true);
    }
  });

  it('psychosocial data exists in the case work (assessments, session notes, services, attachments)', () => {
    expect(planted.psychosocial).toEqual(
      expect.arrayContaining([
        marker('psychosocial', 'note'),
        marker('psychosocial', 'service'),
        marker('psychosocial', 'bia'),
        marker('psychosocial', 'psa'),
        marker('psychosocial', 'case-content'),
      ]),
    );
  });

  for (const cls of SENSITIVITY_CLASSES) {
    it(`without "${cls}": no path shows it, each says what it left out, every other class is still shown`, async () => {
      const reader = await readerWithout(cls);
      const { all, bodies } = await readEverything(reader, cls);
      for (const value of planted[cls]) expect(contains(all, value), `leaked: ${value}`).toBe(false);
      for (const other of SENSITIVITY_CLASSES.filter((c) => c !== cls))
        for (const value of planted[other])
          expect(contains(all, value), `over-redacted: ${value}`).toBe(true);

      const expectRedacted = (payload: any, classes: Record<string, string>, where: string) => {
        const fields = Object.entries(classes)
          .filter(([, c]) => c === cls)
          .map(([f]) => f);
        for (const field of fields) {
          expect(payload, `${where}.${field}`).not.toHaveProperty(field);
          expect(payload.redacted, `${where}.redacted`).toContain(field);
        }
        for (const field of payload.redacted)
          expect(classes[field], `${where}: ${field} over-redacted`).toBe(cls);
      };

      // The person: record, list, search.
      const person = bodies.get(`/api/persons/${personId}`);
      const listed = bodies.get('/api/persons?pageSize=200').items.find((p: any) => p.id === personId);
      const searched = bodies.get('/api/persons/search?q=Xiomarelda%20Quetzaltzib');
      const found = searched.items.find((p: any) => p.id === personId);
      // A name (or a document number) is identity data: a reader not cleared for it finds no one by it.
      expect(searched.identitySearched).toBe(cls !== 'identity');
      if (cls === 'identity') {
        expect(found).toBeUndefined();
        expect(bodies.get('/api/persons/search?q=MQ7PASS4471').items).toEqual([]);
      }
      // The photo belongs to the record of one person only.
      expectRedacted(
        person,
        hasPhoto() ? { ...PERSON_FIELD_CLASSES, photo: 'identity' } : PERSON_FIELD_CLASSES,
        'person record',
      );
      for (const [payload, where] of [
        [listed, 'list'],
        ...(cls === 'identity' ? [] : ([[found, 'search']] as const)),
      ] as const) {
        expectRedacted(payload, PERSON_FIELD_CLASSES, `person ${where}`);
        expect(payload, where).not.toHaveProperty('photo');
      }
      // The case: record and lists, with the person inside.
      const kase = bodies.get(`/api/cases/${caseId}`);
      const inList = bodies.get('/api/cases?pageSize=200').items.find((k: any) => k.id === caseId);
      const byPerson = bodies.get(`/api/cases?personId=${personId}`).items[0];
      // Lists carry no risk notes at all (they come only with the case read whole).
      const { riskNotes: _notInLists, ...listedCaseClasses } = CASE_FIELD_CLASSES;
      for (const [payload, classes] of [
        [kase, CASE_FIELD_CLASSES],
        [inList, listedCaseClasses],
        [byPerson, listedCaseClasses],
      ] as const) {
        expectRedacted(payload, classes, 'case');
        expectRedacted(payload.person, NAME_CLASSES, 'case.person');
        expect(payload.person.noContact).toHaveLength(1);
        if (cls === 'legal') expect(payload.due.map((d: any) => d.key)).not.toContain('protection_review');
      }
      // Relations, identity documents and consent.
      const relation = bodies.get(`/api/persons/${personId}/relations`).items[0];
      expectRedacted(relation, RELATION_FIELD_CLASSES, 'relation');
      const document = bodies.get(`/api/persons/${personId}/identity-documents`).items[0];
      expectRedacted(document, IDENTITY_DOCUMENT_FIELD_CLASSES, 'document');
      const consent = bodies.get(`/api/persons/${personId}/consents/${consentId}`);
      expectRedacted(consent, { giverName: 'identity' }, 'consent');
      // Field-level history: the values of the class are left out and listed.
      const roots = [
        `/api/persons/${personId}/history${HISTORY_PAGE}`,
        `/api/cases/${caseId}/history${HISTORY_PAGE}`,
      ];
      const entriesOf = (root: string) => bodies.get(root).items as any[];
      if (cls !== 'psychosocial')
        expect(
          roots.flatMap(entriesOf).filter((e) => fieldClassOf(e.recordType, e.field) === cls).length,
          `history entries of ${cls}`,
        ).toBeGreaterThan(0);
      for (const root of roots) {
        for (const entry of entriesOf(root)) {
          const hidden = fieldClassOf(entry.recordType, entry.field) === cls;
          expect(entry.redacted, `${root} ${entry.recordType}.${entry.field}`).toEqual(
            hidden ? ['from', 'to'] : [],
          );
          if (hidden) expect(entry).not.toHaveProperty('to');
        }
      }
      // Assessment answers: every field of the class is listed, answered or not.
      const forms = new Map(loadShippedForms().map((f) => [f.key, f]));
      for (const { id } of children.assessments) {
        const assessment = bodies.get(`/api/cases/${caseId}/assessments/${id}`);
        const definition = forms.get(assessment.formKey)!;
        const ofClass = fieldsOf(definition)
          .filter((f) => f.sensitivity === cls)
          .map((f) => f.key);
        expect([...assessment.redacted].sort(), assessment.formKey).toEqual([...ofClass].sort());
        for (const key of ofClass) expect(assessment.answers, key).not.toHaveProperty(key);
      }
      // Services: the notes of the area's class.
      for (const { id, cls: serviceClass } of children.services) {
        const service = bodies.get(`/api/cases/${caseId}/services/${id}`);
        expect(service.redacted, serviceClass).toEqual(serviceClass === cls ? ['notes'] : []);
        const inServiceList = bodies.get(`/api/cases/${caseId}/services`).items.find((s: any) => s.id === id);
        expect(inServiceList.redacted).toEqual(service.redacted);
      }
      // Notes and attachments of the class: absent, only counted.
      const hiddenNotes = children.notes.filter((n) => n.cls === cls).length;
      const notes = bodies.get(`/api/cases/${caseId}/notes`);
      expect(notes.redactedCount).toBe(hiddenNotes);
      expect(notes.items).toHaveLength(children.notes.length - hiddenNotes);
      for (const [path, list] of [
        [`/api/cases/${caseId}/attachments`, children.caseAttachments],
        [`/api/persons/${personId}/attachments`, children.personAttachments],
      ] as const) {
        const page = bodies.get(path);
        expect(page.redactedCount, path).toBe(list.filter((x) => x.cls === cls).length);
        expect(page.items.map((x: any) => x.id).sort()).toEqual(
          list
            .filter((x) => x.cls !== cls)
            .map((x) => x.id)
            .sort(),
        );
      }
      // The printed summary says what it left out.
      const printed = (await t.auditEvents('case.summary_printed')).at(-1)!;
      expect(printed.actor_user_id).toBe(reader.user.id);
      const redactedInPdf = printed.details.redacted as string[];
      for (const [field, c] of Object.entries(PERSON_FIELD_CLASSES))
        expect(redactedInPdf.includes(`person.${field}`), `pdf person.${field}`).toBe(c === cls);
      for (const [field, c] of Object.entries(CASE_FIELD_CLASSES))
        expect(redactedInPdf.includes(`case.${field}`), `pdf case.${field}`).toBe(c === cls);
    });
  }

  it('keeps no protected value in the audit trail, which administrators without clearance read', async () => {
    // Every path above has been read (searches by name and by document number included) and written.
    const reader = await readerWithout(null);
    await readEverything(reader, null);
    const byNumber = await reader.client.get('/api/persons/search?q=MQ7PASS4471');
    expect(byNumber.body.items.map((p: { id: string }) => p.id)).toEqual([personId]);
    expectStatus(
      await author.client.post('/api/persons/match', {
        givenNames: 'Xiomarelda',
        firstSurname: 'Quetzaltzib',
      }),
      200,
    );
    const { rows } = await t.superuser.query(`SELECT action, details::text AS details FROM audit_event`);
    const held = rows.flatMap((row) =>
      SENSITIVITY_CLASSES.flatMap((cls) => planted[cls])
        .filter((value) => contains(row.details, value))
        .map((value) => `${row.action}: ${value}`),
    );
    expect([...new Set(held)]).toEqual([]);
    const auditor = await t.signedIn(await t.createUser({ agencyId: a.agencyId, roles: ['system_admin'] }));
    const events = expectStatus(await auditor.get('/api/audit-events?pageSize=200'), 200);
    expect(events.total).toBeGreaterThan(0);
    expect(JSON.stringify(events).toLowerCase()).not.toContain('xiomarelda');
  });

  it('does not download an attachment of an uncleared class, and audits no download', async () => {
    const reader = await readerWithout('psychosocial');
    const psychosocial = children.caseAttachments.find((x) => x.cls === 'psychosocial')!;
    const before = (await t.auditEvents('attachment.downloaded')).length;
    const response = await download(
      reader.client,
      `/api/cases/${caseId}/attachments/${psychosocial.id}/content`,
    );
    expect(response.status).toBe(404);
    expect(response.bytes.toString('latin1')).not.toContain(MARK);
    expect(await t.auditEvents('attachment.downloaded')).toHaveLength(before);
  });
});

describe('isolation: every person and case route, guessed ids included', () => {
  const state = async () =>
    (
      await t.superuser.query(
        `SELECT 'person' AS t, id::text, version FROM person UNION ALL SELECT 'case', id::text, version FROM case_file
         UNION ALL SELECT 'relation', id::text, version FROM person_relation
         UNION ALL SELECT 'document', id::text, version FROM person_identity_document
         UNION ALL SELECT 'note', id::text, version FROM case_note
         UNION ALL SELECT 'service', id::text, version FROM case_service
         UNION ALL SELECT 'assessment', id::text, version FROM assessment
         UNION ALL SELECT 'consent', id::text, version FROM consent
         UNION ALL SELECT 'attachment', id::text, 1 FROM attachment
         UNION ALL SELECT 'plan', id::text, version FROM case_plan
         UNION ALL SELECT 'referral', id::text, version FROM referral
         UNION ALL SELECT 'restriction', record_id::text || user_id::text, 1 FROM record_restriction
         UNION ALL SELECT 'emergency', id::text, version FROM emergency_access ORDER BY 1, 2`,
      )
    ).rows;

  /** Every person and case route, with A's ids (or guessed ones), by an outsider holding every permission. */
  async function outsiderGetsNothing(
    outsider: HttpClient,
    ids: { person: string; kase: string; child: () => string },
    /** Another agency: no emergency access either, and nothing in its lists. */
    otherAgency: boolean,
  ) {
    const before = await state();
    const routes = operations.filter((op) => personOrCase(op.url));
    expect(routes.length).toBeGreaterThan(30);
    for (const op of routes) {
      const root = op.url.startsWith('/api/persons') ? ids.person : ids.kase;
      const url = op.url.replace(':id', root).replace(/:\w+/g, () => ids.child());
      const response = await outsider.request(op.method, url, {
        body: ['GET', 'DELETE'].includes(op.method) ? undefined : {},
        headers: op.method === 'GET' ? undefined : { 'if-match': '*' },
      });
      const key = `${op.method} ${op.url}`;
      // A write with an empty body may be refused as invalid before the record is looked up: nothing either way.
      if (op.method === 'GET' || op.method === 'DELETE') expect(response.status, key).toBe(404);
      else expect([400, 404], key).toContain(response.status);
      const text = JSON.stringify(response.body);
      for (const id of [personId, caseId, relationId, documentId, consentId])
        expect(text, key).not.toContain(id);
      expect(text.toLowerCase(), key).not.toContain(MARK.toLowerCase());
      expect(text, key).not.toContain('Xiomarelda');
    }
    // Writes with a valid body as well: still 404, still nothing.
    const valid: Array<[string, string, unknown]> = [
      ['PATCH', `/api/persons/${ids.person}`, { givenNames: 'Intrusa' }],
      [
        'POST',
        `/api/persons/${ids.person}/relations`,
        { kind: 'contact', name: 'X', relationship: 'aunt_uncle' },
      ],
      ['POST', `/api/cases/${ids.kase}/notes`, { type: 'case_note', body: 'Intrusión' }],
      ['POST', `/api/cases/${ids.kase}/status`, { to: 'assessment' }],
    ];
    // Within the agency, stating a reason opens a case for a while (audited, reviewed): not so across agencies.
    if (otherAgency)
      valid.push([
        'POST',
        `/api/cases/${ids.kase}/emergency-access`,
        { reason: 'Quiero ver este caso ajeno' },
      ]);
    for (const [method, url, body] of valid) {
      const response = await outsider.request(method, url, { body, headers: { 'if-match': '*' } });
      expect(response.status, `${method} ${url}`).toBe(404);
    }
    for (const list of ids.person === personId ? LISTS() : []) {
      const response = await outsider.get(list);
      const text = JSON.stringify(response.body);
      expect(text, list).not.toContain(personId);
      expect(text, list).not.toContain(caseId);
      expect(text.toLowerCase(), list).not.toContain(MARK.toLowerCase());
      // The agency the case was referred to sees the referral's narrow view (the name, no ids), nothing else.
      if (!(otherAgency && list === '/api/referrals')) expect(text, list).not.toContain('Xiomarelda');
    }
    expect(await state()).toEqual(before);
  }

  const outsider = async (
    agencyId: string,
    extra: { scope?: 'agency' | 'programme' | 'team'; teamIds?: string[]; programmeId?: string } = {},
  ) =>
    (
      await staff(t, {
        agencyId,
        scope: extra.scope ?? 'agency',
        permissions: [
          ...CASE_WORK_PERMISSIONS,
          ...READ_PERMISSIONS,
          'assessment:write',
          'case_plan:write',
          'attachment:write',
          'case:assign',
          'case:close',
          'case:share',
          'referral:respond',
        ],
        ...(extra.teamIds && { teamIds: extra.teamIds }),
        ...(extra.programmeId && { programmeId: extra.programmeId }),
      })
    ).client;

  const realIds = () => {
    const all = [relationId, documentId, ...Object.values(children).flatMap((list) => list.map((x) => x.id))];
    let i = 0;
    return { person: personId, kase: caseId, child: () => all[i++ % all.length]! };
  };

  it('another agency — even the one the case was referred to — gets 404 from every route', async () => {
    await outsiderGetsNothing(await outsider(b.agencyId), realIds(), true);
  });

  it('another programme and another team of the same agency get 404 from every route', async () => {
    await outsiderGetsNothing(
      await outsider(a.agencyId, { scope: 'programme', programmeId: a.returnees }),
      realIds(),
      false,
    );
    await outsiderGetsNothing(
      await outsider(a.agencyId, { scope: 'team', teamIds: [a.returneeTeam] }),
      realIds(),
      false,
    );
  });

  it('guessed ids get the same 404 as real ids outside scope', async () => {
    const guessed = { person: randomUUID(), kase: randomUUID(), child: () => randomUUID() };
    // Someone who reaches every record of agency A, with every permission.
    await outsiderGetsNothing(await outsider(a.agencyId), guessed, true);
    const outside = await (await outsider(b.agencyId)).get(`/api/cases/${caseId}`);
    const unknown = await author.client.get(`/api/cases/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect({ type: unknown.body.type, detail: unknown.body.detail }).toEqual({
      type: outside.body.type,
      detail: outside.body.detail,
    });
  });
});
