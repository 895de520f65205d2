import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, type Permission } from '../../src/core/access/catalogue.ts';
import { featureRoutes } from '../../src/server/routes.ts';
import {
  isDeclaredPublic,
  PUBLIC_ROUTES,
  routeKey,
  type Policy,
} from '../../src/server/platform/policy/policy.ts';
import { buildApp } from '../../src/server/app.ts';
import { createSession } from '../../src/server/identity/sessions.ts';
import { activeModel } from '../../src/server/linkage/models.ts';
import { startTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import type { HttpClient } from '../support/http-client.ts';

/**
 * For every route in the OpenAPI document: unauthenticated calls are refused, a user holding every
 * permission but the one the route needs is refused, and a user of another agency holding that permission
 * gets nothing of this agency's data. A route without a fixture below makes this test fail: add one.
 */

interface Operation {
  method: string;
  url: string; // fastify form, /api/users/:id
}

let t: TestApp;
let operations: Operation[];
const policies = new Map<string, Policy>(
  featureRoutes.map((r) => [routeKey(r.method as string, r.url), r.policy]),
);
policies.set('GET /api/openapi.json', { public: true });

/** Records of agency A, by the path prefix of the routes that address one of them by id. */
const agencyA: Record<string, string> = {};
let agencyAIds: string[] = [];
let userA: TestUser;

const toFastifyPath = (openapiPath: string) => openapiPath.replace(/\{([^}]+)\}/g, ':$1');
const fill = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id);
const someUuid = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  const doc = (await t.client().get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), url: toFastifyPath(path) })),
  );

  // Agency A with one of everything.
  const agency = await t.createAgency('Agencia A');
  const programme = await t.createProgramme(agency);
  const team = await t.createTeam(agency, 'Equipo A', programme);
  userA = await t.createUser({
    agencyId: agency,
    roles: ['social_worker'],
    teamIds: [team],
    username: 'usuaria.a',
  });
  const session = await createSession(t.runtime.services.db, t.config, userA, { ip: '127.0.0.1' }, true);
  const sessionRow = await t.superuser.query(
    `SELECT encode(id, 'hex') AS id FROM user_session WHERE user_id = $1`,
    [userA.id],
  );
  const customRole = await t.superuser.query(
    `INSERT INTO role (key, name_es, name_en, purpose_es, purpose_en, scope, permissions, clearances)
     VALUES ('rol_a', 'Rol A', 'Role A', 'p', 'p', 'agency', '{}', '{}') RETURNING id`,
  );
  await t.superuser
    .query(`UPDATE role SET agency_id = $1 WHERE key = 'rol_a'`, [agency])
    .catch(() => undefined);
  const token = await t.superuser.query(
    `INSERT INTO api_token (user_id, name, token_hash, scopes, expires_at) VALUES ($1, 't', '\\x01', '{}', now() + interval '1 day') RETURNING id`,
    [userA.id],
  );
  const person = await t.superuser.query(
    `INSERT INTO person (agency_id, given_names, first_surname, search_name, registered_by)
     VALUES ($1, 'Ana', 'Tziquin', 'ana tziquin', $2) RETURNING id`,
    [agency, userA.id],
  );
  const caseFile = await t.superuser.query(
    `INSERT INTO case_file (agency_id, number, person_id, programme_id, team_id, owner_user_id, case_type)
     VALUES ($1, 'AMP-2026-000001', $2, $3, $4, $5, 'residential_trafficking_victim') RETURNING id`,
    [agency, person.rows[0].id, programme, team, userA.id],
  );
  const emergency = await t.superuser.query(
    `INSERT INTO emergency_access (agency_id, user_id, record_type, record_id, reason, expires_at)
     VALUES ($1, $2, 'case', $3, 'Prueba de acceso de emergencia', now() + interval '2 hours') RETURNING id`,
    [agency, userA.id, caseFile.rows[0].id],
  );
  const provider = await t.superuser.query(
    `INSERT INTO service_provider (agency_id, name, org_type, area) VALUES ($1, 'Centro de salud', 'HealthServiceOrganisation', 'medical') RETURNING id`,
    [agency],
  );
  const receiving = await t.createAgency('Agencia receptora');
  const referralId = randomUUID();
  const seal = (column: string) =>
    t.runtime.services.envelope.encrypt('Motivo de prueba', `referral.${column}:${referralId}`);
  const referral = await t.superuser.query(
    `INSERT INTO referral (id, agency_id, case_id, person_id, kind, from_programme_id, to_agency_id, urgency,
       reason_sealed, override_reason_sealed, sent_by)
     VALUES ($1, $2, $3, $4, 'referral', $5, $6, 'routine', $7, $8, $9) RETURNING id`,
    [
      referralId,
      agency,
      caseFile.rows[0].id,
      person.rows[0].id,
      programme,
      receiving,
      seal('reason'),
      seal('override_reason'),
      userA.id,
    ],
  );
  const approval = await t.superuser.query(
    `INSERT INTO approval (id, agency_id, case_id, subject_type, subject_id, requested_by)
     VALUES (gen_random_uuid(), $1, $2, 'closure', $2, $3) RETURNING id`,
    [agency, caseFile.rows[0].id, userA.id],
  );
  // Record linkage: a queued pair of two persons, a merge of them, a family-tracing request.
  const twin = await t.superuser.query(
    `INSERT INTO person (agency_id, given_names, first_surname, search_name, registered_by)
     VALUES ($1, 'Ana', 'Tziquín', 'ana tziquin', $2) RETURNING id`,
    [agency, userA.id],
  );
  await activeModel(t.runtime.services.db);
  const [low, high] = [person.rows[0].id, twin.rows[0].id].sort();
  const pair = await t.superuser.query(
    `INSERT INTO linkage_pair (agency_id, person_a, person_b, score, probability, explanation, model_version, found_by)
     VALUES ($1, $2, $3, 9, 0.998, '[]', 1, 'dedup') RETURNING id`,
    [agency, low, high],
  );
  const merge = await t.superuser.query(
    `INSERT INTO linkage_merge (agency_id, pair_id, survivor_id, merged_id, moved, unmerged_at)
     VALUES ($1, $2, $3, $4, '[]', now()) RETURNING id`,
    [agency, pair.rows[0].id, person.rows[0].id, twin.rows[0].id],
  );
  const tracing = await t.superuser.query(
    `INSERT INTO tracing_request (id, agency_id, requester_name, requester_relation, requester_contact_sealed,
       given_names) VALUES (gen_random_uuid(), $1, 'Rosa', 'mother', '\\x01', 'Ana') RETURNING id`,
    [agency],
  );
  const ownRule = await t.superuser.query(
    `INSERT INTO case_due_rule (agency_id, key, statuses, anchor, days)
     VALUES ($1, 'initial_assessment', '{registration}', 'opened_at', 5) RETURNING id`,
    [agency],
  );
  Object.assign(agencyA, {
    '/api/agencies': agency,
    '/api/programmes': programme,
    '/api/teams': team,
    '/api/users': userA.id,
    '/api/roles': customRole.rows[0].id,
    '/api/me/sessions': sessionRow.rows[0].id,
    '/api/me/tokens': token.rows[0].id,
    '/api/audit-events': someUuid,
    // Installation-wide, not agency-owned: no such list (400).
    '/api/reference': 'lista_inexistente',
    // Agency A has its own rule of this key (below); another agency never sees or changes it.
    '/api/case-due-rules': 'initial_assessment',
    '/api/persons': person.rows[0].id,
    '/api/cases': caseFile.rows[0].id,
    '/api/emergency-accesses': emergency.rows[0].id,
    '/api/service-providers': provider.rows[0].id,
    '/api/referrals': referral.rows[0].id,
    '/api/approvals': approval.rows[0].id,
    // Installation-wide, not agency-owned: no such form (404).
    '/api/forms': 'formulario_inexistente',
    '/api/linkage/pairs': pair.rows[0].id,
    '/api/linkage/merges': merge.rows[0].id,
    '/api/tracing-requests': tracing.rows[0].id,
  });
  agencyAIds = [
    agency,
    programme,
    team,
    userA.id,
    customRole.rows[0].id,
    token.rows[0].id,
    sessionRow.rows[0].id,
    person.rows[0].id,
    caseFile.rows[0].id,
    emergency.rows[0].id,
    provider.rows[0].id,
    referral.rows[0].id,
    approval.rows[0].id,
    twin.rows[0].id,
    pair.rows[0].id,
    merge.rows[0].id,
    tracing.rows[0].id,
    ownRule.rows[0].id,
  ];
  void session;
});
afterAll(async () => t.close());

