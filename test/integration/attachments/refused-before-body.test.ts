import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../src/server/platform/auth/authenticate.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, personWithCase, type Staff } from '../cases/support.ts';
import { caseWorker } from '../case-work/support.ts';

/**
 * Authentication and the authorization decision come before the body is read: a caller who will be
 * refused cannot make the server take in (buffer, parse) an upload of up to ATTACHMENT_MAX_BYTES. The
 * client announces 5 MB, sends only the first 64 KB and waits: the refusal must arrive while most of the
 * body is still unsent. Were the body read first, no answer would come until the client sent it all.
 */

const ANNOUNCED = 5 * 1024 * 1024;
const SENT = 64 * 1024;

let t: TestApp;
let writer: Staff;
let reader: Staff;
let caseId: string;
let personId: string;

beforeAll(async () => {
  t = await startTestApp();
  const a = await agencyWithStaff(t, 'Refugio');
  writer = await caseWorker(t, a.agencyId, { extra: ['attachment:read', 'attachment:write'] });
  reader = await caseWorker(t, a.agencyId, { extra: ['attachment:read'] });
  const created = await personWithCase(
    writer.client,
    { givenNames: 'Marta', firstSurname: 'Xol' },
    { programmeId: a.centre, teamId: a.centreTeam },
  );
  caseId = created.kase.id;
  personId = created.person.id;
});
afterAll(async () => t.close());

interface EarlyAnswer {
  status: number;
  body: any;
  /** Bytes of the body the client had written when the answer arrived. */
  bytesSent: number;
}

/** Starts an upload that announces ANNOUNCED bytes, sends SENT of them, and waits for the server's answer. */
function partialUpload(path: string, headers: Record<string, string> = {}): Promise<EarlyAnswer> {
  const url = new URL(path, t.baseUrl);
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(ANNOUNCED),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer while ${ANNOUNCED - bytesSent} bytes of the body were unsent`));
    }, 5_000);
    request.on('response', (response) => {
      const sentAtAnswer = bytesSent;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        request.destroy();
        const text = Buffer.concat(chunks).toString();
        resolve({
          status: response.statusCode!,
          body: text ? JSON.parse(text) : undefined,
          bytesSent: sentAtAnswer,
        });
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.flushHeaders();
    request.write(Buffer.alloc(SENT, 0x41), () => {
      bytesSent += SENT;
    });
  });
}

const query = '?fileName=grande.pdf&sensitivityClass=general';

describe('a refused upload is answered before its body is read', () => {
  it('anonymous: 401 while almost all of the 5 MB is still unsent, and nothing stored', async () => {
    const attachmentsBefore = await t.count('attachment');
    for (const path of [
      `/api/cases/${caseId}/attachments${query}`,
      `/api/persons/${personId}/attachments${query}`,
    ]) {
      const answer = await partialUpload(path);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: expect.stringContaining('unauthenticated') });
      expect(answer.bytesSent).toBeLessThanOrEqual(SENT);
    }
    expect(await t.count('attachment')).toBe(attachmentsBefore);
    expect(await t.auditEvents('attachment.uploaded')).toHaveLength(0);
  });

  it('a JSON body of a protected route is not parsed for an anonymous caller either', async () => {
    const answer = await partialUpload('/api/persons', { 'content-type': 'application/json' });
    expect(answer.status).toBe(401);
    expect(answer.bytesSent).toBeLessThanOrEqual(SENT);
  });

  it('signed in without attachment:write: 403, audited as a denial, before the body', async () => {
    const denialsBefore = (await t.auditEvents('authz.denied')).length;
    const answer = await partialUpload(`/api/cases/${caseId}/attachments${query}`, {
      cookie: `${SESSION_COOKIE}=${reader.client.cookie}`,
      'x-csrf-token': reader.client.csrfToken!,
    });
    expect(answer.status).toBe(403);
    expect(answer.bytesSent).toBeLessThanOrEqual(SENT);
    const denials = await t.auditEvents('authz.denied');
    expect(denials).toHaveLength(denialsBefore + 1);
    expect(denials.at(-1)!.details).toMatchObject({
      route: 'POST /api/cases/:id/attachments',
      permission: 'attachment:write',
    });
  });

  it('signed in with the permission but without the CSRF token: 403 before the body', async () => {
    const answer = await partialUpload(`/api/cases/${caseId}/attachments${query}`, {
      cookie: `${SESSION_COOKIE}=${writer.client.cookie}`,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: expect.stringContaining('csrf-token-invalid') });
    expect(answer.bytesSent).toBeLessThanOrEqual(SENT);
    expect(await t.auditEvents('attachment.uploaded')).toHaveLength(0);
  });

  it('an admitted upload is still read whole and stored', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const response = await fetch(`${t.baseUrl}/api/cases/${caseId}/attachments${query}`, {
      method: 'POST',
      headers: {
        cookie: `${SESSION_COOKIE}=${writer.client.cookie}`,
        'x-csrf-token': writer.client.csrfToken!,
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(pdf),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await t.auditEvents('attachment.uploaded')).toHaveLength(1);
  });
});
