import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityChecks, openFromMenu, pageHeading, PHONE } from './support/browser.ts';
import {
  createStaff,
  enrolTwoFactorFor,
  logIn,
  signIn,
  startCaseWorldForFile,
  type StaffMember,
} from './support/case-world.ts';
import { amparo } from '../integration/cli/run-cli.ts';

/**
 * The settings screens on a phone (360 px) in Chromium: "Plazos del ciclo del caso", where the agency's
 * administrator sets the agency's own rule (refused first with the error on its field), sees it in force and
 * returns to the installation's; the reference lists, which the agency's administrator only browses (search,
 * pages) and the administrator of the whole installation edits and adds to, and whose installation
 * deadline rule only that administrator changes — an account made with the command line (amparo user create
 * --role installation_admin). Every screen passes axe without sideways scrolling.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);
let agencyAdmin: StaffMember;
let installationAdmin: StaffMember;

beforeAll(async () => {
  const { server, world } = running;
  agencyAdmin = await createStaff(world, {
    username: 'sara.admin',
    displayName: 'Sara Administradora',
    password: 'una frase larga de administración',
    role: 'system_admin',
    programmeId: null,
    teamId: world.teamId,
    twoFactor: true,
  });
  // The installation's administrator is created from the server's command line, as an operator would.
  const password = 'otra frase larga de acceso';
  const created = await amparo(
    [
      'user',
      'create',
      '--username',
      'ines.instalacion',
      '--display-name',
      'Inés de la Instalación',
      '--role',
      'installation_admin',
      '--agency',
      'Refugio de la Niñez (prueba)',
      '--password-stdin',
    ],
    { env: { AMPARO_DATA_DIR: server.dataDir }, input: `${password}\n` },
  );
  expect(created.code, created.stderr).toBe(0);
  installationAdmin = { id: '', username: 'ines.instalacion', displayName: 'Inés', password };
  await enrolTwoFactorFor(server.baseUrl, installationAdmin);
});

/** A phone-sized page with the member logged in. */
async function logInOnPhone(member: StaffMember): Promise<Page> {
  const context = await running.browser.newContext({ locale: 'es-GT', viewport: PHONE });
  const page = await context.newPage();
  await logIn(page, running.server.baseUrl, member);
  return page;
}

const card = (page: Page, name: string) => page.getByRole('region', { name });

