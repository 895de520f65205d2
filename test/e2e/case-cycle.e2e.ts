import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityChecks,
  collectPageErrors,
  DESKTOP,
  openCaseTab,
  pageHeading,
  PHONE,
} from './support/browser.ts';
import { logIn, startCaseWorldForFile } from './support/case-world.ts';

/**
 * The whole case cycle in Chromium, as a caseworker and her coordinator do it: register a child, open a
 * case, complete the initial assessment (answers outside the caseworker's clearance shown as restricted),
 * draw up the plan with a goal and an action, ask for its approval, the coordinator rejects it without a
 * comment (refused) and approves it, a service is recorded on its tab, the caseworker asks to close, the coordinator
 * approves and the case is closed with that approval. Both hold the roles Amparo ships: the caseworker
 * (social worker) asks for the closure and carries it out; only the coordinator approves. The new screens
 * pass axe at 360 px and desktop width without sideways scrolling at 360 px.
 */

const running = startCaseWorldForFile();
const { expectAccessible, checkedScreens } = accessibilityChecks([PHONE, DESKTOP]);

async function moveTo(page: Page, status: string) {
  await page.getByRole('button', { name: `Pasar a ${status}` }).click();
  await page
    .getByTestId('transition-form')
    .getByRole('button', { name: `Pasar a ${status}` })
    .click();
  await page.getByText(`El caso está ahora en: ${status}.`).waitFor();
}

/** Chooses an option of a question answered by radio buttons (yes/no, or a few options). */
const choose = (page: Page, question: string, option: string) =>
  page.getByRole('radiogroup', { name: question }).getByLabel(option, { exact: true }).check();

