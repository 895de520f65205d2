import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DUE_RULES } from '../../../src/core/cases/due-dates.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { HttpClient } from '../../support/http-client.ts';
import { agencyWithStaff, expectStatus, ifMatch, personWithCase } from '../cases/support.ts';

/**
 * Due-date rules as configuration: an agency's administrator sets, and removes, the agency's own rule of a
 * key; only an administrator over the whole installation changes the defaults. The case list and my work
 * count overdue work by the rules in force for the case's agency.
 */

let t: TestApp;
let a: Awaited<ReturnType<typeof agencyWithStaff>>;
let b: Awaited<ReturnType<typeof agencyWithStaff>>;
let adminA: HttpClient;
let adminB: HttpClient;
let installationAdmin: HttpClient;
let caseA: string;
let caseB: string;

const rule = { statuses: ['registration'], anchor: 'opened_at', days: 10, active: true };

const ruleRows = async () =>
  (await t.superuser.query(`SELECT * FROM case_due_rule ORDER BY agency_id NULLS FIRST, key`)).rows;

/** The keys overdue in my work and on the case in the case list, for the case's worker. */
async function overdueFor(worker: HttpClient, caseId: string) {
  const work = expectStatus(await worker.get('/api/my-work'), 200);
  const listed = expectStatus(await worker.get('/api/cases?pageSize=200'), 200).items.find(
    (c: { id: string }) => c.id === caseId,
  );
  const fromList = listed.due
    .filter((d: { overdue: boolean }) => d.overdue)
    .map((d: { key: string }) => d.key);
  const fromWork = work.overdue
    .filter((o: { caseId: string }) => o.caseId === caseId)
    .map((o: { key: string }) => o.key);
  expect(fromWork).toEqual(fromList);
  return fromList;
}

/** A child registered by the agency's worker, with a case in the agency's centre. */
const caseInCentre = async (agency: typeof a, givenNames: string) =>
  (
    await personWithCase(
      agency.worker.client,
      { givenNames },
      { programmeId: agency.centre, teamId: agency.centreTeam },
    )
  ).kase.id;

beforeAll(async () => {
  t = await startTestApp();
  a = await agencyWithStaff(t, 'Refugio');
  b = await agencyWithStaff(t, 'Otra');
  adminA = await t.signedIn(await t.createUser({ agencyId: a.agencyId, roles: ['system_admin'] }));
  adminB = await t.signedIn(await t.createUser({ agencyId: b.agencyId, roles: ['system_admin'] }));
  const role = await t.createRole({ scope: 'all', permissions: ['setting:read', 'setting:manage'] });
  installationAdmin = await t.signedIn(await t.createUser({ agencyId: a.agencyId, roles: [role] }));
  caseA = await caseInCentre(a, 'Olga');
  caseB = await caseInCentre(b, 'Queta');
  await t.superuser.query(`UPDATE case_file SET opened_at = now() - interval '5 days'`);
});
afterAll(async () => t.close());

describe('reading the rules', () => {
  it('shows each default beside the agency’s own rule and the one in force', async () => {
    const body = expectStatus(await adminA.get('/api/case-due-rules'), 200);
    expect(body.agencyId).toBe(a.agencyId);
    expect(body.defaultsEditable).toBe(false);
    expect(body.items.map((i: { key: string }) => i.key).sort()).toEqual(
      DEFAULT_DUE_RULES.map((r) => r.key).sort(),
    );
    const initial = body.items.find((i: { key: string }) => i.key === 'initial_assessment');
    const shipped = {
      statuses: ['registration'],
      anchor: 'opened_at',
      days: 3,
      active: true,
      version: 1,
      updatedAt: expect.any(String),
    };
    // Without an agency rule, the shipped default is the rule in force.
    expect(initial).toEqual({
      key: 'initial_assessment',
      default: shipped,
      override: null,
      effective: shipped,
    });
    expect(expectStatus(await installationAdmin.get('/api/case-due-rules'), 200).defaultsEditable).toBe(true);
  });

  it('refuses callers without setting:read, and another agency’s rules to an agency administrator (audited)', async () => {
    expect((await a.worker.client.get('/api/case-due-rules')).status).toBe(403);
    const denials = (await t.auditEvents('authz.denied')).length;
    const other = await adminA.get(`/api/case-due-rules?agencyId=${b.agencyId}`);
    expect(other.status).toBe(403);
    expect(await t.auditEvents('authz.denied')).toHaveLength(denials + 1);
    // An administrator over every agency may name one.
    const named = expectStatus(
      await installationAdmin.get(`/api/case-due-rules?agencyId=${b.agencyId}`),
      200,
    );
    expect(named.agencyId).toBe(b.agencyId);
  });
});

