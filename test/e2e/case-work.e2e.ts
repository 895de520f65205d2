import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityChecks, collectPageErrors, logOut, openCaseTab, PHONE } from './support/browser.ts';
import {
  createStaff,
  expectStatus,
  logIn,
  PASSWORDS,
  registerPersonWithCase,
  signIn,
  startCaseWorldForFile,
  type StaffMember,
} from './support/case-world.ts';

/**
 * The work recorded on a case, on a phone (360 px) in Chromium: a caseworker records a service and a note
 * (and corrects a colleague's note), sees nothing of the notes she is not cleared for and a medical note
 * only as restricted; a referral to the agency's returnee programme is refused for lack of consent, she
 * records the guardian's consent (with the age-band warning) and sends it; the returnee programme's
 * coordinator finds it in her work and accepts it on the receiving side's narrow screen. Once the consent
 * is withdrawn, the centre's coordinator transfers the case with a recorded exception. Every screen passes
 * axe at 360 px without sideways scrolling.
 */

const running = startCaseWorldForFile();
const { expectAccessible } = accessibilityChecks([PHONE]);
/** The coordinator of the returnee programme: the receiving side. */
let receiver: StaffMember;

beforeAll(async () => {
  receiver = await createStaff(running.world, {
    username: 'ana.choc',
    displayName: 'Ana Choc',
    password: PASSWORDS.coordinator,
    role: 'programme_coordinator',
    programmeId: running.world.returneeProgrammeId,
    teamId: running.world.returneeTeamId,
    twoFactor: true,
  });
});

const yearsAgo = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
};

/** Chooses the agency's returnee programme as the receiving side of the referral form. */
async function chooseReturneeProgramme(form: Locator) {
  await form
    .getByLabel('Institución que recibe')
    .selectOption({ label: 'Refugio de la Niñez (prueba) (su institución: otro programa)' });
  await form.getByLabel('Programa que recibe').selectOption({ label: 'Retorno y reintegración (prueba)' });
}

/** Fills the referral form for urgent legal support in the returnee programme, and sends it. */
async function sendUrgentLegalReferral(form: Locator) {
  await chooseReturneeProgramme(form);
  await form.getByLabel('Legal', { exact: true }).check();
  await form.getByLabel('Urgente').check();
  await form
    .getByLabel('Motivo', { exact: true })
    .fill('Necesita acompañamiento legal en su proceso de retorno.');
  await form.getByRole('button', { name: 'Enviar' }).click();
}