const today = () => new Date(Date.now() - 6 * 3_600_000).toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('case cycle in Chromium', () => {
  it('takes a child from registration through assessment, an approved plan and a service to an approved closure', async () => {
    const { server, browser, world } = running;
    const workerContext = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const page = await workerContext.newPage();
    const pageErrors = collectPageErrors(page);
    const coordinatorContext = await browser.newContext({ locale: 'es-GT', viewport: DESKTOP });
    const supervisor = await coordinatorContext.newPage();
    collectPageErrors(supervisor, pageErrors);

    // Register the child and open her case
    await logIn(page, server.baseUrl, world.worker);
    await page.goto(`${server.baseUrl}/persons/new`);
    await pageHeading(page, 'Registrar una persona').waitFor();
    await page.getByLabel('Nombres', { exact: true }).fill('Rosalía');
    await page.getByLabel('Primer apellido').fill('Chiquín');
    await page.getByLabel('Segundo apellido').fill('Caal');
    await page.getByLabel('Solo el año').check();
    await page.getByLabel('Año de nacimiento').fill('2011');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await pageHeading(page, 'Rosalía Chiquín Caal').waitFor();
    await page.getByRole('link', { name: 'Abrir un caso' }).first().click();
    await pageHeading(page, 'Abrir un caso').waitFor();
    await page
      .getByLabel('Tipo de caso')
      .selectOption({ label: 'Víctima de trata en protección residencial' });
    await page.getByLabel('Tipo de organización que refirió').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Abrir el caso' }).click();
    await pageHeading(page, /^Caso AMP-\d{4}-\d{6}$/).waitFor();
    await moveTo(page, 'Evaluación');

    // Assessments: empty, then the initial assessment
    await openCaseTab(page, 'Evaluaciones');
    const assessments = page.getByTestId('assessments-panel');
    await assessments.getByText('Este caso todavía no tiene evaluaciones.').waitFor();
    await expectAccessible(page, 'assessments (empty)');
    await assessments.getByRole('button', { name: 'Empezar la evaluación' }).click();
    await assessments.getByText('Elija el formulario de la evaluación.').waitFor();
    await assessments.getByLabel('Evaluación inicial (versión 1)').check();
    await assessments.getByRole('button', { name: 'Empezar la evaluación' }).click();
    await assessments.getByRole('heading', { level: 2, name: 'Evaluación inicial' }).waitFor();
    // Health and psychosocial answers are outside a social worker's clearance
    expect(
      await assessments
        .getByText('Restringido: su rol no tiene autorización para ver esta respuesta.')
        .count(),
    ).toBeGreaterThan(0);
    // Completing with required answers missing: said on each question, nothing sent
    await assessments.getByRole('button', { name: 'Completar la evaluación' }).click();
    await assessments.getByRole('alert').getByText('Revise los campos marcados.').waitFor();
    expect(await assessments.getByText('Responda esta pregunta.').count()).toBeGreaterThan(5);
    // A draft keeps what is known so far
    await assessments.getByLabel('Fecha de la entrevista').fill(today());
    await choose(page, 'Lugar de la entrevista', 'Centro de protección');
    await assessments.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.getByText('Borrador guardado.').waitFor();
    await assessments.getByText('Borrador', { exact: true }).waitFor();
    await expectAccessible(page, 'assessment draft');
    // …and is completed later, with the same version of the form
    await choose(page, 'Se le explicó el propósito de la entrevista y que puede no responder', 'Sí');
    await choose(page, '¿Corre peligro inmediato?', 'No');
    await choose(page, '¿Necesita atención médica urgente?', 'No');
    await choose(page, 'Señales de riesgo de hacerse daño', 'No se observan');
    await assessments.getByLabel('Dónde está viviendo ahora').selectOption({ label: 'Centro de protección' });
    await choose(page, 'Contacto con su familia', 'No tiene contacto');
    await choose(
      page,
      '¿Alguien de la familia o quien la cuidaba participó en la explotación?',
      'Se sospecha',
    );
    await choose(page, 'Nacionalidad', 'Guatemalteca');
    await assessments
      .getByLabel('Qué quiere que pase ahora')
      .fill('Quiere volver a estudiar y estar segura.');
    await assessments
      .getByRole('group', { name: 'Necesidades prioritarias' })
      .getByLabel('Educación', { exact: true })
      .check();
    await assessments.getByLabel('Próximos pasos').fill('Plan de seguridad e inscripción escolar.');
    await assessments.getByRole('button', { name: 'Completar la evaluación' }).click();
    await page.getByText('Evaluación completada.').waitFor();
    const view = page.getByTestId('assessment-view');
    await view.getByText('Completada', { exact: true }).first().waitFor();
    expect(await view.getByTestId('assessment-version').textContent()).toBe('Versión 1 del formulario');
    expect(await view.getByText('Quiere volver a estudiar y estar segura.').count()).toBe(1);
    await view.getByTestId('assessment-redacted').waitFor();
    expect(
      await view.getByText('Restringido: su rol no tiene autorización para ver esta respuesta.').count(),
    ).toBeGreaterThan(0);
    // A completed assessment is read, not edited
    expect(await view.getByRole('button', { name: 'Guardar borrador' }).count()).toBe(0);
    await expectAccessible(page, 'completed assessment');
    await view.getByRole('button', { name: '← Volver a las evaluaciones' }).click();
    const row = page.getByRole('row', { name: /Evaluación inicial/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Lucía Tz'oc");
    expect(await row.textContent()).toContain('Completada');
    await expectAccessible(page, 'assessment list');

    // The case plan: a goal in the safety domain with one action
    await moveTo(page, 'Plan del caso');
    await openCaseTab(page, 'Plan del caso');
    const plan = page.getByTestId('plan-panel');
    await plan.getByText('Este caso todavía no tiene plan.').waitFor();
    await plan.getByRole('button', { name: 'Elaborar el plan' }).click();
    const goal = plan.getByRole('group', { name: 'Meta 1' });
    await plan.getByRole('button', { name: 'Guardar el plan' }).click();
    await goal.getByText('Complete este dato.').first().waitFor();
    await goal.getByLabel('Área').selectOption({ label: 'Seguridad' });
    await goal
      .getByLabel('Meta', { exact: true })
      .fill('Que Rosalía esté segura en el hogar y en sus salidas.');
    const action = goal.getByRole('group', { name: 'Acción 1' });
    await action.getByLabel('Qué se hará').fill('Elaborar con ella su plan de seguridad');
    expect(await action.getByLabel('Responsable').inputValue()).toBe(world.worker.id);
    await action.getByLabel('Fecha límite').fill(inDays(14));
    await expectAccessible(page, 'plan editor');
    await plan.getByRole('button', { name: 'Guardar el plan' }).click();
    await page.getByText('Plan guardado.').waitFor();
    await plan.getByRole('heading', { level: 3, name: 'Seguridad' }).waitFor();
    await plan.getByTestId('plan-action').getByText('Elaborar con ella su plan de seguridad').waitFor();

    // Ask for its approval
    await plan.getByRole('button', { name: 'Pedir la aprobación' }).click();
    await page.getByText('Aprobación solicitada: espera la decisión de la supervisión.').waitFor();
    const planApproval = plan.getByTestId('plan-approval');
    await planApproval
      .getByText('Usted hizo esta solicitud: la decide otra persona de la supervisión.')
      .waitFor();
    expect(await plan.getByRole('button', { name: 'Modificar el plan' }).count()).toBe(0);
    await expectAccessible(page, 'plan waiting for approval');

    // The coordinator finds it in her work, refuses to reject without a reason, and approves
    await logIn(supervisor, server.baseUrl, world.coordinator);
    await supervisor.goto(`${server.baseUrl}/my-work`);
    await supervisor.getByTestId('approval-waiting').filter({ hasText: 'Aprobar un plan de caso' }).click();
    const decision = supervisor.getByTestId('plan-approval').getByTestId('decision-form');
    await decision.waitFor();
    await expectAccessible(supervisor, 'plan approval decision');
    await decision.getByRole('button', { name: 'Rechazar' }).click();
    await decision.getByText('Para rechazar, explique qué hay que cambiar.').waitFor();
    await decision.getByLabel('Comentario').fill('Buen plan; revisar en un mes.');
    await decision.getByRole('button', { name: 'Aprobar' }).click();
    await supervisor.getByText('Solicitud aprobada.').waitFor();
    await supervisor.getByTestId('plan-approval').getByText('Aprobada', { exact: true }).first().waitFor();

    // The caseworker sees the decision with its comment, and the plan goes into practice
    await page.reload();
    await plan.getByTestId('plan-approval').getByText('Buen plan; revisar en un mes.').waitFor();
    await moveTo(page, 'Implementación');

    // A service delivered, recorded on the services tab
    await openCaseTab(page, 'Servicios');
    const services = page.getByTestId('services');
    await services.getByRole('button', { name: 'Registrar un servicio' }).click();
    const serviceForm = page.getByTestId('service-form');
    await serviceForm.getByLabel('Área').selectOption({ label: 'Educativo' });
    await serviceForm.getByLabel('Persona del equipo').selectOption({ label: "Lucía Tz'oc" });
    await serviceForm.getByLabel('Duración en minutos').fill('60');
    await serviceForm.getByLabel('Resultado').selectOption({ label: 'Completado' });
    await serviceForm.getByLabel('Notas').fill('Inscripción en la escuela de la aldea.');
    await serviceForm.getByRole('button', { name: 'Registrar un servicio' }).click();
    await page.getByText('Servicio registrado.').waitFor();
    await services.getByTestId('services-item').filter({ hasText: 'Educativo' }).waitFor();
    await moveTo(page, 'Seguimiento');

    // Closing without an approved closure is refused by the server, with the reason
    await page.getByRole('button', { name: 'Cerrar el caso' }).click();
    const close = page.getByTestId('transition-form');
    await close.getByLabel('Tipo de cierre').selectOption({ index: 1 });
    await close.getByLabel('Motivo').fill('Objetivos del plan cumplidos; reintegrada con su familia.');
    await close.getByRole('button', { name: 'Cerrar el caso' }).click();
    await close.getByText('hace falta una solicitud de cierre aprobada').waitFor();
    await close.getByRole('button', { name: 'Cancelar' }).click();

    // The caseworker asks for the closure's approval
    await openCaseTab(page, 'Aprobaciones');
    const approvals = page.getByTestId('approvals-panel');
    await approvals.getByTestId('closure-request').waitFor();
    await expectAccessible(page, 'closure request');
    await approvals.getByLabel('Comentario para la supervisión').fill('Metas cumplidas.');
    await approvals.getByRole('button', { name: 'Pedir la aprobación del cierre' }).click();
    await page.getByText('Cierre solicitado: espera la decisión de la supervisión.').waitFor();
    await approvals
      .getByTestId('closure-section')
      .getByText('Usted hizo esta solicitud: la decide otra persona de la supervisión.')
      .waitFor();

    // The coordinator approves the closure from her work
    await supervisor.goto(`${server.baseUrl}/my-work`);
    await supervisor.getByTestId('approval-waiting').filter({ hasText: 'Aprobar un cierre' }).click();
    const closure = supervisor.getByTestId('closure-section');
    await closure.getByText('Metas cumplidas.').waitFor();
    await expectAccessible(supervisor, 'closure decision');
    await closure.getByRole('button', { name: 'Aprobar' }).click();
    await supervisor.getByText('Solicitud aprobada.').waitFor();
    await closure.getByTestId('closure-ready').waitFor();

    // The caseworker closes the case with it
    await page.reload();
    await approvals.getByTestId('closure-ready').waitFor();
    await page.getByRole('button', { name: 'Cerrar el caso' }).click();
    await close.getByLabel('Tipo de cierre').selectOption({ index: 1 });
    await close.getByLabel('Motivo').fill('Objetivos del plan cumplidos; reintegrada con su familia.');
    await close.getByRole('button', { name: 'Cerrar el caso' }).click();
    await page.getByText('El caso está ahora en: Cierre.').waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Cierre');
    await approvals.getByText('El caso está cerrado.').waitFor();
    await approvals.getByText(/El caso se cerró con esta aprobación/).waitFor();
    await expectAccessible(page, 'closed case approvals');

    // Closed: the plan and the assessments are read only
    await openCaseTab(page, 'Plan del caso');
    await plan.getByTestId('plan-goals').waitFor();
    expect(await plan.getByRole('button', { name: 'Modificar el plan' }).count()).toBe(0);
    await openCaseTab(page, 'Evaluaciones');
    await assessments.getByRole('row', { name: /Evaluación inicial/ }).waitFor();
    expect(await assessments.getByRole('button', { name: 'Empezar la evaluación' }).count()).toBe(0);

    // The approvals in English
    await openCaseTab(page, 'Aprobaciones');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 2, name: 'Approvals' }).waitFor();
    await page.getByText('The case is closed.').waitFor();
    await expectAccessible(page, 'approvals (English)');

    expect(pageErrors).toEqual([]);
    expect(checkedScreens.length).toBeGreaterThanOrEqual(11);
    await workerContext.close();
    await coordinatorContext.close();
  });
});
