import { describe, expect, it } from 'vitest';
import {
  accessibilityChecks,
  collectPageErrors,
  collectRequestsElsewhere,
  DESKTOP,
  logOut,
  pageHeading,
  PHONE,
} from './support/browser.ts';
import { createStaff, logIn, PASSWORDS, signIn, startCaseWorldForFile } from './support/case-world.ts';

/**
 * The case core as a caseworker and a coordinator use it, in Chromium: find a person, register a child (the
 * likely existing record is offered first), record a relative who must not contact her (the warning then
 * heads every screen about her), open a case, move it along the cycle (and meet a colleague's concurrent
 * change), see it in my work; a caseworker of another programme opens it in an emergency and the
 * coordinator reviews that access. Every screen passes axe at 360 px and at desktop width, without
 * sideways scrolling at 360 px.
 */

const running = startCaseWorldForFile();
const { expectAccessible, checkedScreens } = accessibilityChecks([PHONE, DESKTOP]);

describe('case core journey in Chromium', () => {
  it('registers a child past the likely match, records a no-contact relative, opens and moves a case, and reviews an emergency access', async () => {
    const { server, browser, world } = running;
    // A child already registered by the team, with the same name as the one about to arrive.
    const worker = await signIn(server.baseUrl, world.worker);
    const existing = await worker.post('/api/persons', {
      givenNames: 'José',
      firstSurname: 'Pérez',
      secondSurname: 'López',
      sex: 'male',
      dateOfBirth: { precision: 'year', year: 2012 },
    });
    expect(existing.status).toBe(201);

    const context = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const page = await context.newPage();
    const requestsElsewhere = collectRequestsElsewhere(page, server.baseUrl);
    const pageErrors = collectPageErrors(page);

    // Search: one box for a name in any order, a document or a case number
    await logIn(page, server.baseUrl, world.worker);
    await page.getByRole('link', { name: 'Personas' }).first().click();
    await pageHeading(page, 'Buscar personas').waitFor();
    await page.getByLabel('Nombre, documento de identidad o número de caso').fill('perez lopez jose');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByTestId('search-result').first().waitFor();
    expect(await page.getByTestId('search-result').first().textContent()).toContain('José Pérez López');
    await expectAccessible(page, 'person search');

    // Registration: the likely existing record is shown before anything is written
    await page.getByRole('link', { name: 'Registrar persona' }).click();
    await pageHeading(page, 'Registrar una persona').waitFor();
    await page.getByLabel('Nombres', { exact: true }).fill('Jose');
    await page.getByLabel('Primer apellido').fill('Peres');
    await page.getByLabel('Segundo apellido').fill('Lopez');
    await page.getByLabel('Sexo (opcional)').selectOption({ label: 'Hombre' });
    await page.getByLabel('Solo el año').check();
    await page.getByLabel('Año de nacimiento').fill('2012');
    const citizenships = page.getByRole('group', { name: 'Nacionalidades' });
    await citizenships.getByLabel('Añadir una nacionalidad').selectOption({ label: 'Guatemala' });
    await citizenships.getByRole('button', { name: 'Añadir' }).click();
    await page.getByLabel('Pueblo (opcional)').selectOption({ label: 'Maya' });
    await page.getByLabel('Idioma principal').selectOption({ label: "Q'eqchi'" });
    await page.getByLabel('Necesita intérprete').check();
    await page.getByLabel('Departamento').selectOption({ label: 'Alta Verapaz' });
    await page.getByLabel('Municipio').selectOption({ label: 'Cobán' });
    await page.getByLabel('Aldea, caserío o comunidad').fill('Aldea Chirripec');
    await expectAccessible(page, 'register person');
    await page.getByRole('button', { name: 'Continuar' }).click();
    const matches = page.getByTestId('possible-matches');
    await matches.getByRole('heading', { name: '¿Es alguna de estas personas?' }).waitFor();
    expect(await matches.textContent()).toContain('José Pérez López');
    await expectAccessible(page, 'possible matches');
    // A namesake, not the same child: register the new person.
    await page.getByRole('button', { name: 'No es ninguna: registrar a la persona nueva' }).click();
    await pageHeading(page, 'Jose Peres Lopez').waitFor();
    await page.getByText('Persona registrada.').waitFor();
    const personUrl = new URL(page.url());
    const personId = personUrl.pathname.split('/').pop()!;
    expect(personId).not.toBe(existing.body.id);
    await page.getByTestId('person-details').getByText('Cobán, Alta Verapaz, Aldea Chirripec').waitFor();
    await expectAccessible(page, 'person record');

    // A relative who must not contact the child: the warning then heads the record
    await page.getByRole('link', { name: 'Familia y contactos' }).click();
    await page.getByRole('button', { name: 'Añadir familiar o contacto' }).click();
    const relationForm = page.getByTestId('relation-form');
    await relationForm.getByLabel('Nombre', { exact: true }).fill('Juan Peres');
    await relationForm.getByLabel('Parentesco o relación').selectOption({ label: 'Padre' });
    await relationForm.getByLabel('Prohibido el contacto').check();
    await relationForm.getByRole('button', { name: 'Añadir familiar o contacto' }).click();
    // Without the reason and source, the form says what is missing
    await relationForm.getByText('Una prohibición de contacto necesita su motivo.').waitFor();
    await relationForm.getByLabel('Motivo de la prohibición').fill('Medida de alejamiento del padre');
    await relationForm.getByLabel('Quién lo decidió').selectOption({ label: 'Orden judicial' });
    await relationForm.getByRole('button', { name: 'Añadir familiar o contacto' }).click();
    await page.getByText('Familiar o contacto añadido.').waitFor();
    const banner = page.getByTestId('no-contact-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Juan Peres');
    expect(await banner.textContent()).toContain('Orden judicial');
    await expectAccessible(page, 'family and contacts');

    // Open a case for her
    await page.getByRole('link', { name: 'Abrir un caso' }).first().click();
    await pageHeading(page, 'Abrir un caso').waitFor();
    await page.getByTestId('no-contact-banner').waitFor();
    await page
      .getByLabel('Tipo de caso')
      .selectOption({ label: 'Víctima de trata en protección residencial' });
    await page.getByLabel('Tipo de organización que refirió').selectOption({ index: 1 });
    await page.getByLabel('Nivel de riesgo').selectOption({ label: 'Alto' });
    await page.getByLabel('Amenaza continua de los tratantes').check();
    await expectAccessible(page, 'open a case');
    await page.getByRole('button', { name: 'Abrir el caso' }).click();
    await pageHeading(page, /^Caso AMP-\d{4}-\d{6}$/).waitFor();
    await page.getByText('Caso abierto.').waitFor();
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('no-contact-banner').waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Registro');
    await expectAccessible(page, 'case record');

    // Move it along the cycle: the server's rules decide which changes are offered
    await page.getByRole('button', { name: 'Pasar a Evaluación' }).click();
    const dialog = page.getByTestId('transition-form');
    await dialog.getByRole('button', { name: 'Pasar a Evaluación' }).click();
    await page.getByText('El caso está ahora en: Evaluación.').waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Evaluación');

    // A colleague changes it meanwhile: the stale change is refused (412) and the page offers a reload
    const colleague = await signIn(server.baseUrl, world.colleague);
    const current = await colleague.get(`/api/cases/${caseId}`);
    const moved = await colleague.request('POST', `/api/cases/${caseId}/status`, {
      body: { to: 'case_plan' },
      headers: { 'if-match': current.headers.get('etag')! },
    });
    expect(moved.status).toBe(200);
    await page.getByRole('button', { name: 'Pasar a Plan del caso' }).click();
    await dialog.getByRole('button', { name: 'Pasar a Plan del caso' }).click();
    await dialog.getByText('Otra persona modificó este registro').waitFor();
    await expectAccessible(page, 'stale status change');
    await dialog.getByRole('button', { name: 'Recargar el registro' }).click();
    await page.locator('[aria-current="step"]', { hasText: 'Plan del caso' }).waitFor();
    await page.getByRole('button', { name: 'Pasar a Implementación' }).waitFor();

    // The history shows the field-level changes
    await page.getByRole('link', { name: 'Historial de cambios' }).click();
    await page.getByTestId('history-panel').getByText('De «Evaluación» a «Plan del caso»').waitFor();
    await expectAccessible(page, 'case history');

    // My work: the case with the no-contact warning and what falls due
    await page.getByRole('link', { name: 'Mi trabajo' }).first().click();
    await pageHeading(page, 'Mi trabajo').waitFor();
    const card = page.getByTestId('case-card').filter({ hasText: 'Jose Peres Lopez' });
    await card.waitFor();
    expect(await card.getByTestId('no-contact-warning').textContent()).toContain('Juan Peres');
    await expectAccessible(page, 'my work');

    // In English too
    await page.getByTestId('language-switch').click();
    await pageHeading(page, 'My work').waitFor();
    await page.getByText('My open cases').waitFor();
    await expectAccessible(page, 'my work (English)');
    await page.getByTestId('language-switch').click();
    await pageHeading(page, 'Mi trabajo').waitFor();
    await logOut(page);

    // A caseworker of another programme: out of scope, she may open it in an emergency, stating why
    await logIn(page, server.baseUrl, world.outsider);
    await page.goto(`${server.baseUrl}/cases/${caseId}`);
    await pageHeading(page, 'Caso no disponible').waitFor();
    const request = page.getByTestId('emergency-request');
    await request.waitFor();
    await expectAccessible(page, 'emergency access request');
    await request.getByLabel('Motivo de la emergencia').fill('corto');
    await request.getByRole('button', { name: 'Abrir con acceso de emergencia' }).click();
    await request.getByText('Explique el motivo con al menos 10 caracteres.').waitFor();
    await request
      .getByLabel('Motivo de la emergencia')
      .fill('La niña llegó de noche al albergue de retorno y necesito saber si hay prohibición de contacto.');
    await request.getByRole('button', { name: 'Abrir con acceso de emergencia' }).click();
    await page.getByTestId('emergency-banner').waitFor();
    await page.getByTestId('no-contact-banner').waitFor();
    await expectAccessible(page, 'case through emergency access');
    await logOut(page);

    // The coordinator reviews the emergency access from her work
    await logIn(page, server.baseUrl, world.coordinator);
    await page.goto(`${server.baseUrl}/my-work`);
    const review = page.getByTestId('emergency-review');
    await review.waitFor();
    expect(await review.textContent()).toContain('Pedro Xol');
    await expectAccessible(page, 'emergency review');
    await review.getByLabel('Justificado', { exact: true }).check();
    await review.getByRole('button', { name: 'Registrar la revisión' }).click();
    await page.getByText(/Revisión del acceso al caso AMP-\d{4}-\d{6} registrada\./).waitFor();
    await page.getByTestId('emergency-review').waitFor({ state: 'detached' });

    // …and sees the emergency read flagged in the case's access log
    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=access`);
    const log = page.getByTestId('access-log-panel');
    await log.getByText('Emergencia').first().waitFor();
    await expectAccessible(page, 'case access log');

    expect(pageErrors).toEqual([]);
    expect(requestsElsewhere).toEqual([]);
    expect(checkedScreens.length).toBeGreaterThanOrEqual(14);
    await context.close();
  });
  it('shows a reader without identity clearance "restricted" in place of names, and still the no-contact warning', async () => {
    const { server, browser, world } = running;
    const worker = await signIn(server.baseUrl, world.worker);
    const person = await worker.post('/api/persons', {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      dateOfBirth: { precision: 'exact', date: '2013-02-14' },
    });
    await worker.post(`/api/persons/${person.body.id}/relations`, {
      kind: 'contact',
      name: 'Hombre que la llevó a la frontera',
      relationship: 'other',
      noContact: true,
      noContactReason: 'Presunto tratante',
      noContactSource: 'case_team_decision',
    });
    const kase = await worker.post('/api/cases', {
      personId: person.body.id,
      programmeId: world.programmeId,
      caseType: 'community_possible_victim',
    });
    expect(kase.status).toBe(201);

    const role = await world.admin.post('/api/roles', {
      key: 'consulta_sin_identidad',
      name: { 'es-GT': 'Consulta sin identidad', en: 'Reader without identity' },
      purpose: { 'es-GT': 'Prueba de datos restringidos.', en: 'Restricted data test.' },
      scope: 'agency',
      permissions: ['person:read', 'case:read'],
      clearances: [],
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const reader = await createStaff(world, {
      username: 'ana.lectora',
      displayName: 'Ana Lectora',
      password: PASSWORDS.worker,
      role: 'consulta_sin_identidad',
      programmeId: null,
    });

    const context = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const page = await context.newPage();
    await logIn(page, server.baseUrl, reader);
    await page.goto(`${server.baseUrl}/persons?q=${kase.body.number}`);
    const result = page.getByTestId('search-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Restringido (Identidad)');
    expect(text).not.toContain('Ixchel');
    expect(text).not.toContain('2013');
    expect(await result.getByTestId('no-contact-warning').textContent()).toContain('Presunto tratante');
    expect(text).not.toContain('Hombre que la llevó');
    await expectAccessible(page, 'search without identity clearance');
    await result.getByRole('link').first().click();
    await pageHeading(page, 'Persona (nombre restringido)').waitFor();
    expect(await page.getByTestId('no-contact-banner').textContent()).toContain('Presunto tratante');
    // No way to register or change what she may not see
    expect(await page.getByRole('button', { name: 'Modificar' }).count()).toBe(0);
    await expectAccessible(page, 'person without identity clearance');
    await context.close();
  });
});
