import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('system routes', () => {
  it('reports health and readiness with migrations current', async () => {
    const client = t.client();
    expect((await client.get('/api/health')).body).toEqual({ status: 'ok' });
    const ready = await client.get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const doc = await t.client().get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/health');
    // A JSON body is documented from its schema, an upload as the file's bytes.
    const upload = doc.body.paths['/api/cases/{id}/attachments'].post.requestBody;
    expect(Object.keys(upload.content)).toEqual(['application/octet-stream', 'application/pdf', 'image/*']);
    expect(upload.content['application/pdf'].schema).toMatchObject({ type: 'string', format: 'binary' });
    const json = doc.body.paths['/api/cases/{id}/notes'].post.requestBody;
    expect(Object.keys(json.content)).toEqual(['application/json']);
  });

  it('answers unknown API routes with a problem document carrying a request id', async () => {
    const response = await t.client().get('/api/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.type).toBe('urn:amparo:problem:not-found');
    expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('does not let the application role alter or delete the audit trail', async () => {
    const { db } = t.runtime.services;
    await db
      .insertInto('audit_event')
      .values({ action: 'test.event', outcome: 'success', resource_ids: [], details: '{}' })
      .execute();
    await expect(
      db
        .updateTable('audit_event')
        .set({ action: 'changed' } as never)
        .execute(),
    ).rejects.toThrow(/permission denied/);
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/permission denied/);
    expect((await t.auditEvents('test.event')).length).toBe(1);
  });
});