describe('settings at 360 px', () => {
  it("the agency's administrator sets the agency's own deadline and returns to the installation's", async () => {
    const page = await logInOnPhone(agencyAdmin);
    await openFromMenu(page, 'Plazos del ciclo del caso');
    await pageHeading(page, 'Plazos del ciclo del caso').waitFor();
    const initial = card(page, 'Evaluación inicial');
    await initial.getByText('3 días desde la apertura del caso').waitFor();
    await expect(initial.getByText('Regla de la instalación', { exact: true }).count()).resolves.toBe(1);
    // Only the installation's administrator sees the installation's rule.
    expect(
      await page.getByText('Regla de la instalación (para todas las agencias sin regla propia)').count(),
    ).toBe(0);
    await expectAccessible(page, 'due rules');

    await initial.getByText('Regla de la agencia', { exact: true }).click();
    const days = initial.getByLabel('Días');
    await days.fill('5000');
    await initial.getByRole('button', { name: 'Guardar para la agencia' }).click();
    await initial.getByText('Escriba un número entero de días entre 0 y 3650.').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'due rule with an error');
    await days.fill('10');
    await initial.getByLabel('Evaluación', { exact: true }).check();
    await initial.getByRole('button', { name: 'Guardar para la agencia' }).click();
    await initial.getByText('Se guardó la regla de la agencia.').waitFor();
    await initial.getByText('Regla propia de la agencia').waitFor();
    await initial
      .getByText('10 días desde la apertura del caso, mientras el caso está en: Registro, Evaluación.')
      .waitFor();
    await initial.getByText(/La regla de la instalación: 3 días/).waitFor();

    // The administrator who set the installation up is of the same agency.
    const admin = running.world.admin;
    const stored = (await admin.get('/api/case-due-rules')).body.items.find(
      (i: { key: string }) => i.key === 'initial_assessment',
    );
    expect(stored.override).toMatchObject({ days: 10, statuses: ['registration', 'assessment'], version: 1 });

    await initial.getByRole('button', { name: 'Volver a la regla de la instalación' }).click();
    const dialog = page.getByRole('dialog', { name: '¿Volver a la regla de la instalación?' });
    await dialog.getByRole('button', { name: 'Volver a la regla de la instalación' }).click();
    await initial.getByText('La agencia sigue ahora la regla de la instalación.').waitFor();
    await initial.getByText('3 días desde la apertura del caso').waitFor();
    const after = (await admin.get('/api/case-due-rules')).body.items.find(
      (i: { key: string }) => i.key === 'initial_assessment',
    );
    expect(after.override).toBeNull();
    await page.context().close();
  });

  it("the agency's administrator browses the reference lists without changing them", async () => {
    const page = await logInOnPhone(agencyAdmin);
    await openFromMenu(page, 'Listas de referencia');
    await pageHeading(page, 'Listas de referencia').waitFor();
    await page.getByText('solo la administración de toda la instalación puede cambiarlas').waitFor();
    expect(await page.getByRole('button', { name: /^Editar/ }).count()).toBe(0);
    expect(await page.getByText('Agregar un municipio').count()).toBe(0);
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.waitForURL(/page=2/);
    await page
      .getByRole('search', { name: 'Buscar en la lista' })
      .getByLabel('Buscar por código o nombre')
      .fill('coban');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('row', { name: /1601.*Cobán/ }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await expectAccessible(page, 'reference lists, searched');
    await page.locator('nav.record-tabs').getByRole('link', { name: 'Idiomas' }).click();
    await page.getByRole('row', { name: /kek.*Q'eqchi'/ }).waitFor();
    await page.context().close();
  });

  it("the installation's administrator edits and adds entries, and changes an installation deadline", async () => {
    const page = await logInOnPhone(installationAdmin);
    await openFromMenu(page, 'Listas de referencia');
    await pageHeading(page, 'Listas de referencia').waitFor();
    // Typed once the first page has arrived, so that the search box keeps what is typed in it.
    await page
      .getByRole('button', { name: /^Editar/ })
      .first()
      .waitFor();
    await page.getByLabel('Buscar por código o nombre').fill('cobán');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/q=cob/);
    await page.getByRole('button', { name: 'Editar Cobán' }).click();
    const edit = page.getByRole('region', { name: 'Editar «Cobán» (1601)' });
    await edit.getByLabel('Nombre en inglés').fill('');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    await edit.getByText('Este dato es obligatorio.').waitFor();
    await expectAccessible(page, 'reference entry with an error');
    await edit.getByLabel('Nombre en inglés').fill('Coban (Alta Verapaz)');
    await edit.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Se guardó «Cobán».').waitFor();
    await page.getByRole('row', { name: /Coban \(Alta Verapaz\).*Cambiada por la administración/ }).waitFor();

    const add = page.locator('details.reference-add');
    await add.getByText('Agregar un municipio').click();
    await add.getByLabel('Código', { exact: true }).fill('1601');
    await add.getByLabel('Nombre en español').fill('Otra Cobán');
    await add.getByRole('button', { name: 'Agregar', exact: true }).click();
    await add.getByText('Ya existe una entrada con ese código.').first().waitFor();
    await expectAccessible(page, 'new municipality refused');
    await add.getByLabel('Código', { exact: true }).fill('1699');
    await add.getByLabel('Nombre en español').fill('San Nuevo Verapaz');
    await add.getByRole('button', { name: 'Agregar', exact: true }).click();
    await page.getByText('Se agregó «San Nuevo Verapaz».').waitFor();

    await openFromMenu(page, 'Plazos del ciclo del caso');
    const followUp = card(page, 'Visita de seguimiento');
    await followUp.getByText('Regla de la instalación (para todas las agencias sin regla propia)').click();
    await followUp.locator('#follow_up-installation-days').fill('45');
    await followUp.getByRole('button', { name: 'Guardar la regla de la instalación' }).click();
    await followUp.getByText('Se guardó la regla de la instalación.').waitFor();
    await followUp.getByText('45 días desde el último cambio de estado').first().waitFor();
    await expectAccessible(page, 'due rules of the installation');
    await page.context().close();

    const worker = await signIn(running.server.baseUrl, running.world.worker);
    const places = (await worker.get('/api/reference/places?department=16')).body.items;
    expect(places.find((p: { code: string }) => p.code === '1699')).toMatchObject({
      nameEs: 'San Nuevo Verapaz',
    });
    expect(places.find((p: { code: string }) => p.code === '1601')).toMatchObject({
      nameEn: 'Coban (Alta Verapaz)',
    });
  });
});
