import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITY_CLASSES } from '../../../src/core/access/catalogue.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, ifMatch, personWithCase, type Staff } from '../cases/support.ts';
import { caseWorker } from '../case-work/support.ts';
import { download, jpegWithGps, pdfWith, png, upload } from './support.ts';

/**
 * A person's photo: one of the person's own image attachments of the identity class, set under If-Match
 * and audited; in the record of the person for a reader cleared for identity data only (otherwise named in
 * `redacted`, and its content 404); never in lists, search results or a person inside a case.
 */

const PERMISSIONS = [
  'person:read',
  'person:update',
  'case:read',
  'attachment:read',
  'attachment:write',
] as const;

let t: TestApp;
let cleared: Staff;
let uncleared: Staff;
let other: Staff;
let personId: string;
let caseId: string;
let otherPersonId: string;
let photoId: string;
let generalImageId: string;
let identityPdfId: string;
let caseImageId: string;
let otherPersonsImageId: string;

const record = () => `/api/persons/${personId}`;
const photoPath = () => `/api/persons/${personId}/photo`;

const setPhoto = (who: Staff, attachmentId: string | null, version?: number) =>
  who.client.patch(photoPath(), { attachmentId }, version === undefined ? {} : ifMatch(version));

async function uploaded(who: Staff, path: string, body: Buffer, fileName: string, sensitivityClass: string) {
  const response = await upload(who.client, path, body, { fileName, sensitivityClass });
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json.id as string;
}

const versionOf = async (id: string) =>
  (await t.superuser.query('SELECT version, photo_attachment_id FROM person WHERE id = $1', [id])).rows[0];

beforeAll(async () => {
  t = await startTestApp();
  const a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  cleared = await caseWorker(t, a.agencyId, {
    permissions: [...PERMISSIONS, 'person:create', 'case:create'],
  });
  uncleared = await caseWorker(t, a.agencyId, {
    permissions: [...PERMISSIONS],
    clearances: SENSITIVITY_CLASSES.filter((c) => c !== 'identity'),
  });
  other = await caseWorker(t, b.agencyId, { permissions: [...PERMISSIONS] });
  const created = await personWithCase(
    cleared.client,
    { givenNames: 'Ixchel', firstSurname: 'Cux' },
    { programmeId: a.centre, teamId: a.centreTeam },
  );
  personId = created.person.id;
  caseId = created.kase.id;
  otherPersonId = (await personWithCase(cleared.client, { givenNames: 'Rosa' }, { programmeId: a.centre }))
    .person.id;
  const attachments = `${record()}/attachments`;
  photoId = await uploaded(cleared, attachments, await jpegWithGps(), 'foto.jpg', 'identity');
  generalImageId = await uploaded(cleared, attachments, await png(), 'dibujo.png', 'general');
  identityPdfId = await uploaded(cleared, attachments, pdfWith('Partida'), 'partida.pdf', 'identity');
  caseImageId = await uploaded(
    cleared,
    `/api/cases/${caseId}/attachments`,
    await png(),
    'caso.png',
    'identity',
  );
  otherPersonsImageId = await uploaded(
    cleared,
    `/api/persons/${otherPersonId}/attachments`,
    await png(),
    'otra.png',
    'identity',
  );
});
afterAll(async () => t.close());

describe('setting the photo', () => {
  it('needs If-Match: 428 without it, 412 when stale, nothing written', async () => {
    expectStatus(await setPhoto(cleared, photoId), 428);
    expectStatus(await setPhoto(cleared, photoId, 99), 412);
    expect((await versionOf(personId)).photo_attachment_id).toBeNull();
  });

  it('refuses what is not an identity image of this person outside its cases: 400 on attachmentId, nothing written', async () => {
    const before = await versionOf(personId);
    const auditBefore = (await t.auditEvents()).length;
    for (const [attachmentId, code] of [
      [generalImageId, 'wrong_class'],
      [identityPdfId, 'not_an_image'],
      [caseImageId, 'unknown_attachment'],
      [otherPersonsImageId, 'unknown_attachment'],
      ['00000000-0000-4000-8000-000000000000', 'unknown_attachment'],
    ] as const) {
      const body = expectStatus(await setPhoto(cleared, attachmentId, before.version), 400);
      expect(body.errors, attachmentId).toEqual([
        expect.objectContaining({ field: 'body.attachmentId', code }),
      ]);
    }
    expectStatus(await setPhoto(cleared, 'not-a-uuid', before.version), 400);
    expect(await versionOf(personId)).toEqual(before);
    expect((await t.auditEvents()).length).toBe(auditBefore);
  });

  it('refuses a user without identity clearance (403) and another agency (404)', async () => {
    const before = await versionOf(personId);
    const refused = expectStatus(await setPhoto(uncleared, photoId, before.version), 403);
    expect(refused.errors).toEqual([
      expect.objectContaining({ field: 'body.attachmentId', code: 'not_cleared' }),
    ]);
    expectStatus(await setPhoto(other, photoId, before.version), 404);
    expect(await versionOf(personId)).toEqual(before);
  });

  it('sets an identity image of the person: new version and ETag, audited, in the field history', async () => {
    const before = await versionOf(personId);
    const response = await setPhoto(cleared, photoId, before.version);
    const body = expectStatus(response, 200);
    expect(body.photo).toEqual({
      attachmentId: photoId,
      mediaType: 'image/jpeg',
      byteSize: expect.any(Number),
    });
    expect(body.version).toBe(before.version + 1);
    expect(response.headers.get('etag')).toBe(`"${before.version + 1}"`);
    expect(await versionOf(personId)).toEqual({ version: before.version + 1, photo_attachment_id: photoId });
    const events = await t.auditEvents('person.photo_set');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_user_id).toBe(cleared.user.id);
    expect(events[0]!.resource_ids).toEqual(expect.arrayContaining([personId, photoId]));

    const history = expectStatus(await cleared.client.get(`${record()}/history`), 200);
    expect(history.items[0]).toMatchObject({ field: 'photo', from: null, to: photoId, redacted: [] });
    const hidden = expectStatus(await uncleared.client.get(`${record()}/history`), 200);
    expect(hidden.items[0]).toMatchObject({ field: 'photo', redacted: ['from', 'to'] });
    expect(hidden.items[0]).not.toHaveProperty('to');
  });
});

