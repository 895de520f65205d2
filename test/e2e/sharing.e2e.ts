import { beforeAll, describe, expect, it } from 'vitest';
import { amparo } from '../integration/cli/run-cli.ts';
import {
  accessibilityChecks,
  collectPageErrors,
  logOut,
  openCaseTab,
  pageHeading,
  PHONE,
} from './support/browser.ts';
import {
  createStaff,
  enrolTwoFactorFor,
  expectStatus,
  logIn,
  registerPersonWithCase,
  signIn,
  startCaseWorldForFile,
  type StaffMember,
} from './support/case-world.ts';

/**
 * Sharing a case with another institution, on a phone (360 px) in Chromium: the programme's coordinator
 * opens the case's "Compartir" section, finds no data-sharing consent for the Defensoría (the form says so)
 * and shares the identity data with a recorded exception; a reader of the Defensoría finds the case in her
 * list marked "Compartido por …" and opens it read-only (no note to write, though her role may write them),
 * without the data not shared; once the coordinator revokes the decision, the case is gone from her list.
 * Every screen passes axe without sideways scrolling.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);
const OTHER_AGENCY = 'Defensoría de la Niñez (prueba)';
const OWNER_AGENCY = 'Refugio de la Niñez (prueba)';
/** A reader of the other institution: case:read over the whole institution, cleared for identity data. */
let reader: StaffMember;

beforeAll(async () => {
  const { server } = running;
  // The other institution, made by the installation's administrator, and its own administrator, both
  // accounts from the server's command line as an operator would.
  const cli = (username: string, role: string, agency: string, password: string) =>
    amparo(
      [
        'user',
        'create',
        '--username',
        username,
        '--display-name',
        username,
        '--role',
        role,
        '--agency',
        agency,
      ].concat('--password-stdin'),
      { env: { AMPARO_DATA_DIR: server.dataDir }, input: `${password}\n` },
    );
  const installation: StaffMember = {
    id: '',
    username: 'ines.instalacion',
    displayName: 'Inés',
    password: 'otra frase larga de acceso',
  };
  const made = await cli(installation.username, 'installation_admin', OWNER_AGENCY, installation.password);
  expect(made.code, made.stderr).toBe(0);
  await enrolTwoFactorFor(server.baseUrl, installation);
  expectStatus(
    await (
      await signIn(server.baseUrl, installation)
    ).post('/api/agencies', {
      name: OTHER_AGENCY,
      orgType: 'LegalService',
    }),
  );
  const password = 'la otra institución tiene su frase';
  const created = await cli('berta.defensoria', 'system_admin', OTHER_AGENCY, password);
  expect(created.code, created.stderr).toBe(0);
  const otherAdmin: StaffMember = { id: '', username: 'berta.defensoria', displayName: 'Berta', password };
  await enrolTwoFactorFor(server.baseUrl, otherAdmin);
  const admin = await signIn(server.baseUrl, otherAdmin);
  expectStatus(
    await admin.post('/api/roles', {
      key: 'lectura_institucional',
      name: { 'es-GT': 'Lectura institucional', en: 'Institution-wide reader' },
      purpose: { 'es-GT': 'Consulta los casos compartidos', en: 'Reads shared cases' },
      scope: 'agency',
      permissions: ['case:read', 'person:read', 'case_note:read', 'case_note:write'],
      clearances: ['identity', 'contact_location'],
    }),
  );
  reader = await createStaff(
    { admin, baseUrl: server.baseUrl },
    {
      username: 'carla.defensoria',
      displayName: 'Carla Chen',
      password: 'lee los casos que le comparten',
      role: 'lectura_institucional',
      programmeId: null,
    },
  );
});