describe('case work in Chromium at 360 px', () => {
  it('records a service, a note and a consent, sends a referral refused and then allowed, the receiving programme accepts it, and a coordinator overrides a withdrawn consent', async () => {
    const { server, browser, world } = running;
    // A thirteen-year-old girl with a case in the protection centre, and what colleagues already wrote.
    const worker = await signIn(server.baseUrl, world.worker);
    const { caseId, caseNumber } = await registerPersonWithCase(worker, world, {
      givenNames: 'Ixchel',
      firstSurname: 'Cux',
      secondSurname: 'Tiul',
      sex: 'female',
      dateOfBirth: { precision: 'exact', date: yearsAgo(13) },
    });
    const colleague = await signIn(server.baseUrl, world.colleague);
    expectStatus(
      await colleague.post(`/api/cases/${caseId}/notes`, {
        type: 'phone_call',
        body: 'La tía llamó para preguntar por la fecha de la audiencia.',
      }),
    );
    const coordinator = await signIn(server.baseUrl, world.coordinator);
    expectStatus(
      await coordinator.post(`/api/cases/${caseId}/notes`, {
        type: 'session_note',
        body: 'SESION-PSICOLOGICA-CONFIDENCIAL',
      }),
    );
    expectStatus(
      await coordinator.post(`/api/cases/${caseId}/services`, {
        area: 'medical',
        provider: { kind: 'staff', userId: world.coordinator.id },
        deliveredOn: new Date().toISOString().slice(0, 10),
        outcome: 'completed',
        notes: 'NOTA-MEDICA-CONFIDENCIAL',
      }),
    );

    const context = await browser.newContext({ locale: 'es-GT', viewport: PHONE });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    await logIn(page, server.baseUrl, world.worker);

    // Services: the form says what is missing, then the service is listed; the medical notes stay restricted
    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=services`);
    const services = page.getByTestId('services');
    await services.getByRole('heading', { name: 'Servicios prestados' }).waitFor();
    await services.locator('[data-restricted="health"]').waitFor();
    expect(await services.textContent()).not.toContain('NOTA-MEDICA-CONFIDENCIAL');
    await services.getByRole('button', { name: 'Registrar un servicio' }).click();
    const serviceForm = page.getByTestId('service-form');
    await serviceForm.getByRole('button', { name: 'Registrar un servicio' }).click();
    await serviceForm.getByText('Elija el área del servicio.').waitFor();
    await serviceForm.getByText('Elija el resultado.').waitFor();
    expect(await serviceForm.getByLabel('Área').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'service form with errors');
    await serviceForm.getByLabel('Área').selectOption({ label: 'Educativo' });
    await serviceForm.getByLabel('Persona del equipo').selectOption({ label: "Lucía Tz'oc" });
    await serviceForm.getByLabel('Duración en minutos').fill('45');
    await serviceForm.getByLabel('Resultado').selectOption({ label: 'Completado' });
    await serviceForm.getByLabel('Notas').fill('Inscripción en la escuela de la aldea.');
    await serviceForm.getByRole('button', { name: 'Registrar un servicio' }).click();
    await page.getByText('Servicio registrado.').waitFor();
    const service = services.getByTestId('services-item').filter({ hasText: 'Educativo' });
    await service.getByText('45 minutos').waitFor();
    await service.getByText('Inscripción en la escuela de la aldea.').waitFor();
    await expectAccessible(page, 'services');

    // Notes: hers can be changed for 24 hours; a colleague's is corrected by a new note
    await openCaseTab(page, 'Notas');
    const notes = page.getByTestId('notes');
    await notes.getByText('La tía llamó').waitFor();
    await notes.getByRole('button', { name: 'Escribir una nota' }).click();
    const noteForm = page.getByTestId('note-form');
    await noteForm.getByLabel('Tipo de nota').selectOption({ label: 'Visita domiciliaria' });
    await noteForm.getByLabel('Nota', { exact: true }).fill('Visita a la familia materna en Cobán.');
    await noteForm.getByRole('button', { name: 'Escribir una nota' }).click();
    await page.getByText('Nota guardada.').waitFor();
    const mine = notes.getByTestId('notes-item').filter({ hasText: 'Visita a la familia materna' });
    await mine.getByRole('button', { name: /Modificar la nota/ }).waitFor();
    const theirs = notes.getByTestId('notes-item').filter({ hasText: 'La tía llamó' });
    expect(await theirs.getByRole('button', { name: /Modificar/ }).count()).toBe(0);
    await theirs.getByRole('button', { name: /Añadir corrección a la nota/ }).click();
    await theirs
      .getByTestId('note-form')
      .getByLabel('Texto de la corrección')
      .fill('Quien llamó fue la abuela, no la tía.');
    await theirs.getByTestId('note-form').getByRole('button', { name: 'Añadir corrección' }).click();
    await page.getByText('Corrección guardada. La nota original se conserva.').waitFor();
    await notes.getByTestId('notes-item').filter({ hasText: 'Quien llamó fue la abuela' }).waitFor();
    await theirs.getByText('Corregida', { exact: true }).waitFor();
    // The psychologist's session note does not exist for her: neither its text nor a trace of it.
    const notesText = (await notes.textContent())!;
    expect(notesText).not.toContain('SESION-PSICOLOGICA-CONFIDENCIAL');
    expect(notesText).not.toMatch(/psicológica|Psicosocial/);
    expect(await notes.getByTestId('notes-item').count()).toBe(3);
    await expectAccessible(page, 'notes');

    // A referral to the returnee programme without consent: refused with the server's explanation
    await openCaseTab(page, 'Referencias');
    const referrals = page.getByTestId('referrals');
    await referrals.getByText('No se ha enviado ninguna referencia desde este caso.').waitFor();
    await referrals.getByRole('button', { name: 'Referir o trasladar' }).click();
    const referralForm = page.getByTestId('referral-form');
    await sendUrgentLegalReferral(referralForm);
    await referralForm.getByText(/No hay un consentimiento vigente para referir a esta persona/).waitFor();
    await referralForm.getByTestId('consent-missing').waitFor();
    // A caseworker may not override: she is told to ask a coordinator, and no override field is offered.
    await referralForm.getByText('Solo una coordinadora o un coordinador puede enviarla').waitFor();
    expect(await referralForm.getByTestId('consent-override').count()).toBe(0);
    await expectAccessible(page, 'referral refused without consent');
    await referralForm.getByRole('button', { name: 'Cancelar' }).click();

    // Consent: the guardian's, naming the agency, with the HTCDS checklist; the age rule warns
    await openCaseTab(page, 'Consentimiento');
    const consents = page.getByTestId('consents');
    await consents.getByText('No hay consentimientos registrados para esta persona.').waitFor();
    await consents.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    const consentForm = page.getByTestId('consent-form');
    await consentForm.getByLabel('Propósito').selectOption({ label: 'Referencia a una agencia' });
    await consentForm.getByLabel('Agencia').selectOption({ label: 'Refugio de la Niñez (prueba)' });
    await consentForm.getByLabel('Madre, padre o quien tiene la guarda').check();
    await consentForm.getByLabel('Nombre de quien lo da').fill('Rosa Caal');
    await consentForm.getByLabel('Relación con la niña').fill('madre');
    const checklist = consentForm.getByRole('group', { name: 'Se le informó' }).getByRole('checkbox');
    for (let i = 0; i < (await checklist.count()); i++) await checklist.nth(i).check();
    await consentForm.getByLabel('Referencia del documento').fill('Expediente físico, folio 3');
    await expectAccessible(page, 'consent form');
    await consentForm.getByRole('button', { name: 'Registrar un consentimiento' }).click();
    await page.getByText('Consentimiento registrado.').waitFor();
    const warnings = consents.getByTestId('consent-warnings').first();
    await warnings.getByText(/se necesita también el asentimiento/).waitFor();
    const consent = consents.getByTestId('consents-item');
    await consent.getByText('Referencia a una agencia — Refugio de la Niñez (prueba)').waitFor();
    await consent.getByText('Vigente', { exact: true }).waitFor();
    await consent.getByText('Rosa Caal').waitFor();
    await consents
      .getByTestId('consent-purposes')
      .getByText('Referencia a una agencia — Refugio de la Niñez (prueba): permitido')
      .waitFor();
    await expectAccessible(page, 'consent');

    // Now the referral goes
    await openCaseTab(page, 'Referencias');
    await referrals.getByRole('button', { name: 'Referir o trasladar' }).click();
    await sendUrgentLegalReferral(referralForm);
    await page.getByText('Referencia enviada.').waitFor();
    const sent = referrals.getByTestId('referrals-item');
    await sent.getByText('Enviada', { exact: true }).waitFor();
    await sent.getByText('Consentimiento vigente').waitFor();
    await expectAccessible(page, 'referrals');
    await logOut(page);

    // The receiving programme's coordinator: in her work, then the narrow screen, where she accepts it
    await logIn(page, server.baseUrl, receiver);
    await page.goto(`${server.baseUrl}/my-work`);
    const waiting = page.getByTestId('new-referrals');
    await waiting.getByText('Urgente').waitFor();
    await expectAccessible(page, 'my work with a new referral');
    await waiting.getByRole('link', { name: /Referencia desde Refugio de la Niñez/ }).click();
    const detail = page.getByTestId('referral-detail');
    await detail.getByText('Ixchel Cux').waitFor();
    await detail.getByText('Necesita acompañamiento legal').waitFor();
    const shown = (await detail.textContent())!;
    // The narrow view: no second surname, no case number, nothing the sender's notes or services hold.
    for (const secret of ['Tiul', caseNumber, 'La tía llamó', 'Inscripción', 'Rosa Caal'])
      expect(shown, `the receiving side sees ${secret}`).not.toContain(secret);
    await expectAccessible(page, 'referral received');
    await detail.getByRole('button', { name: 'Aceptar' }).click();
    await detail.getByTestId('referral-accept-form').getByRole('button', { name: 'Aceptar' }).click();
    await page.getByText('Referencia aceptada.').waitFor();
    await detail.getByText('Aceptada', { exact: true }).waitFor();
    await expectAccessible(page, 'referral accepted');
    await page.goto(`${server.baseUrl}/referrals`);
    await page.getByTestId('received-item').getByText('Aceptada', { exact: true }).waitFor();
    await expectAccessible(page, 'referrals received');

    // The sending side sees the answer
    const answered = await worker.get(`/api/cases/${caseId}/referrals`);
    expect(answered.body.items[0]).toMatchObject({ status: 'accepted', respondedBy: { id: receiver.id } });
    await logOut(page);

    // The guardian withdraws her consent; the centre's coordinator then transfers the case all the same,
    // recording why: the exception is offered to her, and only after the server's refusal.
    await logIn(page, server.baseUrl, world.coordinator);
    await page.goto(`${server.baseUrl}/cases/${caseId}?tab=consent`);
    await consents.getByRole('button', { name: /Registrar retiro/ }).click();
    const withdrawal = page.getByTestId('withdraw-form');
    await withdrawal
      .getByLabel('Motivo del retiro')
      .fill('La madre ya no quiere que se compartan sus datos.');
    await withdrawal.getByRole('button', { name: 'Registrar retiro' }).click();
    await page.getByText('Retiro registrado').waitFor();
    await consent.getByText('Retirado', { exact: true }).waitFor();
    await openCaseTab(page, 'Referencias');
    await referrals.getByRole('button', { name: 'Referir o trasladar' }).click();
    await referralForm.getByLabel('Traslado').check();
    await chooseReturneeProgramme(referralForm);
    await referralForm.getByLabel('Motivo', { exact: true }).fill('Vuelve con su familia en Cobán.');
    expect(await referralForm.getByTestId('consent-override').count()).toBe(0);
    await referralForm.getByRole('button', { name: 'Enviar' }).click();
    await referralForm.getByText(/No hay un consentimiento vigente/).waitFor();
    const override = referralForm.getByTestId('consent-override');
    await override.waitFor();
    await expectAccessible(page, 'consent override offered');
    await referralForm.getByRole('button', { name: 'Enviar con excepción' }).click();
    await override.getByText('Escriba el motivo de la excepción.').waitFor();
    await override
      .getByLabel('Motivo de la excepción')
      .fill('Orden del juzgado de reintegrarla con su familia esta semana.');
    await referralForm.getByRole('button', { name: 'Enviar con excepción' }).click();
    await page.getByText('Referencia enviada sin consentimiento, con la excepción registrada.').waitFor();
    await referrals
      .getByTestId('referrals-item')
      .filter({ hasText: 'Traslado' })
      .getByText(/Excepción sin consentimiento, de Rosa Coc: Orden del juzgado/)
      .waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