describe('showing the photo', () => {
  it('a cleared reader gets it in the record, and its content (the stored image), audited', async () => {
    const person = expectStatus(await cleared.client.get(record()), 200);
    expect(person.photo).toMatchObject({ attachmentId: photoId, mediaType: 'image/jpeg' });
    expect(person.redacted).not.toContain('photo');
    const viewedBefore = (await t.auditEvents('person.photo_viewed')).length;
    const content = await download(cleared.client, photoPath());
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/jpeg');
    expect(content.headers.get('cache-control')).toBe('no-store');
    const stored = await download(cleared.client, `${record()}/attachments/${photoId}/content`);
    expect(content.bytes.equals(stored.bytes)).toBe(true);
    const viewed = await t.auditEvents('person.photo_viewed');
    expect(viewed).toHaveLength(viewedBefore + 1);
    expect(viewed.at(-1)!.resource_ids).toEqual(expect.arrayContaining([personId, photoId]));
  });

  it('a reader without identity clearance: no photo, `redacted` names it, the content is 404 and not audited', async () => {
    const person = expectStatus(await uncleared.client.get(record()), 200);
    expect(person).not.toHaveProperty('photo');
    expect(person.redacted).toContain('photo');
    const viewedBefore = (await t.auditEvents('person.photo_viewed')).length;
    const content = await download(uncleared.client, photoPath());
    expect(content.status).toBe(404);
    expect(content.bytes.length).toBeLessThan(2000);
    expect((await t.auditEvents('person.photo_viewed')).length).toBe(viewedBefore);
  });

  it('another agency gets 404 for the record and the photo', async () => {
    expectStatus(await other.client.get(record()), 404);
    const content = await download(other.client, photoPath());
    expect(content.status).toBe(404);
    expect(content.headers.get('content-type')).not.toContain('image');
  });

  it('is never in a list, a search result or the person inside a case, not even for a cleared reader', async () => {
    const listed = expectStatus(await cleared.client.get('/api/persons?pageSize=100'), 200).items.find(
      (p: any) => p.id === personId,
    );
    const found = expectStatus(
      await cleared.client.get('/api/persons/search?q=Ixchel%20Cux'),
      200,
    ).items.find((p: any) => p.id === personId);
    const kase = expectStatus(await cleared.client.get(`/api/cases/${caseId}`), 200);
    for (const [payload, where] of [
      [listed, 'list'],
      [found, 'search'],
      [kase.person, 'case'],
    ] as const) {
      expect(payload, where).toBeDefined();
      expect(payload, where).not.toHaveProperty('photo');
      expect(payload.redacted, where).not.toContain('photo');
      expect(JSON.stringify(payload), where).not.toContain(photoId);
    }
  });

  it('a person without a photo: null for the cleared, 404 content', async () => {
    const person = expectStatus(await cleared.client.get(`/api/persons/${otherPersonId}`), 200);
    expect(person.photo).toBeNull();
    expect((await download(cleared.client, `/api/persons/${otherPersonId}/photo`)).status).toBe(404);
  });
});

describe('removing the photo', () => {
  it('null removes it: audited, the content is gone, the attachment stays', async () => {
    const { version } = await versionOf(personId);
    const body = expectStatus(await setPhoto(cleared, null, version), 200);
    expect(body.photo).toBeNull();
    expect(await t.auditEvents('person.photo_removed')).toHaveLength(1);
    expect((await download(cleared.client, photoPath())).status).toBe(404);
    expect((await download(cleared.client, `${record()}/attachments/${photoId}/content`)).status).toBe(200);
  });
});
