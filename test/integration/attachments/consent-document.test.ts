import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITY_CLASSES } from '../../../src/core/access/catalogue.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { agencyWithStaff, createCase, expectStatus, personWithCase, type Staff } from '../cases/support.ts';
import { caseWorker, consentBody } from '../case-work/support.ts';
import { pdfWith, upload } from './support.ts';

/**
 * A consent's document, when it is an attachment, must be one of the same person's (their own or of one of
 * their cases) that the recording user may see; anything else is a 400 on body.document.attachmentId with
 * nothing written.
 */

const ATTACHMENTS = ['attachment:read', 'attachment:write'] as const;

let t: TestApp;
let coordinator: Staff;
let teamWorker: Staff;
let notPsychosocial: Staff;
let personId: string;
let ownFile: string;
let caseFile: string;
let otherCaseFile: string;
let psychosocialFile: string;
let otherPersonsFile: string;

async function attach(who: Staff, path: string, sensitivityClass = 'general') {
  const response = await upload(who.client, path, pdfWith('Consentimiento firmado'), {
    fileName: 'consentimiento.pdf',
    sensitivityClass,
  });
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json.id as string;
}

const record = (who: Staff, document: Record<string, unknown>) =>
  who.client.post(`/api/persons/${personId}/consents`, consentBody({ document }));

beforeAll(async () => {
  t = await startTestApp();
  const a = await agencyWithStaff(t, 'Refugio');
  coordinator = await caseWorker(t, a.agencyId, { extra: [...ATTACHMENTS] });
  teamWorker = await caseWorker(t, a.agencyId, {
    scope: 'team',
    teamIds: [a.centreTeam],
    extra: [...ATTACHMENTS],
  });
  notPsychosocial = await caseWorker(t, a.agencyId, {
    extra: [...ATTACHMENTS],
    clearances: SENSITIVITY_CLASSES.filter((c) => c !== 'psychosocial'),
  });
  const created = await personWithCase(
    coordinator.client,
    { givenNames: 'Marta', firstSurname: 'Xol' },
    { programmeId: a.centre, teamId: a.centreTeam },
  );
  personId = created.person.id;
  // A second case of the same child, in the other programme: out of the team worker's reach.
  const otherCase = await createCase(coordinator.client, {
    personId,
    caseType: 'returned_unaccompanied_child',
    programmeId: a.returnees,
    teamId: a.returneeTeam,
  });
  const otherPerson = (
    await personWithCase(
      coordinator.client,
      { givenNames: 'Rosa' },
      { programmeId: a.centre, teamId: a.centreTeam },
    )
  ).person.id;
  ownFile = await attach(coordinator, `/api/persons/${personId}/attachments`);
  caseFile = await attach(coordinator, `/api/cases/${created.kase.id}/attachments`);
  otherCaseFile = await attach(coordinator, `/api/cases/${otherCase.id}/attachments`);
  psychosocialFile = await attach(coordinator, `/api/persons/${personId}/attachments`, 'psychosocial');
  otherPersonsFile = await attach(coordinator, `/api/persons/${otherPerson}/attachments`);
});
afterAll(async () => t.close());

describe('the consent document as an attachment', () => {
  it('takes an attachment of the person, or of one of their cases', async () => {
    for (const attachmentId of [ownFile, caseFile, otherCaseFile]) {
      const consent = expectStatus(await record(coordinator, { attachmentId }), 201);
      expect(consent.document).toEqual({ attachmentId, reference: null });
      const stored = await t.superuser.query('SELECT document_attachment_id FROM consent WHERE id = $1', [
        consent.id,
      ]);
      expect(stored.rows[0].document_attachment_id).toBe(attachmentId);
    }
  });

  it('refuses another person’s attachment, an unknown id, or one the user may not see: 400, nothing written', async () => {
    const cases: Array<[Staff, string]> = [
      [coordinator, otherPersonsFile],
      [coordinator, '00000000-0000-4000-8000-000000000000'],
      [notPsychosocial, psychosocialFile],
      [teamWorker, otherCaseFile],
    ];
    for (const [who, attachmentId] of cases) {
      const consents = await t.count('consent');
      const created = (await t.auditEvents('consent.created')).length;
      const body = expectStatus(await record(who, { attachmentId }), 400);
      expect(body.errors).toEqual([
        expect.objectContaining({ field: 'body.document.attachmentId', code: 'unknown_attachment' }),
      ]);
      expect(await t.count('consent')).toBe(consents);
      expect(await t.auditEvents('consent.created')).toHaveLength(created);
    }
    // The same users may use what they do see.
    expectStatus(await record(teamWorker, { attachmentId: caseFile }), 201);
    expectStatus(await record(notPsychosocial, { attachmentId: ownFile }), 201);
  });

  it('still takes a reference to where the paper is kept', async () => {
    const consent = expectStatus(await record(coordinator, { reference: 'Archivo físico, caja 3' }), 201);
    expect(consent.document).toEqual({ attachmentId: null, reference: 'Archivo físico, caja 3' });
  });
});
