import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_ENCRYPTED_COLUMNS } from '../../../src/server/attachments/encrypted-columns.ts';
import { rotateMasterKey } from '../../../src/server/backup/keys.ts';
import { ENCRYPTED_COLUMNS } from '../../../src/server/platform/crypto/encrypted-columns.ts';
import { Envelope } from '../../../src/server/platform/crypto/envelope.ts';
import { loadKeyRing } from '../../../src/server/platform/crypto/master-key.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, expectStatus, personWithCase, type Staff } from '../cases/support.ts';
import { caseWorker } from '../case-work/support.ts';
import {
  download,
  GPS,
  jpegApp1Segments,
  jpegWithGps,
  pdfWith,
  png,
  sendBytes,
  upload,
  windowsExecutable,
} from './support.ts';

const MAX_BYTES = 200_000;
const ATTACHMENT_PERMISSIONS = ['case:read', 'person:read', 'attachment:read', 'attachment:write'] as const;

let t: TestApp;
let coordinator: Staff;
let lawyer: Staff;
let other: Staff;
let noPermission: Staff;
let caseId: string;
let personId: string;
let otherCaseId: string;

const base = () => `/api/cases/${caseId}/attachments`;

beforeAll(async () => {
  t = await startTestApp({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
  const a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  coordinator = await caseWorker(t, a.agencyId, { extra: [...ATTACHMENT_PERMISSIONS] });
  lawyer = await caseWorker(t, a.agencyId, {
    permissions: [...ATTACHMENT_PERMISSIONS],
    clearances: ['identity', 'legal'],
  });
  noPermission = await caseWorker(t, a.agencyId, { permissions: ['case:read'] });
  other = await caseWorker(t, b.agencyId, { extra: [...ATTACHMENT_PERMISSIONS] });
  const created = await personWithCase(
    coordinator.client,
    { givenNames: 'Marta', firstSurname: 'Xol' },
    { programmeId: a.centre, teamId: a.centreTeam },
  );
  caseId = created.kase.id;
  personId = created.person.id;
  otherCaseId = (await personWithCase(other.client, { givenNames: 'Rosa' }, { programmeId: b.centre })).kase
    .id;
});
afterAll(async () => t.close());

const uploadedEvents = async () => (await t.auditEvents('attachment.uploaded')).length;

describe('uploading', () => {
  it('rewrites a photo without its EXIF: no GPS position and no camera in what is stored or downloaded', async () => {
    const photo = await jpegWithGps();
    // The fixture really carries what must go: the camera's name, the GPS IFD pointer and position.
    expect(photo.includes(Buffer.from(GPS.camera))).toBe(true);
    expect(jpegApp1Segments(photo)).toHaveLength(1);
    const exif = (await sharp(photo).metadata()).exif!;
    expect(exif.includes(Buffer.from([0x25, 0x88]))).toBe(true);

    const created = await upload(coordinator.client, base(), photo, {
      fileName: 'foto del albergue.jpg',
      sensitivityClass: 'general',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      caseId,
      personId,
      fileName: 'foto del albergue.jpg',
      mediaType: 'image/jpeg',
      metadataRemoved: true,
      sensitivityClass: 'general',
      uploadedBy: { id: coordinator.user.id },
    });

    const got = await download(coordinator.client, `${base()}/${created.json.id}/content`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="foto del albergue\.jpg"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.bytes.length).toBe(created.json.byteSize);
    expect(jpegApp1Segments(got.bytes)).toEqual([]);
    expect(got.bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(got.bytes.includes(Buffer.from(GPS.camera))).toBe(false);
    expect(got.bytes.includes(Buffer.from('CameraFirmware'))).toBe(false);
    const rewritten = await sharp(got.bytes).metadata();
    expect(rewritten).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(rewritten.exif).toBeUndefined();
    expect(rewritten.xmp).toBeUndefined();
  });

  it('decides the type from the bytes: a PNG declared as a JPEG is kept and named as a PNG', async () => {
    const created = await upload(
      coordinator.client,
      base(),
      await png(),
      { fileName: 'C:\\Users\\fotos\\dibujo.jpg', sensitivityClass: 'general' },
      'image/jpeg',
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      mediaType: 'image/png',
      fileName: 'dibujo.png',
      metadataRemoved: true,
    });
  });

  it('refuses a Windows program renamed .jpg with a 415 problem, and writes nothing', async () => {
    const [rows, events] = [await t.count('attachment'), await uploadedEvents()];
    const refused = await upload(
      coordinator.client,
      base(),
      windowsExecutable(),
      { fileName: 'foto.jpg', sensitivityClass: 'general' },
      'image/jpeg',
    );
    expect(refused.status).toBe(415);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.type).toBe('urn:amparo:problem:unsupported-media-type');
    expect(refused.json.detail).toMatch(/no es un PDF ni una imagen/);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({ field: 'body', code: 'unsupported_type' }),
    ]);
    expect(await t.count('attachment')).toBe(rows);
    expect(await uploadedEvents()).toBe(events);
  });

  it('refuses a body over ATTACHMENT_MAX_BYTES with a 413 problem, and writes nothing', async () => {
    const rows = await t.count('attachment');
    const big = Buffer.concat([pdfWith('grande'), Buffer.alloc(MAX_BYTES, 0x20)]);
    const refused = await upload(coordinator.client, base(), big, {
      fileName: 'grande.pdf',
      sensitivityClass: 'general',
    });
    expect(refused.status).toBe(413);
    expect(refused.json).toMatchObject({ type: 'urn:amparo:problem:payload-too-large', status: 413 });
    expect(await t.count('attachment')).toBe(rows);
  });

  it('refuses an empty file, a missing class and an unknown class with a 400 on the field', async () => {
    const rows = await t.count('attachment');
    const empty = await upload(coordinator.client, base(), Buffer.alloc(0), {
      fileName: 'vacío.pdf',
      sensitivityClass: 'general',
    });
    expect(empty.status).toBe(400);
    const noClass = await upload(coordinator.client, base(), pdfWith('x'), { fileName: 'a.pdf' });
    expect(noClass.status).toBe(400);
    expect(noClass.json.errors[0].field).toBe('querystring.sensitivityClass');
    const unknown = await upload(coordinator.client, base(), pdfWith('x'), {
      fileName: 'a.pdf',
      sensitivityClass: 'secreto',
    });
    expect(unknown.status).toBe(400);
    const json = await coordinator.client.post(base(), { fileName: 'a.pdf' });
    expect(json.status).toBe(400);
    expect(await t.count('attachment')).toBe(rows);
  });

  it('takes file bytes only on upload routes: a JSON route refuses them with 415', async () => {
    const refused = await sendBytes(coordinator.client, 'POST', `/api/cases/${caseId}/notes`, {
      body: pdfWith('nota'),
    });
    expect(refused.status).toBe(415);
    expect(refused.json.type).toBe('urn:amparo:problem:unsupported-media-type');
  });

  it('does not let a user store a class they are not cleared for', async () => {
    const rows = await t.count('attachment');
    const refused = await upload(lawyer.client, base(), pdfWith('informe'), {
      fileName: 'informe médico.pdf',
      sensitivityClass: 'health',
    });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0]).toMatchObject({
      field: 'querystring.sensitivityClass',
      code: 'not_cleared',
    });
    expect(await t.count('attachment')).toBe(rows);
  });
});

