import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityChecks,
  collectPageErrors,
  openCaseTab,
  openFromMenu,
  pageHeading,
  PHONE,
} from './support/browser.ts';
import {
  expectStatus,
  logIn,
  registerPersonWithCase,
  signIn,
  startCaseWorldForFile,
} from './support/case-world.ts';

/**
 * The screens around the case record, on a phone (360 px) in Chromium: the service-provider directory
 * (created with its errors shown first, edited, searched, filtered, paged), the plan's history and a note's
 * earlier wordings behind their "Historial" disclosures, the assessment forms in the order of the work, and
 * the coordinator's queue of approvals waiting (filtered by kind, each opening its case where it is decided),
 * which the social worker's menu does not offer. Every screen passes axe without sideways scrolling.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);

/** The main menu's entries (closed or open). */
const menuLinks = (page: Page) => page.locator('#app-nav a').allTextContents();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('screens around the case record at 360 px', () => {
  it('keeps the provider directory, shows histories, orders the forms, and queues approvals for the coordinator', async () => {
    const { server, browser, world } = running;
    // What the caseworker already did through the API: a plan changed once and sent for approval, a note
    // reworded within its 24 hours, a closure asked for on another case, and a directory of 25 providers.
    const worker = await signIn(server.baseUrl, world.worker);
    const openCaseFor = (givenNames: string) =>
      registerPersonWithCase(worker, world, { givenNames, firstSurname: 'Chiquín' });
    const planned = await openCaseFor('Rosalía');
    const plan = expectStatus(
      await worker.post(`/api/cases/${planned.caseId}/plan`, {
        goals: [
          {
            domain: 'safety',
            objective: 'Que Rosalía esté segura en sus salidas.',
            actions: [
              {
                description: 'Plan de seguridad con ella',
                responsibleUserId: world.worker.id,
                dueDate: inDays(14),
              },
            ],
          },
        ],
      }),
    ) as { goals: Array<{ id: string; domain: string; objective: string; actions: Array<{ id: string }> }> };
    const [goal] = plan.goals;
    expectStatus(
      await worker.request('PUT', `/api/cases/${planned.caseId}/plan`, {
        body: {
          goals: [
            {
              ...goal,
              actions: [
                {
                  id: goal!.actions[0]!.id,
                  description: 'Plan de seguridad con ella',
                  responsibleUserId: world.worker.id,
                  dueDate: inDays(14),
                  status: 'done',
                },
              ],
            },
          ],
        },
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    expectStatus(
      await worker.request('POST', `/api/cases/${planned.caseId}/plan/approval-requests`, {
        body: {},
        headers: { 'if-match': '"2"' },
      }),
    );
    const note = expectStatus(
      await worker.post(`/api/cases/${planned.caseId}/notes`, {
        type: 'case_note',
        body: 'PRIMERA-REDACCION: habló con la tía.',
      }),
    ) as { id: string };
    expectStatus(
      await worker.request('PATCH', `/api/cases/${planned.caseId}/notes/${note.id}`, {
        body: { body: 'Habló con la tía por teléfono; pidió visitarla.' },
        headers: { 'if-match': '"1"' },
      }),
      200,
    );
    const closing = await openCaseFor('Juana');
    expectStatus(
      await worker.post(`/api/cases/${closing.caseId}/closure-requests`, { comment: 'Metas cumplidas.' }),
    );
    for (let n = 1; n <= 25; n++)
      expectStatus(
        await worker.post('/api/service-providers', {
          name: `Escuela rural ${String(n).padStart(2, '0')}`,
          orgType: 'SchoolOrCollege',
          area: 'educational',
        }),
      );

    const context = await browser.newContext({ locale: 'es-GT', viewport: PHONE });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    await logIn(page, server.baseUrl, world.worker);

    // The social worker keeps the directory; the approvals queue is not hers
    expect(await menuLinks(page)).toContain('Proveedores de servicios');
    expect(await menuLinks(page)).not.toContain('Aprobaciones');
    await openFromMenu(page, 'Proveedores de servicios');
    await pageHeading(page, 'Directorio de proveedores de servicios').waitFor();
    await page.getByText('Página 1 de 1 · 25 resultados').waitFor();
    await expectAccessible(page, 'provider directory');

    await page.getByRole('link', { name: 'Añadir un proveedor' }).click();
    await pageHeading(page, 'Añadir un proveedor al directorio').waitFor();
    await page.getByRole('button', { name: 'Añadir un proveedor' }).click();
    await page.getByText('Escriba el nombre del proveedor.').waitFor();
    await page.getByText('Elija el área de servicio.').waitFor();
    expect(await page.getByLabel('Nombre').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'new provider with errors');
    await page.getByLabel('Nombre').fill('Centro de Salud de Cobán');
    await page.getByLabel('Área de servicio').selectOption({ label: 'Médico' });
    await page.getByLabel('Tipo de organización').selectOption({ label: 'Servicio de salud' });
    await page.getByLabel('Contacto').fill('7951-0000');
    await page.getByRole('button', { name: 'Añadir un proveedor' }).click();
    await pageHeading(page, 'Centro de Salud de Cobán').waitFor();
    await page.getByLabel('Contacto').fill('7951-1111, Dra. Caal');
    await page.getByLabel('Activo').uncheck();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Proveedor guardado.').waitFor();
    await expectAccessible(page, 'provider record');

    await page.getByRole('link', { name: '← Volver al directorio' }).click();
    await page.getByText('Página 1 de 2 · 26 resultados').waitFor();
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Página 2 de 2 · 26 resultados').waitFor();
    await page.getByRole('search', { name: 'Buscar en el directorio' }).getByLabel('Nombre').fill('coban');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('Página 1 de 1 · 1 resultado').waitFor();
    const row = page.getByRole('row', { name: /Centro de Salud de Cobán/ });
    expect(await row.textContent()).toContain('7951-1111, Dra. Caal');
    expect(await row.textContent()).toContain('Inactivo');
    expect(new URL(page.url()).searchParams.get('q')).toBe('coban');
    await page.getByLabel('Nombre').fill('');
    await page.getByLabel('Área de servicio').selectOption({ label: 'Educativo' });
    await page.getByLabel('Estado').selectOption({ label: 'Inactivos' });
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('Ningún proveedor coincide con la búsqueda.').waitFor();
    await expectAccessible(page, 'provider directory, nothing found');

    // The plan's history: what each version changed
    await page.goto(`${server.baseUrl}/cases/${planned.caseId}?tab=plan`);
    const history = page.getByTestId('plan-history');
    await history.getByText('Historial del plan').click();
    await history.getByText('Meta añadida (Seguridad): Que Rosalía esté segura en sus salidas.').waitFor();
    await history.getByText('Estado de la acción «Plan de seguridad con ella»: Pendiente → Hecha').waitFor();
    expect(await history.locator('.log-entry').count()).toBe(2);
    await expectAccessible(page, 'plan history');

    // A note's earlier wording
    await openCaseTab(page, 'Notas');
    const earlier = page.getByTestId('note-history');
    await earlier.getByText('Historial: 1 redacción anterior').click();
    await earlier.getByText('PRIMERA-REDACCION: habló con la tía.').waitFor();
    await earlier.getByText(/Versión 1, reemplazada el .* por Lucía Tz'oc/).waitFor();
    await expectAccessible(page, 'note history');

    // The assessment forms, in the order of the work
    await openCaseTab(page, 'Evaluaciones');
    const choices = page.getByTestId('new-assessment').locator('label.inline-choice');
    await choices.first().waitFor();
    expect(await choices.allTextContents()).toEqual([
      'Evaluación inicial (versión 1)',
      'Evaluación de riesgo (versión 1)',
      'Evaluación psicosocial (versión 1)',
      'Evaluación del interés superior (versión 1)',
    ]);

    // The coordinator's queue: both requests with their case numbers, then closures only
    await page.goto(`${server.baseUrl}/approvals`);
    await pageHeading(page, 'Sin acceso').waitFor();
    const coordinatorContext = await browser.newContext({ locale: 'es-GT', viewport: PHONE });
    const supervisor = await coordinatorContext.newPage();
    collectPageErrors(supervisor, pageErrors);
    await logIn(supervisor, server.baseUrl, world.coordinator);
    await supervisor.goto(`${server.baseUrl}/my-work`);
    await supervisor
      .getByTestId('approval-waiting')
      .filter({ hasText: `Aprobar un cierre: caso ${closing.caseNumber}` })
      .waitFor();
    await supervisor.getByRole('link', { name: 'Ver todas las aprobaciones pendientes' }).click();
    await pageHeading(supervisor, 'Aprobaciones pendientes').waitFor();
    const queue = supervisor.getByTestId('pending-approvals');
    await queue.getByRole('link', { name: `Caso ${planned.caseNumber}: plan` }).waitFor();
    await queue.getByRole('link', { name: `Caso ${closing.caseNumber}: cierre` }).waitFor();
    await queue.getByText('Metas cumplidas.').waitFor();
    await expectAccessible(supervisor, 'approvals waiting');
    await supervisor.getByLabel('Tipo de solicitud').selectOption({ label: 'Cierres de caso' });
    await queue.getByRole('link', { name: `Caso ${closing.caseNumber}: cierre` }).waitFor();
    expect(await queue.getByTestId('pending-approvals-item').count()).toBe(1);
    expect(await queue.getByRole('link', { name: `Caso ${planned.caseNumber}: plan` }).count()).toBe(0);
    await expectAccessible(supervisor, 'approvals waiting, closures');
    await queue.getByRole('link', { name: `Caso ${closing.caseNumber}: cierre` }).click();
    await pageHeading(supervisor, `Caso ${closing.caseNumber}`).waitFor();
    await supervisor.getByTestId('closure-section').getByTestId('decision-form').waitFor();

    // …and in English
    await openFromMenu(supervisor, 'Aprobaciones');
    await supervisor.getByTestId('language-switch').click();
    await pageHeading(supervisor, 'Approvals waiting').waitFor();
    await supervisor.getByRole('link', { name: `Case ${planned.caseNumber}: plan` }).waitFor();
    await expectAccessible(supervisor, 'approvals waiting (English)');

    expect(pageErrors).toEqual([]);
    await context.close();
    await coordinatorContext.close();
  });
});
