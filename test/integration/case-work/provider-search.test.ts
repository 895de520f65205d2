import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { expectStatus, type Staff } from '../cases/support.ts';
import { caseWorker } from './support.ts';

/** Searching the agency's directory of service providers by part of the name, as its screen does. */

let t: TestApp;
let writer: Staff;
let other: Staff;

beforeAll(async () => {
  t = await startTestApp();
  const agencyId = await t.createAgency('Refugio');
  writer = await caseWorker(t, agencyId);
  other = await caseWorker(t, await t.createAgency('Otra'));
  for (const [name, area] of [
    ['Centro de Salud de Cobán', 'medical'],
    ['Escuela Oficial Rural Mixta Chicojl', 'educational'],
    ['Clínica Legal 100%_Niñez', 'legal'],
  ] as const)
    expectStatus(await writer.client.post('/api/service-providers', { name, orgType: 'NGO', area }), 201);
  expectStatus(
    await other.client.post('/api/service-providers', {
      name: 'Centro de Salud de otra agencia',
      orgType: 'HealthServiceOrganisation',
      area: 'medical',
    }),
    201,
  );
});
afterAll(async () => t.close());

const names = async (client: Staff['client'], query: string) => {
  const page = expectStatus(await client.get(`/api/service-providers?${query}`), 200) as {
    items: Array<{ name: string }>;
    total: number;
  };
  expect(page.total).toBe(page.items.length);
  return page.items.map((p) => p.name);
};

describe('service directory search', () => {
  it('finds by part of the name, ignoring case and accents, within the agency only', async () => {
    expect(await names(writer.client, 'q=coban')).toEqual(['Centro de Salud de Cobán']);
    expect(await names(writer.client, `q=${encodeURIComponent('CLÍNICA')}`)).toEqual([
      'Clínica Legal 100%_Niñez',
    ]);
    expect(await names(writer.client, 'q=centro')).toEqual(['Centro de Salud de Cobán']);
    expect(await names(other.client, 'q=centro')).toEqual(['Centro de Salud de otra agencia']);
    expect(await names(writer.client, 'q=salud&area=educational')).toEqual([]);
    expect((await t.auditEvents('service_provider.list')).at(-1)!.details).toMatchObject({
      query: { q: 'salud', area: 'educational' },
    });
  });

  it('takes % and _ as letters, not as patterns', async () => {
    expect(await names(writer.client, `q=${encodeURIComponent('100%_')}`)).toEqual([
      'Clínica Legal 100%_Niñez',
    ]);
    expect(await names(writer.client, `q=${encodeURIComponent('%')}`)).toEqual(['Clínica Legal 100%_Niñez']);
    expect(await names(writer.client, 'q=_')).toEqual(['Clínica Legal 100%_Niñez']);
  });

  it('refuses an over-long search with the field named', async () => {
    const response = await writer.client.get(`/api/service-providers?q=${'a'.repeat(101)}`);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['querystring.q']);
  });
});
