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
import { caseWorker } from './support.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let other: Staff;
let psychologist: Staff;
let lawyer: Staff;
let coordinator: Staff;
let caseId: string;

const NOTE_PERMISSIONS = ['case:read', 'case_note:read', 'case_note:write'] as const;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  const b = await agencyWithStaff(t, 'Otra');
  other = await caseWorker(t, b.agencyId);
  psychologist = await caseWorker(t, a.agencyId, {
    permissions: [...NOTE_PERMISSIONS],
    clearances: ['identity', 'psychosocial', 'trafficking_experience'],
  });
  lawyer = await caseWorker(t, a.agencyId, {
    permissions: [...NOTE_PERMISSIONS],
    clearances: ['identity', 'contact_location', 'legal', 'trafficking_experience'],
  });
  coordinator = await caseWorker(t, a.agencyId);
  caseId = (
    await personWithCase(
      a.worker.client,
      { givenNames: 'Marta', firstSurname: 'Xol' },
      { programmeId: a.centre, teamId: a.centreTeam },
    )
  ).kase.id;
});
afterAll(async () => t.close());

const note = async (who: Staff, body: Record<string, unknown>) =>
  expectStatus(await who.client.post(`/api/cases/${caseId}/notes`, body), 201);

const listOf = async (who: Staff, query = '') =>
  expectStatus(await who.client.get(`/api/cases/${caseId}/notes${query}`), 200);

describe('case notes: need-to-know by class', () => {
  it("a psychologist's session note is invisible to a lawyer, a legal note to a psychologist", async () => {
    const session = await note(psychologist, {
      type: 'session_note',
      body: 'Sesión 3: habla de pesadillas recurrentes.',
    });
    const legal = await note(lawyer, { type: 'legal_note', body: 'Audiencia de anticipo de prueba fijada.' });
    const general = await note(coordinator, {
      type: 'case_note',
      body: 'Llamada con la escuela de la aldea.',
    });
    expect(session.noteClass).toBe('psychosocial');
    expect(legal.noteClass).toBe('legal');

    const byLawyer = await listOf(lawyer);
    const lawyerIds = byLawyer.items.map((n: { id: string }) => n.id);
    expect(lawyerIds).toEqual(expect.arrayContaining([legal.id, general.id]));
    expect(lawyerIds).not.toContain(session.id);
    expect(byLawyer.redactedCount).toBe(1);
    expect(byLawyer.total).toBe(2);
    expect(JSON.stringify(byLawyer)).not.toContain('pesadillas');
    expect((await lawyer.client.get(`/api/cases/${caseId}/notes/${session.id}`)).status).toBe(404);

    const byPsychologist = await listOf(psychologist);
    const psyIds = byPsychologist.items.map((n: { id: string }) => n.id);
    expect(psyIds).toEqual(expect.arrayContaining([session.id, general.id]));
    expect(psyIds).not.toContain(legal.id);
    expect(byPsychologist.redactedCount).toBe(1);
    expect(JSON.stringify(byPsychologist)).not.toContain('anticipo');
    expect((await psychologist.client.get(`/api/cases/${caseId}/notes/${legal.id}`)).status).toBe(404);

    const byCoordinator = await listOf(coordinator);
    expect(byCoordinator.redactedCount).toBe(0);
    expect(byCoordinator.items.map((n: { id: string }) => n.id)).toEqual(
      expect.arrayContaining([session.id, legal.id, general.id]),
    );
    const read = expectStatus(await psychologist.client.get(`/api/cases/${caseId}/notes/${session.id}`), 200);
    expect(read.body).toBe('Sesión 3: habla de pesadillas recurrentes.');

    // The audit trail names what each reader got, never the hidden note.
    const lists = await t.auditEvents('case_note.list');
    const lawyersList = lists.filter((e) => e.actor_user_id === lawyer.user.id).at(-1)!;
    expect(lawyersList.resource_ids).toContain(caseId);
    expect(lawyersList.resource_ids).not.toContain(session.id);
    expect(lawyersList.details.redactedCount).toBe(1);
    const reads = await t.auditEvents('case_note.read');
    expect(
      reads.some((e) => e.actor_user_id === psychologist.user.id && e.resource_ids[0] === session.id),
    ).toBe(true);
  });

  it('a lawyer cannot write a session note: 403 naming the field, nothing written', async () => {
    const before = await counts(t, ['case_note']);
    const response = await lawyer.client.post(`/api/cases/${caseId}/notes`, {
      type: 'session_note',
      body: 'Intento de nota psicológica',
    });
    expect(response.status).toBe(403);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'body.body', code: 'not_cleared' }),
    ]);
    expect((await counts(t, ['case_note'])).case_note).toBe(before.case_note);
  });

  it('bad input is a 400 with field details and writes nothing', async () => {
    const before = await counts(t, ['case_note']);
    const response = await coordinator.client.post(`/api/cases/${caseId}/notes`, {
      type: 'diary',
      body: '',
      extra: 1,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.length).toBeGreaterThan(0);
    expect(await counts(t, ['case_note'])).toEqual(before);
  });

  it('another agency gets 404 for the notes of the case and for a note', async () => {
    const mine = await note(coordinator, { type: 'case_note', body: 'Nota de la agencia' });
    expect((await other.client.get(`/api/cases/${caseId}/notes`)).status).toBe(404);
    expect((await other.client.get(`/api/cases/${caseId}/notes/${mine.id}`)).status).toBe(404);
    expect(
      (await other.client.post(`/api/cases/${caseId}/notes`, { type: 'case_note', body: 'x' })).status,
    ).toBe(404);
  });
});

