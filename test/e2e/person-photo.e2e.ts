import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE, seriousAccessibilityViolations } from './support/browser.ts';
import { setUpCaseWorld, signIn, type CaseWorld } from './support/case-world.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { jpegWithGps, pdfWith } from '../integration/attachments/support.ts';

/**
 * A person's papers and photo, and a consent's attached document, on a phone (360 px) in Chromium: the
 * caseworker attaches a photo to the person (identity class), makes it the person's photo and sees it in
 * the record's header; then records a consent whose signed document is a file attached to the case.
 */

let server: RunningServer;
let browser: Browser;
let world: CaseWorld;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  world = await setUpCaseWorld(server);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-person-photo-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function logIn(page: Page) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('Nombre de usuario').fill(world.worker.username);
  await page.getByLabel('Contraseña').fill(world.worker.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByTestId('my-roles').waitFor();
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('a person’s photo and papers in Chromium at 360 px', () => {
  it('attaches a photo to the person, makes it the photo shown in the header, and uses a case file as a consent’s document', async () => {
    const worker = await signIn(server.baseUrl, world.worker);
    const person = await worker.post('/api/persons', { givenNames: 'Ixchel', firstSurname: 'Cux' });
    const kase = await worker.post('/api/cases', {
      personId: person.body.id,
      caseType: 'residential_trafficking_victim',
      programmeId: world.programmeId,
      teamId: world.teamId,
    });
    expect(kase.status, JSON.stringify(kase.body)).toBe(201);
    const photo = path.join(dir, 'retrato.jpg');
    await fs.writeFile(photo, await jpegWithGps());
    const signed = path.join(dir, 'consentimiento firmado.pdf');
    await fs.writeFile(signed, pdfWith('Consentimiento'));

    const context = await browser.newContext({ viewport: PHONE, locale: 'es-GT', acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page);

    // The person record: no photo yet; the Attachments tab.
    await page.goto(`${server.baseUrl}/persons/${person.body.id}`);
    await page.getByTestId('person-photo').getByText('Sin foto').waitFor();
    await page.getByRole('link', { name: 'Adjuntos' }).click();
    await page.getByRole('heading', { name: 'Archivos de la persona (fuera de sus casos)' }).waitFor();
    await page.getByLabel('Archivo').setInputFiles(photo);
    await page.getByLabel('Confidencialidad').selectOption('identity');
    await page.getByRole('button', { name: 'Adjuntar', exact: true }).click();
    await page.getByText('Archivo adjuntado: retrato.jpg.').waitFor();

    await page.getByRole('button', { name: 'Usar retrato.jpg como foto de la persona' }).click();
    await page.getByText('La foto de la persona quedó guardada.').waitFor();
    await page.getByText('Foto actual').waitFor();
    const header = page.getByRole('img', { name: 'Foto de Ixchel Cux' });
    await header.waitFor();
    await expect
      .poll(() => header.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await noSidewaysScroll(page)).toBe(true);

    // Still there after a reload (the record's own read carries it).
    await page.reload();
    await page.getByRole('img', { name: 'Foto de Ixchel Cux' }).waitFor();

    // A file of the case becomes a consent's signed document.
    await page.goto(`${server.baseUrl}/cases/${kase.body.id}?tab=attachments`);
    await page.getByLabel('Archivo').setInputFiles(signed);
    await page.getByLabel('Confidencialidad').selectOption('general');
    await page.getByRole('button', { name: 'Adjuntar', exact: true }).click();
    await page.getByText('Archivo adjuntado: consentimiento firmado.pdf.').waitFor();

    await page.goto(`${server.baseUrl}/cases/${kase.body.id}?tab=consent`);
    const consents = page.getByTestId('consents');
    await consents.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    const form = page.getByTestId('consent-form');
    await form.getByLabel('Propósito').selectOption('services');
    await form.getByLabel('Madre, padre o quien tiene la guarda').check();
    await form.getByLabel('Nombre de quien lo da').fill('Rosa Caal');
    await form.getByLabel('Documento firmado (adjunto)').selectOption({
      label: 'consentimiento firmado.pdf (del caso)',
    });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    await page.getByText('Consentimiento registrado.').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      consents.getByRole('button', { name: 'Descargar el documento' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('consentimiento firmado.pdf');
    expect(await noSidewaysScroll(page)).toBe(true);
    await context.close();
  });
});
