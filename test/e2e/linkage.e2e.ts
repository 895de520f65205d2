import { describe, expect, it } from 'vitest';
import { amparo } from '../integration/cli/run-cli.ts';
import { accessibilityChecks, collectPageErrors, DESKTOP, pageHeading, PHONE } from './support/browser.ts';
import { logIn, signIn, startCaseWorldForFile } from './support/case-world.ts';

/**
 * Record linkage as a coordinator uses it, in Chromium: the batch deduplication fills the review queue; she
 * compares the two records of a girl registered twice, with the explanation, merges them, finds the merge
 * in the kept record and undoes it; she records a family-tracing request and sees the ranked answer. Every
 * screen passes axe at 360 px and at desktop width, without sideways scrolling at 360 px.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE, DESKTOP]);

describe('record linkage in Chromium', () => {
  it('reviews a duplicate, merges and unmerges it, and answers a family-tracing request', async () => {
    const { server, browser, world } = running;
    const worker = await signIn(server.baseUrl, world.worker);
    const register = async (person: Record<string, unknown>, mother: string) => {
      const created = (await worker.post('/api/persons', person)).body as { id: string };
      await worker.post(`/api/persons/${created.id}/relations`, {
        kind: 'family',
        name: mother,
        relationship: 'mother',
      });
      await worker.post('/api/cases', {
        personId: created.id,
        programmeId: world.programmeId,
        teamId: world.teamId,
        caseType: 'residential_trafficking_victim',
      });
      return created.id;
    };
    const first = await register(
      {
        givenNames: 'María Ixchel',
        firstSurname: 'Cux',
        secondSurname: 'Tzoc',
        sex: 'female',
        dateOfBirth: { precision: 'exact', date: '2010-02-03' },
      },
      'Rosa Tzoc Caal',
    );
    await register(
      {
        givenNames: 'Maria Ixchel',
        firstSurname: 'Kux',
        secondSurname: 'Tzoc',
        sex: 'female',
        dateOfBirth: { precision: 'exact', date: '2010-02-03' },
      },
      'Rosa Tzoc',
    );
    await worker.post(`/api/persons/${first}/consents`, {
      purpose: 'family_tracing',
      givenBy: 'guardian',
      giverName: 'Rosa Tzoc Caal',
      giverRelationship: 'mother',
      givenOn: new Date().toISOString().slice(0, 10),
      checklist: {
        toldPurpose: true,
        toldUses: true,
        toldResearchUse: true,
        toldRightToRequestData: true,
        toldRetentionPeriod: true,
        toldHowToWithdraw: true,
      },
    });
    const dedup = await amparo(['linkage', 'dedup'], { env: { AMPARO_DATA_DIR: server.dataDir } });
    expect(dedup.code, dedup.stderr).toBe(0);
    // Registering the second record already queued the pair; the batch finds it again and refreshes it.
    expect(dedup.stdout).toContain('0 pares nuevos, 1 actualizados');

    const context = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    await logIn(page, server.baseUrl, world.coordinator);

    // The queue and the side-by-side comparison with the explanation.
    await page.getByRole('link', { name: 'Posibles duplicados' }).first().click();
    await pageHeading(page, 'Posibles duplicados').waitFor();
    await page
      .getByRole('link', { name: /^Comparar María Ixchel Cux Tzoc y Maria Ixchel Kux Tzoc|^Comparar Maria/ })
      .click();
    await pageHeading(page, 'Comparar registros').waitFor();
    await page.getByRole('heading', { name: 'Por qué el modelo los propone' }).waitFor();
    const explanation = page.getByRole('region', { name: 'Explicación de la puntuación' });
    expect(await explanation.textContent()).toContain('suena igual');
    await page
      .getByRole('region', { name: 'Los dos registros, lado a lado' })
      .getByText('Rosa Tzoc Caal')
      .waitFor();
    await expectAccessible(page, 'pair comparison');

    // "Same child": keep the first record.
    await page.getByLabel(/Registro \d: María Ixchel Cux Tzoc/).check();
    await page.getByRole('button', { name: 'Es la misma persona: fusionar' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Fusionar' }).click();
    await page.getByTestId('merge-entry').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/persons/${first}`);
    expect(await page.getByTestId('merge-entry').textContent()).toContain('Maria Ixchel Kux Tzoc');
    await expectAccessible(page, 'merges of a record');

    // The merged record's history, then the unmerge.
    await page.getByRole('button', { name: 'Ver el historial del registro fusionado' }).click();
    await page.getByTestId('history-panel').waitFor();
    await page.getByRole('button', { name: 'Deshacer la fusión' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deshacer la fusión' }).click();
    await page.getByText(/Fusión deshecha el/).waitFor();

    // A family-tracing request and its ranked answer.
    await page.getByRole('link', { name: 'Búsquedas de familia' }).first().click();
    await pageHeading(page, 'Búsquedas de familia').waitFor();
    await page.getByRole('link', { name: 'Nueva solicitud' }).click();
    await pageHeading(page, 'Nueva búsqueda de familia').waitFor();
    await page.getByLabel('Nombre', { exact: true }).fill('Rosa Tzoc Caal');
    await page.getByLabel('Relación con la persona buscada').selectOption({ label: 'Madre' });
    await page.getByLabel('Cómo contactar a quien pregunta').fill('Tel. 5555-1234');
    await page.getByLabel('Nombres', { exact: true }).fill('Ixchel');
    await page.getByLabel('Primer apellido (opcional)').fill('Cux');
    await page.getByLabel('Año aproximado').check();
    await page.getByLabel('Nació entre el año').fill('2009');
    await page.getByLabel('y el año (opcional)').fill('2011');
    await page.getByLabel('Nombre de la madre (opcional)').fill('Rosa Tzoc');
    await expectAccessible(page, 'new tracing request');
    await page.getByRole('button', { name: 'Registrar y buscar' }).click();
    await pageHeading(page, 'Búsqueda de Ixchel Cux').waitFor();
    const answers = page.getByTestId('tracing-answers');
    expect(await answers.textContent()).toContain('1. María Ixchel Cux Tzoc');
    // The record without tracing consent is not among the answers.
    expect(await answers.textContent()).not.toContain('Kux');
    await expectAccessible(page, 'tracing answers');

    // The same screens in English.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Records that could be this child' }).waitFor();
    await page.goto(`${server.baseUrl}/linkage/review`);
    await pageHeading(page, 'Possible duplicates').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
