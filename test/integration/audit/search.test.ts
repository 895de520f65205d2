import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditEvent } from '../../../src/server/platform/audit/audit-writer.ts';
import { startTestApp, type TestApp, type TestUser } from '../../support/test-app.ts';

let t: TestApp;
let agencyA: string;
let agencyB: string;
let auditorA: TestUser;
let auditorAll: TestUser;
let workerA: TestUser;
let workerB: TestUser;
let noPermission: TestUser;
const childId = '6a2c1f7e-0d7b-4b8e-9a51-3f2d8c1e4b00';

const searched = async () => (await t.auditEvents('audit.searched')).length;

beforeAll(async () => {
  t = await startTestApp();
  agencyA = await t.createAgency('Agencia A');
  agencyB = await t.createAgency('Agencia B');
  const agencyAuditor = await t.createRole({ scope: 'agency', permissions: ['audit:read'] });
  const globalAuditor = await t.createRole({ scope: 'all', permissions: ['audit:read'] });
  auditorA = await t.createUser({ agencyId: agencyA, roles: [agencyAuditor] });
  auditorAll = await t.createUser({ agencyId: agencyB, roles: [globalAuditor] });
  workerA = await t.createUser({ agencyId: agencyA, username: 'ana.lopez' });
  workerB = await t.createUser({ agencyId: agencyB, username: 'beto.cux' });
  noPermission = await t.createUser({ agencyId: agencyA, roles: ['social_worker'] });
  const db = t.runtime.services.db;
  const as = (user: TestUser) => ({ actorUserId: user.id, actorAgencyId: user.agencyId, ip: '10.0.0.5' });
  await writeAuditEvent(db, as(workerA), {
    action: 'person.read',
    resourceType: 'person',
    resourceIds: [childId],
    details: { fields: ['name'] },
  });
  await writeAuditEvent(db, as(workerA), { action: 'person.updated', resourceIds: [childId] });
  await writeAuditEvent(db, as(workerA), { action: 'auth.login' });
  await writeAuditEvent(db, as(workerA), { action: 'authz.denied', outcome: 'denied' });
  await writeAuditEvent(db, as(workerB), { action: 'person.read', resourceIds: [childId, 'other'] });
  await writeAuditEvent(db, as(workerB), { action: 'auth.login' });
  await writeAuditEvent(db, {}, { action: 'auth.login_failed', outcome: 'failure' });
  await writeAuditEvent(db, as(workerA), { action: 'a_b%c' });
});
afterAll(async () => t.close());

