import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PHONE, seriousAccessibilityViolations } from './support/browser.ts';
import { setUpCaseWorld, signIn, type CaseWorld } from './support/case-world.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { jpegApp1Segments, jpegWithGps, GPS } from '../integration/attachments/support.ts';

/**
 * Attachments and the printed summary on a phone (360 px) in Chromium: a caseworker attaches a photo with
 * its GPS tag, sees it listed without metadata, downloads it (no EXIF left) and prints the case summary.
 */

let server: RunningServer;
let browser: Browser;
let world: CaseWorld;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  world = await setUpCaseWorld(server);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amparo-attachments-'));
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

describe('attachments in Chromium at 360 px', () => {
  it('attaches a photo without its GPS tag, downloads it and prints the case summary', async () => {
    const worker = await signIn(server.baseUrl, world.worker);
    const person = await worker.post('/api/persons', { givenNames: 'Ixchel', firstSurname: 'B\u02bcatz' });
    const kase = await worker.post('/api/cases', {
      personId: person.body.id,
      caseType: 'residential_trafficking_victim',
      programmeId: world.programmeId,
      teamId: world.teamId,
    });
    expect(kase.status, JSON.stringify(kase.body)).toBe(201);
    const photo = path.join(dir, 'foto del albergue.jpg');
    await fs.writeFile(photo, await jpegWithGps());

    const context = await browser.newContext({ viewport: PHONE, locale: 'es-GT', acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${server.baseUrl}/cases/${kase.body.id}?tab=attachments`);
    await page.getByRole('heading', { name: 'Adjuntos' }).waitFor();
    await page.getByText('No hay adjuntos que usted pueda ver.').waitFor();

    // Nothing chosen: the form says what is missing, on its fields.
    await page.getByRole('button', { name: 'Adjuntar', exact: true }).click();
    await page.getByText('Elija un archivo.').waitFor();

    await page.getByLabel('Archivo').setInputFiles(photo);
    await page.getByLabel('Confidencialidad').selectOption('general');
    await page.getByLabel('Descripción').fill('Fachada');
    await page.getByRole('button', { name: 'Adjuntar', exact: true }).click();
    await page.getByText('Archivo adjuntado: foto del albergue.jpg.').waitFor();
    expect(await page.getByTestId('attachment-name').allTextContents()).toEqual(['foto del albergue.jpg']);
    await page.getByText('Sin metadatos').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);

    const [photoDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Descargar foto del albergue.jpg' }).click(),
    ]);
    expect(photoDownload.suggestedFilename()).toBe('foto del albergue.jpg');
    const downloaded = await fs.readFile((await photoDownload.path())!);
    expect(jpegApp1Segments(downloaded)).toEqual([]);
    expect(downloaded.includes(Buffer.from(GPS.camera))).toBe(false);
    expect((await sharp(downloaded).metadata()).exif).toBeUndefined();

    const [summary] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('print-summary').click(),
    ]);
    expect(summary.suggestedFilename()).toBe(`resumen-${kase.body.number}.pdf`);
    const pdf = await fs.readFile((await summary.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    await context.close();
  });
});