describe('sharing a case with another institution at 360 px', () => {
  it('the coordinator shares it with an exception, the other institution reads it, and revoking hides it', async () => {
    const { server, browser, world } = running;
    const worker = await signIn(server.baseUrl, world.worker);
    const { caseId, caseNumber } = await registerPersonWithCase(worker, world, {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tzoc',
      sex: 'female',
      origin: { departmentCode: '16', municipalityCode: '1601', community: 'Aldea Chiquixji' },
    });

    const context = await browser.newContext({ locale: 'es-GT', viewport: PHONE });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    await logIn(page, server.baseUrl, world.coordinator);
    await page.goto(`${server.baseUrl}/cases/${caseId}`);
    await pageHeading(page, new RegExp(caseNumber)).waitFor();
    await openCaseTab(page, 'Compartir');
    const section = page.getByTestId('sharing');
    await section.getByText('Este caso no se ha compartido con ninguna otra institución.').waitFor();
    await expectAccessible(page, 'sharing section, empty');

    // No data-sharing consent for the Defensoría: the form says so and asks for the exception's reason.
    await section.getByRole('button', { name: 'Compartir el caso' }).click();
    const form = page.getByTestId('sharing-form');
    await form.getByRole('button', { name: 'Compartir' }).click();
    await form.getByText('Elija la institución que lo recibe.').waitFor();
    await form.getByText('Elija al menos un tipo de dato.').waitFor();
    await form.getByLabel('Institución que lo recibe').selectOption({ label: OTHER_AGENCY });
    await form.getByTestId('sharing-consent-missing').waitFor();
    await form.getByLabel('Identidad', { exact: true }).check();
    await form.getByLabel('Motivo', { exact: true }).fill('La Defensoría acompaña la denuncia.');
    await expectAccessible(page, 'sharing form without consent');
    await form.getByLabel('Motivo de la excepción').fill('Audiencia urgente mañana.');
    await form.getByRole('button', { name: 'Compartir con una excepción' }).click();
    await section.getByText('Caso compartido sin consentimiento, con la excepción registrada.').waitFor();
    const item = section.getByTestId('sharing-item');
    expect(await item.textContent()).toContain(`Compartido con ${OTHER_AGENCY}`);
    expect(await item.textContent()).toContain('Vigente');
    expect(await item.textContent()).toContain('Audiencia urgente mañana.');
    await expectAccessible(page, 'sharing section with a decision');
    await logOut(page);

    // The other institution's reader: the case in her list, marked, and read-only without what was not shared.
    await logIn(page, server.baseUrl, reader);
    await page.goto(`${server.baseUrl}/cases`);
    const card = page.getByTestId('case-card').filter({ hasText: caseNumber });
    await card.getByText(`Compartido por ${OWNER_AGENCY}`).waitFor();
    await expectAccessible(page, 'case list with a shared case');
    await card.getByRole('link', { name: caseNumber }).click();
    await page.getByTestId('shared-banner').waitFor();
    expect(await page.getByTestId('shared-banner').textContent()).toContain(OWNER_AGENCY);
    expect(await page.getByTestId('case-person').textContent()).toContain('Ixchel');
    await expectAccessible(page, 'shared case record');
    // Read-only: her right to write notes does not reach a shared case, so the screen does not offer it.
    await openCaseTab(page, 'Notas');
    await page.getByTestId('notes').waitFor();
    expect(await page.getByRole('button', { name: 'Escribir una nota' }).count()).toBe(0);
    // The access log names the owning institution's staff: not shared, not offered.
    expect(await page.locator('[data-tab="history"]').count()).toBe(1);
    expect(await page.locator('[data-tab="access"]').count()).toBe(0);
    await page.getByTestId('case-person').click();
    await page.waitForURL(/\/persons\//);
    await pageHeading(page, /Ixchel/).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.content()).not.toContain('Chiquixji');
    expect(await page.getByTestId('shared-banner').textContent()).toContain(OWNER_AGENCY);
    expect(await page.locator('[data-tab="history"]').count()).toBe(1);
    expect(await page.locator('[data-tab="access"]').count()).toBe(0);
    await expectAccessible(page, 'shared person record');
    await logOut(page);

    // Revoked: gone from her list at once.
    const coordinator = await signIn(server.baseUrl, world.coordinator);
    const decisions = expectStatus(await coordinator.get(`/api/cases/${caseId}/sharing`), 200) as {
      items: Array<{ id: string }>;
    };
    expectStatus(
      await coordinator.post(`/api/cases/${caseId}/sharing/${decisions.items[0]!.id}/revoke`, {
        reason: 'La audiencia ya se celebró.',
      }),
      200,
    );
    await logIn(page, server.baseUrl, reader);
    await page.goto(`${server.baseUrl}/cases`);
    await pageHeading(page, /Casos/).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('case-card').filter({ hasText: caseNumber }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