describe('case notes: encrypted at rest', () => {
  it('the body bytes in the database do not contain the text, and decrypt only with their own row', async () => {
    const text = 'Relato confidencial: la reclutaron en Tecún Umán';
    const first = await note(coordinator, { type: 'disclosure_note', body: text });
    const second = await note(coordinator, { type: 'case_note', body: 'Otra nota' });
    const { rows } = await t.superuser.query(`SELECT id, body_sealed FROM case_note WHERE id = ANY($1)`, [
      [first.id, second.id],
    ]);
    const sealed = rows.find((r) => r.id === first.id).body_sealed as Buffer;
    expect(sealed.includes(Buffer.from('Tecún'))).toBe(false);
    expect(sealed.toString('latin1')).not.toContain('reclutaron');
    const { envelope } = t.runtime.services;
    expect(envelope.decryptText(sealed, `case_note.body:${first.id}`)).toBe(text);
    expect(() => envelope.decrypt(sealed, `case_note.body:${second.id}`)).toThrow();
  });
});

describe('case notes: 24 hours to edit, then only corrections', () => {
  it('the author edits within 24 h with If-Match (428 without, 412 stale); others cannot', async () => {
    const created = await note(psychologist, { type: 'session_note', body: 'Primera versión' });
    const url = `/api/cases/${caseId}/notes/${created.id}`;
    expect((await psychologist.client.patch(url, { body: 'Sin versión' })).status).toBe(428);
    const stale = await psychologist.client.patch(url, { body: 'Versión vieja' }, ifMatch(7));
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    const edited = expectStatus(
      await psychologist.client.patch(url, { body: 'Segunda versión' }, ifMatch(1)),
      200,
    );
    expect(edited.body).toBe('Segunda versión');
    expect(edited.version).toBe(2);
    expect(edited.revisionCount).toBe(1);
    expect(edited.revisions).toEqual([expect.objectContaining({ version: 1, body: 'Primera versión' })]);
    // A colleague cleared for the class reads it but cannot rewrite it.
    const colleague = await caseWorker(t, a.agencyId, {
      permissions: [...NOTE_PERMISSIONS],
      clearances: ['psychosocial'],
    });
    expect((await colleague.client.patch(url, { body: 'Ajena' }, ifMatch(2))).status).toBe(403);
    const stored = expectStatus(await psychologist.client.get(url), 200);
    expect(stored.body).toBe('Segunda versión');
    expect((await t.auditEvents('case_note.updated')).map((e) => e.resource_ids[0])).toContain(created.id);
  });

  it('after 24 h a PATCH is refused with 409 and nothing changes', async () => {
    const created = await note(psychologist, { type: 'session_note', body: 'Texto definitivo' });
    await t.superuser.query(
      `UPDATE case_note SET created_at = now() - interval '24 hours 1 minute' WHERE id = $1`,
      [created.id],
    );
    const url = `/api/cases/${caseId}/notes/${created.id}`;
    const before = await t.superuser.query(`SELECT body_sealed, version FROM case_note WHERE id = $1`, [
      created.id,
    ]);
    const refused = await psychologist.client.patch(url, { body: 'Cambio tardío' }, ifMatch(1));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/24 horas/);
    expect((await psychologist.client.patch(url, { body: 'Sin versión' })).status).toBe(409);
    const after = await t.superuser.query(`SELECT body_sealed, version FROM case_note WHERE id = $1`, [
      created.id,
    ]);
    expect(after.rows[0]).toEqual(before.rows[0]);
    const read = expectStatus(await psychologist.client.get(url), 200);
    expect(read.editable).toBe(false);
    expect(read.body).toBe('Texto definitivo');
  });

  it('a correction is a new note referencing the old one; the list and the note show the chain', async () => {
    const original = await note(psychologist, { type: 'session_note', body: 'Fecha de ingreso: 3 de marzo' });
    await t.superuser.query(`UPDATE case_note SET created_at = now() - interval '3 days' WHERE id = $1`, [
      original.id,
    ]);
    const correction = await note(psychologist, {
      type: 'session_note',
      body: 'Corrección: la fecha de ingreso fue el 5 de marzo',
      correctsNoteId: original.id,
    });
    expect(correction.correctsNoteId).toBe(original.id);
    expect(correction.chain.map((n: { id: string }) => n.id)).toEqual([original.id, correction.id]);

    const listed = await listOf(psychologist, '?pageSize=200');
    const old = listed.items.find((n: { id: string }) => n.id === original.id);
    expect(old.correctedByNoteId).toBe(correction.id);
    expect(old.body).toBe('Fecha de ingreso: 3 de marzo');
    const current = await listOf(psychologist, '?pageSize=200&current=true');
    const currentIds = current.items.map((n: { id: string }) => n.id);
    expect(currentIds).toContain(correction.id);
    expect(currentIds).not.toContain(original.id);

    const detail = expectStatus(
      await psychologist.client.get(`/api/cases/${caseId}/notes/${original.id}`),
      200,
    );
    expect(detail.chain.map((n: { id: string }) => n.id)).toEqual([original.id, correction.id]);

    // The chain stays a line; a correction keeps the class; the lawyer cannot correct what it cannot see.
    const again = await psychologist.client.post(`/api/cases/${caseId}/notes`, {
      type: 'session_note',
      body: 'Otra corrección',
      correctsNoteId: original.id,
    });
    expect(again.status).toBe(409);
    expect(again.body.correctedByNoteId).toBe(correction.id);
    const otherClass = await coordinator.client.post(`/api/cases/${caseId}/notes`, {
      type: 'case_note',
      body: 'Corrección general',
      correctsNoteId: correction.id,
    });
    expect(otherClass.status).toBe(400);
    expect(otherClass.body.errors[0].field).toBe('body.type');
    const hidden = await lawyer.client.post(`/api/cases/${caseId}/notes`, {
      type: 'legal_note',
      body: 'Corrección legal',
      correctsNoteId: correction.id,
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0].code).toBe('unknown_note');
    const corrected = await t.auditEvents('case_note.corrected');
    expect(corrected.at(-1)!.resource_ids).toEqual([correction.id, caseId, original.id]);
  });
});