describe('GET /api/audit-events', () => {
  it('is refused without a session or without audit:read', async () => {
    expect((await t.client().get('/api/audit-events')).status).toBe(401);
    const denied = await (await t.signedIn(noPermission)).get('/api/audit-events');
    expect(denied.status).toBe(403);
    expect((await t.auditEvents('authz.denied')).at(-1)?.details).toMatchObject({ permission: 'audit:read' });
  });

  it("shows an agency's auditor only the events of its own agency's people", async () => {
    const client = await t.signedIn(auditorA);
    const all = await client.get('/api/audit-events?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(all.body.items.every((e: any) => e.actor?.id !== workerB.id && e.actor !== null)).toBe(true);
    const ids = new Set(all.body.items.map((e: any) => e.actor.id));
    expect(ids.has(workerA.id)).toBe(true);
    // Naming another agency's user or record reveals nothing.
    expect((await client.get(`/api/audit-events?actorId=${workerB.id}`)).body).toMatchObject({
      total: 0,
      items: [],
    });
    expect((await client.get('/api/audit-events?username=beto.cux')).body.total).toBe(0);
    const child = await client.get(`/api/audit-events?resourceId=${childId}`);
    expect(child.body.items.map((e: any) => e.action).sort()).toEqual(['person.read', 'person.updated']);
  });

  it('filters by user, record, action prefix, outcome and dates, newest first, paged', async () => {
    const client = await t.signedIn(auditorAll);
    const byUser = await client.get('/api/audit-events?username=ANA.LOPEZ');
    expect(byUser.body.total).toBe(5);
    expect(byUser.body.items[0]).toMatchObject({
      actor: { id: workerA.id, username: 'ana.lopez', displayName: 'Usuario ana.lopez' },
      ip: '10.0.0.5',
      outcome: 'success',
    });
    const seqs = byUser.body.items.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect((await client.get(`/api/audit-events?actorId=${workerA.id}`)).body.total).toBe(5);

    // "Who opened this child's file"
    const opened = await client.get(`/api/audit-events?resourceId=${childId}&action=person.read`);
    expect(opened.body.items.map((e: any) => e.actor.username).sort()).toEqual(['ana.lopez', 'beto.cux']);
    expect(opened.body.items[0].resourceIds).toContain(childId);

    expect((await client.get('/api/audit-events?action=auth.')).body.total).toBe(3);
    expect(
      (await client.get('/api/audit-events?action=a_b%25')).body.items.map((e: any) => e.action),
    ).toEqual(['a_b%c']);
    expect((await client.get('/api/audit-events?action=a%25')).body.total).toBe(0); // % is literal
    const failed = await client.get('/api/audit-events?outcome=failure');
    expect(failed.body.items).toEqual([
      expect.objectContaining({ action: 'auth.login_failed', actor: null }),
    ]);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const total = (await client.get('/api/audit-events?username=ana.lopez')).body.total;
    expect(
      (await client.get(`/api/audit-events?username=ana.lopez&from=${yesterday}&to=${tomorrow}`)).body.total,
    ).toBe(total);
    expect((await client.get(`/api/audit-events?username=ana.lopez&from=${tomorrow}`)).body.total).toBe(0);
    expect((await client.get(`/api/audit-events?username=ana.lopez&to=${yesterday}`)).body.total).toBe(0);
    const hourAgo = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const soon = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString().replace('Z', '-06:00'));
    expect(
      (await client.get(`/api/audit-events?username=ana.lopez&from=${hourAgo}&to=${soon}`)).body.total,
    ).toBe(total);
    expect(today).toMatch(/^\d{4}/);

    const page1 = await client.get('/api/audit-events?username=ana.lopez&pageSize=2');
    const page3 = await client.get('/api/audit-events?username=ana.lopez&pageSize=2&page=3');
    expect(page1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    expect(page3.body.items).toHaveLength(1);
    expect(page3.body.items[0].seq).toBeLessThan(page1.body.items[1].seq);
  });

  it('records each search: the filters and the events it returned', async () => {
    const client = await t.signedIn(auditorAll);
    const response = await client.get(`/api/audit-events?resourceId=${childId}&pageSize=10`);
    const event = (await t.auditEvents('audit.searched')).at(-1)!;
    expect(event.actor_user_id).toBe(auditorAll.id);
    expect(event.details).toEqual({ filters: { resourceId: childId }, page: 1, pageSize: 10, total: 3 });
    expect(event.resource_ids).toEqual(response.body.items.map((e: any) => String(e.seq)));
  });

  it('rejects bad filters with field errors and records nothing', async () => {
    const client = await t.signedIn(auditorAll);
    const before = await searched();
    for (const query of [
      'actorId=not-a-uuid',
      'outcome=maybe',
      'from=yesterday',
      'to=2024-13-45',
      'pageSize=0',
      'page=-1',
      'sort=seq',
    ]) {
      const response = await client.get(`/api/audit-events?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors?.length, query).toBeGreaterThan(0);
    }
    expect(await searched()).toBe(before);
  });
});

describe('GET /api/audit-events/verify', () => {
  it('reports the chain intact, then the first altered event', async () => {
    const client = await t.signedIn(auditorA);
    const ok = await client.get('/api/audit-events/verify');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, firstBad: null });
    expect(ok.body.events).toBeGreaterThan(8);
    expect((await t.auditEvents('audit.verified')).at(-1)?.details).toMatchObject({ ok: true });

    await t.superuser.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await t.superuser.query(`UPDATE audit_event SET details = '{"fields": []}' WHERE seq = 1`);
    await t.superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
    const bad = await client.get('/api/audit-events/verify');
    expect(bad.body).toMatchObject({ ok: false, events: 0, firstBad: { seq: 1, code: 'hash_mismatch' } });
    expect(bad.body.firstBad.reason).toMatch(/evento 1/);
    expect((await (await t.signedIn(noPermission)).get('/api/audit-events/verify')).status).toBe(403);
  });
});
