import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessibilityChecks, PHONE, uploadFolderForFile } from './support/browser.ts';
import { logIn, registerPersonWithCase, signIn, startCaseWorldForFile } from './support/case-world.ts';
import { jpegWithGps, pdfWith } from '../integration/attachments/support.ts';

/**
 * A person's papers and photo, and a consent's attached document, on a phone (360 px) in Chromium: the
 * caseworker attaches a photo to the person (identity class), makes it the person's photo and sees it in
 * the record's header; then records a consent whose signed document is a file attached to the case.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);
const uploads = uploadFolderForFile('amparo-person-photo-');

describe('a person’s photo and papers in Chromium at 360 px', () => {
  it('attaches a photo to the person, makes it the photo shown in the header, and uses a case file as a consent’s document', async () => {
    const { server, browser, world } = running;
    const worker = await signIn(server.baseUrl, world.worker);
    const { personId, caseId } = await registerPersonWithCase(worker, world, {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
    });
    const photo = path.join(uploads.dir, 'retrato.jpg');
    await fs.writeFile(photo, await jpegWithGps());
    const signed = path.join(uploads.dir, 'consentimiento firmado.pdf');
    await fs.writeFile(signed, pdfWith('Consentimiento'));

    const context = await browser.newContext({ viewport: PHONE, locale: 'es-GT', acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, server.baseUrl, world.worker);

    // The person record: no photo yet; the Attachments tab.
    await page.goto(`${server.baseUrl}/persons/${personId}`);
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
    await expectAccessible(page, 'person photo in the header');

    // Still there after a reload (the record's own read carries it).
    await page.reload();
    await page.getByRole('img', { name: 'Foto de Ixchel Cux' }).waitFor();

    // A file of the case becomes a consent's signed document.
    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=attachments`);
    await page.getByLabel('Archivo').setInputFiles(signed);
    await page.getByLabel('Confidencialidad').selectOption('general');
    await page.getByRole('button', { name: 'Adjuntar', exact: true }).click();
    await page.getByText('Archivo adjuntado: consentimiento firmado.pdf.').waitFor();

    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=consent`);
    const consents = page.getByTestId('consents');
    await consents.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    const form = page.getByTestId('consent-form');
    await form.getByLabel('Propósito').selectOption('services');
    await form.getByLabel('Madre, padre o quien tiene la guarda').check();
    await form.getByLabel('Nombre de quien lo da').fill('Rosa Caal');
    await form.getByLabel('Documento firmado (adjunto)').selectOption({
      label: 'consentimiento firmado.pdf (del caso)',
    });
    await expectAccessible(page, 'consent form with a case file');
    await form.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    await page.getByText('Consentimiento registrado.').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      consents.getByRole('button', { name: 'Descargar el documento' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('consentimiento firmado.pdf');
    await expectAccessible(page, 'consent with its document');
    await context.close();
  });
});
