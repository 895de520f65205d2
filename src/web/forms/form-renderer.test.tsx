import { renderToString } from 'preact-render-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShippedForms } from '../../core/forms/shipped.ts';
import { validateSubmission } from '../../core/forms/validate.ts';
import { I18nProvider } from '../i18n/context.tsx';
import { loadFeatures, type Locale } from '../i18n/i18n.ts';
import { FormRenderer, formErrors, type FormRendererProps } from './form-renderer.tsx';

const initial = loadShippedForms().find((form) => form.key === 'initial_assessment')!;
const risk = loadShippedForms().find((form) => form.key === 'risk_assessment')!;

beforeAll(async () => {
  await loadFeatures(['common', 'forms'], 'es-GT');
  await loadFeatures(['common', 'forms'], 'en');
});

const html = (
  props: Omit<FormRendererProps, 'onAnswers'> & { editable?: boolean },
  locale: Locale = 'es-GT',
) =>
  renderToString(
    <I18nProvider initialLocale={locale}>
      <FormRenderer {...props} onAnswers={props.editable === false ? undefined : () => undefined} />
    </I18nProvider>,
  );

describe('form renderer', () => {
  it('labels every question in the reader’s language', () => {
    expect(html({ definition: initial, answers: {} })).toContain('¿Corre peligro inmediato?');
    const english = html({ definition: initial, answers: {} }, 'en');
    expect(english).toContain('Is the child in immediate danger?');
    expect(english).toContain('What the child wants to happen now');
    expect(english).not.toContain('¿Corre peligro inmediato?');
  });

  it('shows a question only while its show_if holds', () => {
    const label = '¿De dónde viene el peligro?';
    expect(html({ definition: initial, answers: {} })).not.toContain(label);
    expect(html({ definition: initial, answers: { immediate_danger: false } })).not.toContain(label);
    expect(html({ definition: initial, answers: { immediate_danger: true } })).toContain(label);
    const risky = html({ definition: risk, answers: { traffickers_identified: 'partly' } });
    expect(risky).toContain('Situación de los tratantes');
  });

  it('groups choices in fieldsets and ties help and errors to their control', () => {
    const local = validateSubmission(initial, { interview_date: '2026-13-01' }, { draft: true }).errors;
    const server = [
      { field: 'body.answers.child_wishes', code: 'too_long', message: 'x' },
      { field: 'body.answers.next_steps', code: 'something_new', message: 'Explicación del servidor.' },
    ];
    const out = html({
      definition: initial,
      answers: { interview_date: '2026-13-01' },
      errors: formErrors(local, server),
    });
    // A date with its own error, described by it.
    expect(out).toMatch(/<input[^>]*id="form-initial_assessment-interview_date"[^>]*aria-invalid="true"/);
    expect(out).toMatch(
      /id="form-initial_assessment-interview_date"[^>]*aria-describedby="form-initial_assessment-interview_date-error"/,
    );
    expect(out).toContain('Indique una fecha válida.');
    // Choices: a fieldset with its legend, described by its help.
    expect(out).toContain(
      '<fieldset id="form-initial_assessment-caregiver_involved" class="fieldset choices" role="radiogroup" aria-describedby="form-initial_assessment-caregiver_involved-help" aria-required="true">',
    );
    expect(out).toContain(
      '<legend>¿Alguien de la familia o quien la cuidaba participó en la explotación?</legend>',
    );
    // The server's errors: known codes in the catalogue's words (with the field's limit), others as sent.
    expect(out).toMatch(/La respuesta supera 10.000 caracteres\./);
    expect(out).toContain('Explicación del servidor.');
  });

  it('reads answers back, and marks what the reader may not see as restricted', () => {
    const out = html({
      definition: initial,
      answers: {
        immediate_danger: false,
        priority_needs: ['family', 'education'],
        interview_date: '2026-03-02',
      },
      redacted: ['emotional_state'],
      editable: false,
    });
    expect(out).not.toContain('<input');
    expect(out).toContain('<dt>¿Corre peligro inmediato?</dt><dd><span class="answer">No</span></dd>');
    expect(out).toContain('Familia y Educación');
    expect(out).toMatch(/Estado emocional observado<\/dt><dd><span class="restricted">Restringido/);
    expect(out).toContain('Sin respuesta');
  });
});