function fixtureIdFor(url: string): string {
  const prefix = Object.keys(agencyA)
    .filter((p) => url.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (!prefix)
    throw new Error(`No hay registro de prueba para ${url}: añada uno en authorization-matrix.test.ts`);
  return agencyA[prefix]!;
}

/** One signed-in user per (agency, permissions, scope): many routes share a permission. */
const usersByGrant = new Map<string, Promise<HttpClient>>();
function userWith(agencyId: string, permissions: Permission[], scope: 'agency' | 'all'): Promise<HttpClient> {
  const cacheKey = `${agencyId}|${scope}|${permissions.join(',')}`;
  let client = usersByGrant.get(cacheKey);
  if (!client) {
    client = newUserWith(agencyId, permissions, scope);
    usersByGrant.set(cacheKey, client);
  }
  return client;
}

async function newUserWith(
  agencyId: string,
  permissions: Permission[],
  scope: 'agency' | 'all',
): Promise<HttpClient> {
  const key = await t.createRole({
    scope,
    permissions,
    clearances: ['identity', 'contact_location', 'health', 'psychosocial', 'legal', 'trafficking_experience'],
  });
  return t.signedIn(await t.createUser({ agencyId, roles: [key] }));
}

describe('authorization matrix', () => {
  it('knows the policy of every route in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(3);
    for (const op of operations)
      expect(policies.get(routeKey(op.method, op.url)), routeKey(op.method, op.url)).toBeDefined();
  });

  it('only the declared routes are public', () => {
    for (const op of operations) {
      const policy = policies.get(routeKey(op.method, op.url))!;
      expect('public' in policy, routeKey(op.method, op.url)).toBe(isDeclaredPublic(op.method, op.url));
    }
    expect(PUBLIC_ROUTES.length).toBeLessThanOrEqual(10);
  });

  it('refuses every non-public route without authentication', async () => {
    const anonymous = t.client();
    for (const op of operations) {
      if (isDeclaredPublic(op.method, op.url)) continue;
      const response = await anonymous.request(op.method, fill(op.url, someUuid), {
        body: op.method === 'GET' ? undefined : {},
      });
      expect(response.status, routeKey(op.method, op.url)).toBe(401);
      expect(response.body.type).toBe('urn:amparo:problem:unauthenticated');
    }
  });

  it('refuses a user holding every permission except the one the route needs, and audits the refusal', async () => {
    const agency = await t.createAgency();
    for (const op of operations) {
      const policy = policies.get(routeKey(op.method, op.url))!;
      if (!('permission' in policy)) continue;
      const client = await userWith(
        agency,
        ALL_PERMISSIONS.filter((p) => p !== policy.permission),
        'all',
      );
      const before = (await t.auditEvents('authz.denied')).length;
      const response = await client.request(op.method, fill(op.url, someUuid), {
        body: op.method === 'GET' ? undefined : {},
      });
      expect(response.status, routeKey(op.method, op.url)).toBe(403);
      expect(
        (await t.auditEvents('authz.denied')).length,
        `denial audited: ${routeKey(op.method, op.url)}`,
      ).toBe(before + 1);
    }
  });

  it('refuses a route that needs its permission over every agency to a holder confined to one, audited', async () => {
    const agency = await t.createAgency();
    const installationWide = operations.filter((op) => {
      const policy = policies.get(routeKey(op.method, op.url))!;
      return 'permission' in policy && policy.scope === 'all';
    });
    expect(installationWide.length).toBeGreaterThan(0);
    for (const op of installationWide) {
      const policy = policies.get(routeKey(op.method, op.url)) as { permission: Permission };
      const client = await userWith(agency, [policy.permission], 'agency');
      const before = (await t.auditEvents('authz.denied')).length;
      const response = await client.request(op.method, fill(op.url, someUuid), {
        body: op.method === 'GET' ? undefined : {},
      });
      expect(response.status, routeKey(op.method, op.url)).toBe(403);
      const denials = await t.auditEvents('authz.denied');
      expect(denials, routeKey(op.method, op.url)).toHaveLength(before + 1);
      expect(denials.at(-1)!.details).toMatchObject({ permission: policy.permission, requiredScope: 'all' });
    }
  });

  it("gives a user of another agency holding the permission nothing of this agency's data", async () => {
    const agencyB = await t.createAgency('Agencia B');
    for (const op of operations) {
      const key = routeKey(op.method, op.url);
      const policy = policies.get(key)!;
      if ('public' in policy) continue;
      const client =
        'permission' in policy
          ? await userWith(agencyB, [policy.permission], policy.scope === 'all' ? 'all' : 'agency')
          : await t.signedIn(await t.createUser({ agencyId: agencyB }));
      const hasId = /:[A-Za-z]+/.test(op.url);
      if (!hasId && op.method !== 'GET') continue; // creations act in the caller's own agency
      const url = hasId ? fill(op.url, fixtureIdFor(op.url)) : op.url;
      const versionsBefore = await t.superuser.query(
        `SELECT id, version FROM app_user UNION ALL SELECT id, version FROM team
         UNION ALL SELECT id, version FROM case_due_rule ORDER BY 1`,
      );
      const response = await client.request(op.method, url, {
        body: op.method === 'GET' ? undefined : {},
        headers: op.method === 'PATCH' ? { 'if-match': '*' } : undefined,
      });
      if (hasId) expect([400, 404], key).toContain(response.status);
      else expect(response.status, key).toBe(200);
      const text = JSON.stringify(response.body);
      for (const id of agencyAIds) expect(text.includes(id), `${key} revealed ${id}`).toBe(false);
      expect(text.includes('usuaria.a'), key).toBe(false);
      const versionsAfter = await t.superuser.query(
        `SELECT id, version FROM app_user UNION ALL SELECT id, version FROM team
         UNION ALL SELECT id, version FROM case_due_rule ORDER BY 1`,
      );
      expect(
        versionsAfter.rows.filter((r) => agencyAIds.includes(r.id)),
        key,
      ).toEqual(versionsBefore.rows.filter((r) => agencyAIds.includes(r.id)));
    }
  });

  it('refuses to start when a route has no policy or is public without being declared', async () => {
    const { services } = t.runtime;
    const withRoute = async (register: (app: ReturnType<typeof Fastify>) => void) => {
      const app = await buildApp(services);
      register(app as never);
      await app.ready();
    };
    await expect(withRoute((app) => app.get('/api/unguarded', async () => ({})))).rejects.toThrow(/política/);
    await expect(
      withRoute((app) => app.get('/api/sneaky', { config: { policy: { public: true } } }, async () => ({}))),
    ).rejects.toThrow(/PUBLIC_ROUTES/);
  });
});