describe('encryption at rest', () => {
  it('keeps content, file name and description only as ciphertext bound to the row', async () => {
    const marker = 'DICTAMEN-MEDICO-CONFIDENCIAL-4471';
    const pdf = pdfWith(marker);
    const created = await upload(coordinator.client, base(), pdf, {
      fileName: 'dictamen Marta Xol.pdf',
      sensitivityClass: 'health',
      description: 'Dictamen del INACIF',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      mediaType: 'application/pdf',
      metadataRemoved: false,
      byteSize: pdf.length,
    });
    const { rows } = await t.superuser.query(
      'SELECT content_sealed, file_name_sealed, description_sealed FROM attachment WHERE id = $1',
      [created.json.id],
    );
    const row = rows[0];
    expect(row.content_sealed.includes(Buffer.from(marker))).toBe(false);
    expect(row.content_sealed.includes(pdf.subarray(0, 64))).toBe(false);
    expect(row.file_name_sealed.includes(Buffer.from('Marta'))).toBe(false);
    expect(row.description_sealed.includes(Buffer.from('INACIF'))).toBe(false);
    const { envelope } = t.runtime.services;
    expect(envelope.decrypt(row.content_sealed, `attachment.content:${created.json.id}`).equals(pdf)).toBe(
      true,
    );
    expect(() => envelope.decrypt(row.content_sealed, `attachment.content:${caseId}`)).toThrow();
    const got = await download(coordinator.client, `${base()}/${created.json.id}/content`);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
  });

  it('registers every sealed column of attachments for key rotation', () => {
    for (const column of ATTACHMENT_ENCRYPTED_COLUMNS) expect(ENCRYPTED_COLUMNS).toContainEqual(column);
  });
});

