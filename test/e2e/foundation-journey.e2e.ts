import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  accessibilityChecks,
  collectRequestsElsewhere,
  DESKTOP,
  logOut,
  PHONE,
  startServerAndBrowserForFile,
} from './support/browser.ts';

/**
 * The foundation end to end, as people use it: first-run setup → enrol two-factor login → log in → create a
 * user with a role → that user sets a password through the one-time link, logs in and sees only what the
 * role allows → the audit browser shows both. Every screen passes axe (no serious or critical violations)
 * at 360 px and at desktop width.
 */

const running = startServerAndBrowserForFile();
const { expectAccessible, checkedScreens } = accessibilityChecks([PHONE, DESKTOP]);

const code = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')) });

describe('foundation journey in Chromium', () => {
  it('goes from first-run setup to a second user who sees only what the role allows, all audited', async () => {
    const { server, browser } = running;
    expect(server.setupUrl, server.output()).toBeTruthy();
    const context = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const page = await context.newPage();
    const requestsElsewhere = collectRequestsElsewhere(page, server.baseUrl);

    // First-run setup
    await page.goto(server.setupUrl!);
    await page.getByRole('heading', { name: 'Configuración inicial' }).waitFor();
    await expectAccessible(page, 'setup');
    await page.getByLabel('Nombre de la institución').fill('Refugio de la Niñez (prueba)');
    await page.getByLabel('Nombre de usuario').fill('admin.ana');
    await page.getByLabel('Nombre para mostrar').fill('Ana Administradora');
    await page.getByLabel('Contraseña', { exact: true }).fill('una frase larga de acceso');
    await page.getByLabel('Confirmar contraseña').fill('una frase larga de acceso');
    await page.getByRole('button', { name: 'Crear y continuar' }).click();

    // Two-factor enrolment, mandatory for administrators
    const secretText = await page.getByTestId('totp-secret').textContent();
    expect(secretText).toBeTruthy();
    await expectAccessible(page, 'two-factor enrolment');
    await page.getByLabel('Código de 6 dígitos').fill(code(secretText!));
    await page.getByRole('button', { name: 'Activar' }).click();
    const codesList = page.getByTestId('recovery-codes');
    await codesList.waitFor();
    const recoveryCodes = (await codesList.locator('li').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    await expectAccessible(page, 'recovery codes');
    await page.getByLabel('Guardé mis códigos de recuperación').check();
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByTestId('my-roles').waitFor();
    await expectAccessible(page, 'home (administrator)');

    // Log out, then log in with password and a recovery code
    await logOut(page);
    await expectAccessible(page, 'login');
    await page.getByLabel('Nombre de usuario').fill('admin.ana');
    await page.getByLabel('Contraseña').fill('una frase larga de acceso');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByLabel('Código de verificación').fill(recoveryCodes[0]!);
    await expectAccessible(page, 'login second factor');
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByTestId('my-roles').waitFor();

    // Create a user with the social-worker role
    await page.goto(`${server.baseUrl}/admin/users/new`);
    await page.getByRole('heading', { name: 'Crear usuario' }).first().waitFor();
    await expectAccessible(page, 'create user');
    await page.getByLabel('Nombre de usuario').fill('lucia.tzoc');
    await page.getByLabel('Nombre para mostrar').fill("Lucía Tz'oc");
    await page.getByLabel('Trabajo social', { exact: true }).check();
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    const linkField = page.getByLabel('Enlace para establecer la contraseña');
    await linkField.waitFor();
    const passwordLink = await linkField.inputValue();
    expect(passwordLink).toContain('/password-reset#');
    await expectAccessible(page, 'user created');
    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByText('lucia.tzoc').first().waitFor();
    await expectAccessible(page, 'users list');
    await logOut(page);

    // The new user sets a password through the link and logs in
    await page.goto(passwordLink);
    await page.getByLabel('Contraseña nueva', { exact: true }).waitFor();
    await expectAccessible(page, 'password link');
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('caminos de agua en Cobán');
    await page.getByLabel('Confirmar contraseña nueva').fill('caminos de agua en Cobán');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await page.getByLabel('Nombre de usuario').fill('lucia.tzoc');
    await page.getByLabel('Contraseña').fill('caminos de agua en Cobán');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByTestId('my-roles').waitFor();
    await expect(page.getByTestId('my-roles')).toBeDefined();
    expect(await page.getByTestId('my-roles').textContent()).toContain('Trabajo social');
    // No administration for a social worker: no links, and the screens refuse
    expect(await page.getByRole('link', { name: 'Usuarios' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Auditoría' }).count()).toBe(0);
    await expectAccessible(page, 'home (social worker)');
    await page.goto(`${server.baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'Sin acceso' }).waitFor();
    const apiAsSocialWorker = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(apiAsSocialWorker).toBe(403);
    await page.goto(`${server.baseUrl}/profile`);
    await page.getByRole('heading', { name: 'Mi perfil' }).first().waitFor();
    await expectAccessible(page, 'profile');
    await logOut(page);

    // The administrator sees both people's actions in the audit browser
    await page.getByLabel('Nombre de usuario').fill('admin.ana');
    await page.getByLabel('Contraseña').fill('una frase larga de acceso');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByLabel('Código de verificación').fill(recoveryCodes[1]!);
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.getByTestId('my-roles').waitFor();
    await page.goto(`${server.baseUrl}/audit`);
    await page.getByTestId('chain-ok').waitFor();
    await expectAccessible(page, 'audit browser');
    await page.getByLabel('Usuario').fill('lucia.tzoc');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('auth.login').first().waitFor();
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows.join('\n')).toContain('authz.denied');
    await page.getByLabel('Usuario').fill('admin.ana');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('user.created').first().waitFor();

    expect(requestsElsewhere).toEqual([]);
    expect(checkedScreens.length).toBeGreaterThanOrEqual(10);
    await context.close();
  });
});
