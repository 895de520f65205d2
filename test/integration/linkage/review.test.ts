import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run.ts';
import { PERSON_REFERENCES, PERSON_REFERENCES_KEPT } from '../../../src/server/linkage/merge.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { expectStatus, ifMatch, staff, type Staff } from '../cases/support.ts';
import { grantTracingConsent, linkageAgency, registerChild, type LinkageAgency } from './support.ts';
import { png, upload } from '../attachments/support.ts';

let t: TestApp;
let a: LinkageAgency;
let b: LinkageAgency;
const ids: Record<string, string> = {};
const cases: Record<string, string> = {};

async function dedup(args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['linkage', 'dedup', ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    {
      AMPARO_DATA_DIR: t.dataDir,
      DATABASE_URL: t.config.databaseUrl!,
      MIGRATION_DATABASE_URL: t.config.migrationDatabaseUrl!,
      LOG_LEVEL: 'silent',
    },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const rows = async (query: string, params: unknown[] = []) => (await t.superuser.query(query, params)).rows;

/** Everything of both records that a merge touches, as stored. */
async function snapshot(personIds: string[]) {
  return {
    persons: await rows('SELECT * FROM person WHERE id = ANY($1) ORDER BY id', [personIds]),
    cases: await rows('SELECT * FROM case_file WHERE id = ANY($1) ORDER BY id', [Object.values(cases)]),
    relations: await rows('SELECT * FROM person_relation WHERE person_id = ANY($1) ORDER BY id', [personIds]),
    documents: await rows('SELECT * FROM person_identity_document WHERE person_id = ANY($1) ORDER BY id', [
      personIds,
    ]),
    consents: await rows('SELECT * FROM consent WHERE person_id = ANY($1) ORDER BY id', [personIds]),
    attachments: await rows('SELECT id, person_id FROM attachment WHERE person_id = ANY($1) ORDER BY id', [
      personIds,
    ]),
    tokens: await rows(
      'SELECT * FROM person_name_token WHERE person_id = ANY($1) ORDER BY token, person_id',
      [personIds],
    ),
    keys: await rows('SELECT * FROM person_block_key WHERE person_id = ANY($1) ORDER BY key, person_id', [
      personIds,
    ]),
    history: await rows('SELECT * FROM change_history WHERE root_id = ANY($1) ORDER BY id', [personIds]),
  };
}

const pairOf = async (x: string, y: string) =>
  (
    await rows(
      'SELECT * FROM linkage_pair WHERE person_a = LEAST($1::uuid, $2::uuid) AND person_b = GREATEST($1::uuid, $2::uuid)',
      [x, y],
    )
  )[0];

beforeAll(async () => {
  t = await startTestApp();
  a = await linkageAgency(t, 'Refugio Esperanza');
  b = await linkageAgency(t, 'Casa Hogar Norte');
  const first = await registerChild(
    a.worker,
    a,
    {
      givenNames: 'María Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tzoc',
      sex: 'female',
      dateOfBirth: { precision: 'exact', date: '2010-02-03' },
      origin: { departmentCode: '16', municipalityCode: '1601', community: null },
    },
    { mother: 'Rosa Tzoc Caal', withCase: true },
  );
  ids.first = first.id;
  cases.first = first.caseId!;
  // The same girl registered again by another shelter team: spelling, a missing accent, the mother's name.
  const second = await registerChild(
    a.coordinator,
    a,
    {
      givenNames: 'Maria Ixchel',
      firstSurname: 'Kux',
      secondSurname: 'Tzoc',
      sex: 'female',
      dateOfBirth: { precision: 'exact', date: '2010-02-03' },
      origin: { departmentCode: '16', municipalityCode: '1601', community: null },
    },
    { mother: 'Rosa Tzoc', father: 'Pedro Cux', withCase: true },
  );
  ids.second = second.id;
  cases.second = second.caseId!;
  expectStatus(
    await a.coordinator.client.post(`/api/persons/${ids.second}/identity-documents`, {
      type: 'birth_certificate',
      number: 'RN-2010-4471',
    }),
    201,
  );
  await grantTracingConsent(a.coordinator.client, ids.second);
  // Twins are a hard case: the model must propose them too; the coordinator says they are two children.
  ids.twinA = (
    await registerChild(a.coordinator, a, {
      givenNames: 'Juan Carlos',
      firstSurname: 'Pérez',
      secondSurname: 'López',
      sex: 'male',
      dateOfBirth: { precision: 'exact', date: '2009-07-15' },
    })
  ).id;
  ids.twinB = (
    await registerChild(a.coordinator, a, {
      givenNames: 'Juan Carlos',
      firstSurname: 'Perez',
      secondSurname: 'Lopez',
      sex: 'male',
      dateOfBirth: { precision: 'exact', date: '2009-07-15' },
    })
  ).id;
  // The same girl in another agency: never queued with agency A's records.
  ids.elsewhere = (
    await registerChild(b.worker, b, {
      givenNames: 'María Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tzoc',
      dateOfBirth: { precision: 'exact', date: '2010-02-03' },
    })
  ).id;
});
afterAll(async () => t.close());

describe('queueing as records are registered', () => {
  it('puts a likely duplicate in the agency’s queue as soon as it is registered, never across agencies', async () => {
    const pair = await pairOf(ids.first!, ids.second!);
    expect(pair).toMatchObject({ agency_id: a.agencyId, status: 'pending', found_by: 'registration' });
    expect(pair.probability).toBeGreaterThan(0.99);
    expect(pair.explanation.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['given_names', 'first_surname', 'birth_date']),
    );
    expect(await pairOf(ids.twinA!, ids.twinB!)).toMatchObject({ found_by: 'registration' });
    expect(
      await rows('SELECT 1 FROM linkage_pair WHERE $1 IN (person_a, person_b)', [ids.elsewhere]),
    ).toEqual([]);
    const events = await t.auditEvents('linkage.pairs_queued');
    expect(events.find((e) => e.resource_ids.includes(pair.id))).toMatchObject({
      actor_user_id: a.coordinator.user.id,
      details: { personId: ids.second, queued: 1 },
    });
  });
});

describe('batch deduplication from the command line', () => {
  it('fills the review queue with explained pairs of each agency and merges nothing', async () => {
    // Persons loaded outside the application (e.g. imported) have no keys and were never queued: the batch
    // writes their keys and queues them.
    await t.superuser.query('DELETE FROM linkage_pair');
    await t.superuser.query('DELETE FROM person_block_key WHERE person_id = $1', [ids.twinB]);
    const run = await dedup();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Deduplicación terminada .* modelo versión 1: 5 personas/);
    expect(run.stdout).toContain('Cola de revisión: 2 pares nuevos, 0 actualizados, 0 ya decididos');
    expect(run.stdout).toContain('Ninguna fusión.');
    expect(run.stdout).toMatch(/entre instituciones \(no se encolan\): [1-9]/);
    expect(run.stderr).toContain('Buscando pares: 100 %');
    const pair = await pairOf(ids.first!, ids.second!);
    expect(pair).toMatchObject({
      agency_id: a.agencyId,
      status: 'pending',
      found_by: 'dedup',
      model_version: 1,
    });
    expect(pair.probability).toBeGreaterThan(0.99);
    expect(pair.explanation.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['prior', 'given_names', 'first_surname', 'birth_date', 'mother_name']),
    );
    expect(JSON.stringify(pair.explanation)).not.toMatch(/ixchel|cux|tzoc/i);
    expect(await pairOf(ids.twinA!, ids.twinB!)).toMatchObject({ status: 'pending' });
    const all = await rows('SELECT agency_id FROM linkage_pair');
    expect(all.every((r) => r.agency_id === a.agencyId)).toBe(true);
    expect(await t.count('linkage_merge')).toBe(0);
    expect(await rows('SELECT id FROM person WHERE merged_into IS NOT NULL')).toEqual([]);
    expect(
      (await rows('SELECT 1 FROM person_block_key WHERE person_id = $1', [ids.twinB])).length,
    ).toBeGreaterThan(0);
    const [event] = await t.auditEvents('linkage.dedup_completed');
    expect(event!.details).toMatchObject({ via: 'cli', persons: 5, queued: 2, modelVersion: 1 });
  });

  it('refuses a bad threshold with the usage', async () => {
    const run = await dedup(['--min-probability', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--min-probability debe ser un número entre 0 y 1.');
  });
});

describe('the review queue', () => {
  it('shows the agency’s pairs to coordinators only, best first, and nothing to another agency', async () => {
    const list = expectStatus(await a.coordinator.client.get('/api/linkage/pairs'), 200);
    expect(list.total).toBe(2);
    const ours = list.items.find((p: { persons: Array<{ id: string }> }) =>
      p.persons.some((person) => person.id === ids.first),
    );
    expect(ours).toMatchObject({ status: 'pending', modelVersion: 1, foundBy: 'dedup', version: 1 });
    expect(ours.persons.map((p: { givenNames: string }) => p.givenNames).sort()).toEqual([
      'Maria Ixchel',
      'María Ixchel',
    ]);
    expect(list.items[0].score).toBeGreaterThanOrEqual(list.items[1].score);
    ids.pair = ours.id;
    expect((await a.worker.client.get('/api/linkage/pairs')).status).toBe(403);
    expect((await a.worker.client.get(`/api/linkage/pairs/${ids.pair}`)).status).toBe(403);
    const elsewhere = expectStatus(await b.coordinator.client.get('/api/linkage/pairs'), 200);
    expect(elsewhere).toMatchObject({ items: [], total: 0 });
    expect((await b.coordinator.client.get(`/api/linkage/pairs/${ids.pair}`)).status).toBe(404);
  });

  it('compares both records side by side with the explanation', async () => {
    const response = await a.coordinator.client.get(`/api/linkage/pairs/${ids.pair}`);
    const detail = expectStatus(response, 200);
    expect(response.headers.get('etag')).toBe('"1"');
    const byId = Object.fromEntries(detail.sides.map((s: { person: { id: string } }) => [s.person.id, s]));
    expect(byId[ids.first!]).toMatchObject({
      person: { givenNames: 'María Ixchel', firstSurname: 'Cux' },
      parents: { mother: 'Rosa Tzoc Caal', father: null },
      cases: [{ id: cases.first }],
    });
    expect(byId[ids.second!].parents).toMatchObject({ mother: 'Rosa Tzoc', father: 'Pedro Cux' });
    const terms = Object.fromEntries(detail.explanation.map((e: { field: string }) => [e.field, e]));
    expect(terms.first_surname).toMatchObject({ level: 'phonetic' });
    expect(terms.birth_date).toMatchObject({ level: 'exact' });
    expect(terms.birth_date.weight).toBeGreaterThan(0);
    const [event] = (await t.auditEvents('linkage.pair_read')).slice(-1);
    expect(event!.resource_ids).toEqual([ids.pair, expect.any(String), expect.any(String)]);
  });
});

describe('"same child": a reversible merge', () => {
  it('needs the version, and refuses users without the permission', async () => {
    const url = `/api/linkage/pairs/${ids.pair}/decision`;
    expect((await a.coordinator.client.post(url, { decision: 'same' })).status).toBe(428);
    const worker = await a.worker.client.request('POST', url, {
      body: { decision: 'same' },
      headers: ifMatch(1),
    });
    expect(worker.status).toBe(403);
    const bad = await a.coordinator.client.request('POST', url, {
      body: { decision: 'same', keep: ids.twinA },
      headers: ifMatch(1),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.keep');
    expect(await t.count('linkage_merge')).toBe(0);
  });

  it('merges keeping both histories, and an unmerge restores both records and their cases exactly', async () => {
    const both = [ids.first!, ids.second!];
    // Only the record merged away has a photo: the survivor takes it while merged.
    const photographer = await staff(t, {
      agencyId: a.agencyId,
      scope: 'agency',
      permissions: ['person:read', 'person:update', 'attachment:read', 'attachment:write'],
    });
    const photo = await upload(photographer.client, `/api/persons/${ids.second}/attachments`, await png(), {
      fileName: 'foto.png',
      sensitivityClass: 'identity',
    });
    expect(photo.status, JSON.stringify(photo.json)).toBe(201);
    const { version } = expectStatus(await a.coordinator.client.get(`/api/persons/${ids.second}`), 200);
    expectStatus(
      await photographer.client.patch(
        `/api/persons/${ids.second}/photo`,
        { attachmentId: photo.json.id },
        ifMatch(version),
      ),
      200,
    );
    const before = await snapshot(both);
    const decided = expectStatus(
      await a.coordinator.client.request('POST', `/api/linkage/pairs/${ids.pair}/decision`, {
        body: { decision: 'same', keep: ids.first },
        headers: ifMatch(1),
      }),
      200,
    );
    expect(decided.pair).toMatchObject({ status: 'merged', version: 2 });
    const mergeId = decided.mergeId as string;
    // The second record is hidden; its case, family, document and consent now hang from the first.
    expect((await a.coordinator.client.get(`/api/persons/${ids.second}`)).status).toBe(404);
    const [kase] = await rows('SELECT person_id FROM case_file WHERE id = $1', [cases.second]);
    expect(kase!.person_id).toBe(ids.first);
    const family = expectStatus(await a.coordinator.client.get(`/api/persons/${ids.first}/relations`), 200);
    expect(family.items.map((r: { name: string }) => r.name).sort()).toEqual([
      'Pedro Cux',
      'Rosa Tzoc',
      'Rosa Tzoc Caal',
    ]);
    const merges = expectStatus(await a.coordinator.client.get(`/api/persons/${ids.first}/merges`), 200);
    expect(merges.items).toEqual([
      expect.objectContaining({
        id: mergeId,
        merged: expect.objectContaining({ id: ids.second, givenNames: 'Maria Ixchel' }),
        unmergedAt: null,
        moved: {
          'case_file.person_id': 1,
          'person_relation.person_id': 2,
          'person_identity_document.person_id': 1,
          'consent.person_id': 1,
          'attachment.person_id': 1,
          'person.photo_attachment_id': 1,
        },
      }),
    ]);
    const survivor = expectStatus(await a.coordinator.client.get(`/api/persons/${ids.first}`), 200);
    expect(survivor.photo).toMatchObject({ attachmentId: photo.json.id, mediaType: 'image/png' });
    expect((await a.coordinator.client.get(`/api/persons/${ids.first}/photo`)).status).toBe(200);
    const history = expectStatus(
      await a.coordinator.client.get(`/api/linkage/merges/${mergeId}/history`),
      200,
    );
    expect(history.items.some((h: { field: string }) => h.field === 'givenNames')).toBe(true);
    expect(await rows('SELECT 1 FROM person_block_key WHERE person_id = $1', [ids.second])).toEqual([]);
    const [merged] = await t.auditEvents('person.merged');
    expect(merged).toMatchObject({ actor_user_id: a.coordinator.user.id });
    expect(merged!.resource_ids).toEqual([ids.first, ids.second, ids.pair, mergeId]);
    // Another agency learns nothing of it.
    expect((await b.coordinator.client.get(`/api/persons/${ids.first}/merges`)).status).toBe(404);

    const unmergeUrl = `/api/linkage/merges/${mergeId}/unmerge`;
    expect((await a.coordinator.client.post(unmergeUrl, {})).status).toBe(428);
    const byWorker = await a.worker.client.request('POST', unmergeUrl, { body: {}, headers: ifMatch(1) });
    expect(byWorker.status).toBe(403);
    const undone = expectStatus(
      await a.coordinator.client.request('POST', unmergeUrl, { body: {}, headers: ifMatch(1) }),
      200,
    );
    expect(undone).toMatchObject({ id: mergeId, unmergedBy: { id: a.coordinator.user.id }, version: 2 });
    expect(await snapshot(both)).toEqual(before);
    expect(await pairOf(ids.first!, ids.second!)).toMatchObject({ status: 'pending', decided_at: null });
    const again = await a.coordinator.client.request('POST', unmergeUrl, { body: {}, headers: ifMatch(2) });
    expect(again.status).toBe(409);
    const [unmerged] = await t.auditEvents('person.unmerged');
    expect(unmerged!.resource_ids).toEqual([ids.first, ids.second, ids.pair, mergeId]);
    expect(unmerged!.actor_user_id).toBe(a.coordinator.user.id);
  });
});

describe('"not the same child"', () => {
  it('is remembered: the batch never proposes the pair again', async () => {
    const twins = await pairOf(ids.twinA!, ids.twinB!);
    const decided = expectStatus(
      await a.coordinator.client.request('POST', `/api/linkage/pairs/${twins.id}/decision`, {
        body: { decision: 'not_same' },
        headers: ifMatch(twins.version),
      }),
      200,
    );
    expect(decided).toMatchObject({ pair: { status: 'not_same' }, mergeId: null });
    const [event] = await t.auditEvents('linkage.pair_not_same');
    expect(event).toMatchObject({ actor_user_id: a.coordinator.user.id });
    expect(event!.resource_ids[0]).toBe(twins.id);
    const decidedRow = await pairOf(ids.twinA!, ids.twinB!);
    // Nor does a change to one of them.
    const twinB = expectStatus(await a.coordinator.client.get(`/api/persons/${ids.twinB}`), 200);
    expectStatus(
      await a.coordinator.client.patch(
        `/api/persons/${ids.twinB}`,
        { otherNames: ['Juanito'] },
        ifMatch(twinB.version),
      ),
      200,
    );
    expect(await pairOf(ids.twinA!, ids.twinB!)).toEqual(decidedRow);
    const run = await dedup();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Cola de revisión: 0 pares nuevos, 1 actualizados, 1 ya decididos');
    expect(await pairOf(ids.twinA!, ids.twinB!)).toEqual(decidedRow);
    const pending = expectStatus(await a.coordinator.client.get('/api/linkage/pairs'), 200);
    expect(pending.items.map((p: { id: string }) => p.id)).toEqual([ids.pair]);
    const remembered = expectStatus(
      await a.coordinator.client.get('/api/linkage/pairs?status=not_same'),
      200,
    );
    expect(remembered.items.map((p: { id: string }) => p.id)).toEqual([twins.id]);
    const twice = await a.coordinator.client.request('POST', `/api/linkage/pairs/${twins.id}/decision`, {
      body: { decision: 'same' },
      headers: ifMatch(decidedRow.version),
    });
    expect(twice.status).toBe(409);
    expect(await t.count('linkage_merge')).toBe(1);
  });
});

describe('merging and the schema', () => {
  it('re-points every reference to a person that is not the person’s own', async () => {
    const foreignKeys = await rows(`
      SELECT cl.relname AS "table", a.attname AS "column"
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass`);
    const key = (r: { table: string; column: string }) => `${r.table}.${r.column}`;
    expect(foreignKeys.map(key).sort()).toEqual(
      [...PERSON_REFERENCES, ...PERSON_REFERENCES_KEPT].map(key).sort(),
    );
  });

  it('is refused for users of a role without person:merge', async () => {
    const reader: Staff = await staff(t, { agencyId: a.agencyId, scope: 'agency' });
    expect((await reader.client.get('/api/linkage/pairs')).status).toBe(403);
  });
});