describe('need-to-know and isolation', () => {
  let health: string;
  let legal: string;
  beforeAll(async () => {
    health = (
      await upload(coordinator.client, base(), pdfWith('salud'), {
        fileName: 'salud.pdf',
        sensitivityClass: 'health',
      })
    ).json.id;
    legal = (
      await upload(coordinator.client, base(), pdfWith('juicio'), {
        fileName: 'juicio.pdf',
        sensitivityClass: 'legal',
      })
    ).json.id;
  });

  it('leaves out of the list what the reader is not cleared for, only counting it', async () => {
    const all = expectStatus(await coordinator.client.get(base()), 200);
    const byLawyer = expectStatus(await lawyer.client.get(base()), 200);
    const lawyerIds = byLawyer.items.map((i: { id: string }) => i.id);
    expect(all.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([health, legal]));
    expect(lawyerIds).toContain(legal);
    expect(lawyerIds).not.toContain(health);
    expect(
      byLawyer.items.every((i: { sensitivityClass: string }) =>
        ['general', 'legal', 'identity'].includes(i.sensitivityClass),
      ),
    ).toBe(true);
    expect(JSON.stringify(byLawyer)).not.toContain('salud.pdf');
    expect(byLawyer.redactedCount).toBe(all.total - byLawyer.total);
    expect(byLawyer.redactedCount).toBeGreaterThanOrEqual(2);
    expect(byLawyer).toMatchObject({
      maxBytes: MAX_BYTES,
      acceptedTypes: expect.arrayContaining(['application/pdf', 'image/jpeg']),
    });
    const [event] = (await t.auditEvents('attachment.list')).slice(-1);
    expect(event!.actor_user_id).toBe(lawyer.user.id);
    expect(event!.resource_ids).not.toContain(health);
    expect(event!.details.redactedCount).toBe(byLawyer.redactedCount);
  });

  it('refuses the download of a class the reader is not cleared for (404) and audits no download', async () => {
    const before = (await t.auditEvents('attachment.downloaded')).length;
    const refused = await download(lawyer.client, `${base()}/${health}/content`);
    expect(refused.status).toBe(404);
    expect(refused.bytes.includes(Buffer.from('salud'))).toBe(false);
    expect((await download(lawyer.client, `${base()}/${legal}/content`)).status).toBe(200);
    const events = await t.auditEvents('attachment.downloaded');
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ actor_user_id: lawyer.user.id, resource_ids: [legal, caseId] });
  });

  it('answers 404 to another agency through every path, guessed ids included', async () => {
    const rows = await t.count('attachment');
    expect((await other.client.get(base())).status).toBe(404);
    expect((await download(other.client, `${base()}/${legal}/content`)).status).toBe(404);
    expect(
      (await download(other.client, `/api/cases/${otherCaseId}/attachments/${legal}/content`)).status,
    ).toBe(404);
    expect(
      (
        await upload(other.client, base(), pdfWith('intruso'), {
          fileName: 'x.pdf',
          sensitivityClass: 'general',
        })
      ).status,
    ).toBe(404);
    expect((await other.client.get(`/api/persons/${personId}/attachments`)).status).toBe(404);
    expect(await t.count('attachment')).toBe(rows);
    const mine = expectStatus(await other.client.get(`/api/cases/${otherCaseId}/attachments`), 200);
    expect(mine).toMatchObject({ items: [], total: 0, redactedCount: 0 });
  });

  it('refuses users without the attachment permission (403)', async () => {
    expect((await noPermission.client.get(base())).status).toBe(403);
    expect((await download(noPermission.client, `${base()}/${legal}/content`)).status).toBe(403);
  });

  it('audits every download, one event each', async () => {
    const before = (await t.auditEvents('attachment.downloaded')).length;
    await download(coordinator.client, `${base()}/${health}/content`);
    await download(coordinator.client, `${base()}/${health}/content`);
    const events = (await t.auditEvents('attachment.downloaded')).slice(before);
    expect(events).toHaveLength(2);
    for (const event of events)
      expect(event).toMatchObject({
        actor_user_id: coordinator.user.id,
        resource_type: 'attachment',
        resource_ids: [health, caseId],
        details: { sensitivityClass: 'health' },
      });
  });
});

