import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { accessibilityChecks, PHONE, uploadFolderForFile } from './support/browser.ts';
import { logIn, registerPersonWithCase, signIn, startCaseWorldForFile } from './support/case-world.ts';
import { jpegApp1Segments, jpegWithGps, GPS } from '../integration/attachments/support.ts';

/**
 * Attachments and the printed summary on a phone (360 px) in Chromium: a caseworker attaches a photo with
 * its GPS tag, sees it listed without metadata, downloads it (no EXIF left) and prints the case summary.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);
const uploads = uploadFolderForFile('amparo-attachments-');

describe('attachments in Chromium at 360 px', () => {
  it('attaches a photo without its GPS tag, downloads it and prints the case summary', async () => {
    const { server, browser, world } = running;
    const worker = await signIn(server.baseUrl, world.worker);
    const { caseId, caseNumber } = await registerPersonWithCase(worker, world, {
      givenNames: 'Ixchel',
      firstSurname: 'B\u02bcatz',
    });
    const photo = path.join(uploads.dir, 'foto del albergue.jpg');
    await fs.writeFile(photo, await jpegWithGps());

    const context = await browser.newContext({ viewport: PHONE, locale: 'es-GT', acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, server.baseUrl, world.worker);
    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=attachments`);
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
    await expectAccessible(page, 'case attachments');

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
    expect(summary.suggestedFilename()).toBe(`resumen-${caseNumber}.pdf`);
    const pdf = await fs.readFile((await summary.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    await context.close();
  });
});