describe("an agency's own rule", () => {
  it('counts overdue work by the default until the agency sets its own', async () => {
    expect(await overdueFor(a.worker.client, caseA)).toEqual(['initial_assessment']);
    expect(await overdueFor(b.worker.client, caseB)).toEqual(['initial_assessment']);
  });

  it('requires If-Match: 428 without, 412 with a version the agency has not got ("0" when none)', async () => {
    const before = await ruleRows();
    const missing = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', { body: rule });
    expect(missing.status).toBe(428);
    const stale = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
      body: rule,
      headers: ifMatch(1),
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"0"');
    expect(await ruleRows()).toEqual(before);
  });

  it('is set with If-Match "0", audited, and replaces the default for that agency only', async () => {
    const set = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
      body: rule,
      headers: ifMatch(0),
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.headers.get('etag')).toBe('"1"');
    expect(set.body).toMatchObject({
      key: 'initial_assessment',
      default: { days: 3, version: 1 },
      override: { ...rule, version: 1 },
      effective: { ...rule, version: 1 },
    });
    const [event] = await t.auditEvents('case_due_rule.overridden');
    expect(event).toMatchObject({
      resource_type: 'case_due_rule',
      resource_ids: ['initial_assessment'],
      details: {
        category: 'configuration',
        agencyId: a.agencyId,
        key: 'initial_assessment',
        from: { statuses: ['registration'], anchor: 'opened_at', days: 3, active: true },
        to: rule,
      },
    });
    expect(await overdueFor(a.worker.client, caseA)).toEqual([]);
    expect(await overdueFor(b.worker.client, caseB)).toEqual(['initial_assessment']);
    // Agency B's administrator sees nothing of it.
    const seenByB = expectStatus(await adminB.get('/api/case-due-rules'), 200).items.find(
      (i: { key: string }) => i.key === 'initial_assessment',
    );
    expect(seenByB.override).toBeNull();
    expect(seenByB.effective.days).toBe(3);
  });

  it('is changed with its own version; the same content again changes nothing', async () => {
    const changed = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
      body: { ...rule, days: 4 },
      headers: ifMatch(1),
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(await overdueFor(a.worker.client, caseA)).toEqual(['initial_assessment']);
    const events = (await t.auditEvents('case_due_rule.overridden')).length;
    const same = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
      body: { ...rule, days: 4 },
      headers: ifMatch(2),
    });
    expect(same.status).toBe(200);
    expect(same.body.override.version).toBe(2);
    expect(await t.auditEvents('case_due_rule.overridden')).toHaveLength(events);
  });

  it('can switch a rule off for the agency', async () => {
    const off = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
      body: { ...rule, days: 1, active: false },
      headers: ifMatch(2),
    });
    expect(off.status).toBe(200);
    expect(await overdueFor(a.worker.client, caseA)).toEqual([]);
    const listed = expectStatus(await a.worker.client.get(`/api/cases/${caseA}`), 200);
    expect(listed.due.map((d: { key: string }) => d.key)).not.toContain('initial_assessment');
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const before = await ruleRows();
    const audits = (await t.auditEvents()).length;
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...rule, days: -1 }, 'body.days'],
      [{ ...rule, days: 3651 }, 'body.days'],
      [{ ...rule, days: 1.5 }, 'body.days'],
      [{ ...rule, days: '10' }, 'body.days'],
      [{ ...rule, statuses: [] }, 'body.statuses'],
      [{ ...rule, statuses: ['closure'] }, 'body.statuses.0'],
      [{ ...rule, statuses: ['registered'] }, 'body.statuses.0'],
      [{ ...rule, statuses: ['registration', 'registration'] }, 'body.statuses'],
      [{ ...rule, anchor: 'date_of_birth' }, 'body.anchor'],
      [{ statuses: rule.statuses, anchor: rule.anchor, days: 3 }, 'body.active'],
      [{ ...rule, agencyId: b.agencyId }, 'body'],
    ];
    for (const [body, field] of bad) {
      const response = await adminA.request('PUT', '/api/case-due-rules/initial_assessment', {
        body,
        headers: ifMatch(3),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        response.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await ruleRows()).toEqual(before);
    expect((await t.auditEvents()).length).toBe(audits);
  });

  it('answers 404 for a key without a default, and refuses another agency (403, audited), writing nothing', async () => {
    const before = await ruleRows();
    const unknown = await adminA.request('PUT', '/api/case-due-rules/home_visit', {
      body: rule,
      headers: ifMatch(0),
    });
    expect(unknown.status).toBe(404);
    const denials = (await t.auditEvents('authz.denied')).length;
    const elsewhere = await adminA.request('PUT', `/api/case-due-rules/follow_up?agencyId=${b.agencyId}`, {
      body: rule,
      headers: ifMatch(0),
    });
    expect(elsewhere.status).toBe(403);
    expect(await t.auditEvents('authz.denied')).toHaveLength(denials + 1);
    const removeB = await adminB.request('DELETE', '/api/case-due-rules/initial_assessment', {
      headers: ifMatch(3),
    });
    expect(removeB.status).toBe(404);
    expect(
      (
        await a.worker.client.request('PUT', '/api/case-due-rules/follow_up', {
          body: rule,
          headers: ifMatch(0),
        })
      ).status,
    ).toBe(403);
    expect(await ruleRows()).toEqual(before);
  });

  it('is removed with DELETE and its version, returning the agency to the default', async () => {
    const stale = await adminA.request('DELETE', '/api/case-due-rules/initial_assessment', {
      headers: ifMatch(1),
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"3"');
    const removed = await adminA.request('DELETE', '/api/case-due-rules/initial_assessment', {
      headers: ifMatch(3),
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.headers.get('etag')).toBe('"0"');
    expect(removed.body.override).toBeNull();
    expect(removed.body.effective.days).toBe(3);
    const [event] = await t.auditEvents('case_due_rule.reset');
    expect(event!.details).toMatchObject({
      agencyId: a.agencyId,
      key: 'initial_assessment',
      from: { days: 1, active: false },
      to: { days: 3, active: true },
      returnedToDefault: true,
    });
    expect(await overdueFor(a.worker.client, caseA)).toEqual(['initial_assessment']);
    const again = await adminA.request('DELETE', '/api/case-due-rules/initial_assessment', {
      headers: ifMatch(3),
    });
    expect(again.status).toBe(404);
    const rows = await t.superuser.query(
      `SELECT count(*)::int AS n FROM case_due_rule WHERE agency_id IS NOT NULL`,
    );
    expect(rows.rows[0].n).toBe(0);
  });
});

describe('the installation defaults', () => {
  it('are refused to an agency administrator (403, audited as needing scope all), nothing written', async () => {
    const before = await ruleRows();
    const denials = (await t.auditEvents('authz.denied')).length;
    const response = await adminA.request('PUT', '/api/case-due-rules/initial_assessment/default', {
      body: { ...rule, days: 30 },
      headers: ifMatch(1),
    });
    expect(response.status).toBe(403);
    const events = await t.auditEvents('authz.denied');
    expect(events).toHaveLength(denials + 1);
    expect(events.at(-1)!.details).toMatchObject({ permission: 'setting:manage', requiredScope: 'all' });
    expect(await ruleRows()).toEqual(before);
  });

  it('are changed by an administrator over every agency, with If-Match; an agency’s own rule still wins', async () => {
    expectStatus(
      await adminB.request('PUT', '/api/case-due-rules/initial_assessment', {
        body: { ...rule, days: 2 },
        headers: ifMatch(0),
      }),
      200,
    );
    expect(
      (
        await installationAdmin.request('PUT', '/api/case-due-rules/initial_assessment/default', {
          body: { ...rule, days: 30 },
        })
      ).status,
    ).toBe(428);
    const changed = await installationAdmin.request('PUT', '/api/case-due-rules/initial_assessment/default', {
      body: { ...rule, days: 30 },
      headers: ifMatch(1),
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(changed.body.default).toMatchObject({ days: 30, version: 2 });
    const [event] = await t.auditEvents('case_due_rule.default_updated');
    expect(event!.details).toMatchObject({ key: 'initial_assessment', from: { days: 3 }, to: { days: 30 } });
    // Agency A follows the new default; agency B keeps its own rule.
    expect(await overdueFor(a.worker.client, caseA)).toEqual([]);
    expect(await overdueFor(b.worker.client, caseB)).toEqual(['initial_assessment']);
    const stale = await installationAdmin.request('PUT', '/api/case-due-rules/initial_assessment/default', {
      body: rule,
      headers: ifMatch(1),
    });
    expect(stale.status).toBe(412);
    const bad = await installationAdmin.request('PUT', '/api/case-due-rules/initial_assessment/default', {
      body: { ...rule, days: 4000 },
      headers: ifMatch(2),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.days');
  });

  it('lets an administrator over every agency set another agency’s own rule', async () => {
    const set = await installationAdmin.request(
      'PUT',
      `/api/case-due-rules/follow_up?agencyId=${b.agencyId}`,
      {
        body: { statuses: ['follow_up'], anchor: 'status_changed_at', days: 45, active: true },
        headers: ifMatch(0),
      },
    );
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const seenByB = expectStatus(await adminB.get('/api/case-due-rules'), 200).items.find(
      (i: { key: string }) => i.key === 'follow_up',
    );
    expect(seenByB.override).toMatchObject({ days: 45 });
    const seenByA = expectStatus(await adminA.get('/api/case-due-rules'), 200).items.find(
      (i: { key: string }) => i.key === 'follow_up',
    );
    expect(seenByA.override).toBeNull();
  });
});