describe("a person's own attachments", () => {
  it('are kept apart from the case attachments, with the same checks', async () => {
    const path = `/api/persons/${personId}/attachments`;
    const created = await upload(coordinator.client, path, pdfWith('acta'), {
      fileName: 'acta de nacimiento.pdf',
      sensitivityClass: 'identity',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ personId, caseId: null });
    const list = expectStatus(await coordinator.client.get(path), 200);
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([created.json.id]);
    const caseList = expectStatus(await coordinator.client.get(base()), 200);
    expect(caseList.items.map((i: { id: string }) => i.id)).not.toContain(created.json.id);
    expect((await download(coordinator.client, `${base()}/${created.json.id}/content`)).status).toBe(404);
    const got = await download(coordinator.client, `${path}/${created.json.id}/content`);
    expect(got.status).toBe(200);
    expect((await t.auditEvents('attachment.downloaded')).at(-1)!.resource_ids).toEqual([
      created.json.id,
      personId,
    ]);
  });
});

// Last: after the rotation the running server's key ring is out of date.
describe('master key rotation', () => {
  it('re-wraps the content, name and description of every attachment', async () => {
    const pdf = pdfWith('rotacion');
    const created = await upload(coordinator.client, base(), pdf, {
      fileName: 'rotación.pdf',
      sensitivityClass: 'general',
      description: 'Antes de rotar',
    });
    expect(created.status).toBe(201);
    const summary = await rotateMasterKey({ client: t.superuser, dataDir: t.dataDir, retireOld: true });
    expect(summary.rewrapped['attachment.content_sealed']).toBe(await t.count('attachment'));
    expect(summary.rewrapped['attachment.file_name_sealed']).toBe(await t.count('attachment'));
    expect(summary.rewrapped['attachment.description_sealed']).toBeGreaterThanOrEqual(1);
    const rotated = new Envelope(await loadKeyRing(t.dataDir));
    const { rows } = await t.superuser.query(
      'SELECT content_sealed, file_name_sealed FROM attachment WHERE id = $1',
      [created.json.id],
    );
    expect(rotated.decrypt(rows[0].content_sealed, `attachment.content:${created.json.id}`).equals(pdf)).toBe(
      true,
    );
    expect(rotated.decryptText(rows[0].file_name_sealed, `attachment.file_name:${created.json.id}`)).toBe(
      'rotación.pdf',
    );
  });
});
