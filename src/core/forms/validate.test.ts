import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from './definition.ts';
import { definitionProblems, parseFormDefinition } from './definition-schema.ts';
import { validateSubmission } from './validate.ts';

const L = (text: string) => ({ 'es-GT': text, en: text });
const f = (key: string, type: FormField['type'], rest: Partial<FormField> = {}): FormField => ({
  key,
  type,
  label: L(key),
  sensitivity: 'general',
  ...rest,
});
const opts = (...values: string[]) => values.map((value) => ({ value, label: L(value) }));

const form: FormDefinition = {
  key: 'test_form',
  version: 1,
  title: L('Prueba'),
  sections: [
    {
      key: 'main',
      title: L('Principal'),
      fields: [
        f('date', 'date', { required: true }),
        f('name', 'text', { maxLength: 10 }),
        f('notes', 'textarea'),
        f('age', 'number', { integer: true, min: 0, max: 17 }),
        f('danger', 'boolean', { required: true }),
        f('danger_detail', 'textarea', { required: true, showIf: { field: 'danger', isTrue: true } }),
        f('contact', 'single_choice', { options: opts('yes', 'no', 'unknown') }),
        f('where', 'text', { required: true, showIf: { field: 'contact', in: ['yes', 'unknown'] } }),
        f('who', 'text', { showIf: { field: 'where', equals: 'casa' } }),
        f('needs', 'multi_choice', { options: opts('food', 'shelter', 'health') }),
        f('level', 'scale', { min: 1, max: 5 }),
      ],
    },
    {
      key: 'health',
      title: L('Salud'),
      showIf: { field: 'needs', equals: 'health' },
      fields: [f('health_detail', 'textarea', { required: true, sensitivity: 'health' })],
    },
  ],
};

describe('definitions', () => {
  it('accepts a well-formed definition', () => {
    expect(definitionProblems(form)).toEqual([]);
    expect(parseFormDefinition(JSON.parse(JSON.stringify(form)))).toEqual(form);
  });

  const broken = (change: (d: FormDefinition) => void) => {
    const copy = JSON.parse(JSON.stringify(form)) as FormDefinition;
    change(copy);
    return () => parseFormDefinition(copy, 'prueba');
  };
  const main = (d: FormDefinition) => d.sections[0]!.fields;

  it.each([
    ['a repeated field key', (d: FormDefinition) => main(d).push(f('name', 'text')), /key repeated/],
    ['a choice without options', (d: FormDefinition) => main(d).push(f('x', 'single_choice')), /two options/],
    [
      'options on a text field',
      (d: FormDefinition) => main(d).push(f('x', 'text', { options: opts('a', 'b') })),
      /has no options/,
    ],
    [
      'a scale without ends',
      (d: FormDefinition) => main(d).push(f('x', 'scale')),
      /whole-number min and max/,
    ],
    [
      'a condition on a later field',
      (d: FormDefinition) => (main(d)[0]!.showIf = { field: 'danger', isTrue: true }),
      /not a field defined before it/,
    ],
    [
      'a condition on a missing option',
      (d: FormDefinition) => (main(d)[7]!.showIf = { field: 'contact', in: ['maybe'] }),
      /not options of "contact"/,
    ],
    [
      'isTrue on a non-boolean field',
      (d: FormDefinition) => (main(d)[7]!.showIf = { field: 'contact', isTrue: true }),
      /needs a boolean field/,
    ],
    [
      'a missing English label',
      (d: FormDefinition) => (main(d)[0]!.label = { 'es-GT': 'Fecha' } as never),
      /label\.en/,
    ],
    [
      'an unknown sensitivity class',
      (d: FormDefinition) => (main(d)[0]!.sensitivity = 'secret' as never),
      /sensitivity/,
    ],
    ['an unknown field type', (d: FormDefinition) => (main(d)[0]!.type = 'photo' as never), /type/],
  ])('refuses %s', (_name, change, message) => {
    expect(broken(change)).toThrow(message);
  });
});

describe('validateSubmission', () => {
  const valid = { date: '2026-03-01', danger: false };

  it('keeps valid answers and reports nothing', () => {
    const result = validateSubmission(form, {
      ...valid,
      name: '  Ana  ',
      age: 14,
      contact: 'no',
      needs: ['shelter', 'food'],
      level: 3,
    });
    expect(result.errors).toEqual([]);
    // Text is trimmed; choices come back in the definition's order.
    expect(result.answers).toEqual({
      ...valid,
      name: 'Ana',
      age: 14,
      contact: 'no',
      needs: ['food', 'shelter'],
      level: 3,
    });
  });

  it('requires a field only when shown, and drops hidden answers', () => {
    const hidden = validateSubmission(form, {
      ...valid,
      danger_detail: 'left over',
      where: 'x',
      health_detail: 'y',
    });
    expect(hidden.errors).toEqual([]);
    expect(hidden.answers).toEqual(valid);
    expect(hidden.shown.has('danger_detail')).toBe(false);
    const shown = validateSubmission(form, { ...valid, danger: true, contact: 'unknown', needs: ['health'] });
    expect(shown.errors).toEqual([
      { field: 'danger_detail', code: 'required' },
      { field: 'where', code: 'required' },
      { field: 'health_detail', code: 'required' },
    ]);
  });

  it('follows chains of conditions: a field hidden hides what depends on it', () => {
    const shown = validateSubmission(form, { ...valid, contact: 'yes', where: 'casa', who: 'abuela' });
    expect(shown.answers.who).toBe('abuela');
    const hidden = validateSubmission(form, { ...valid, contact: 'no', where: 'casa', who: 'abuela' });
    expect(hidden.answers).toEqual({ ...valid, contact: 'no' });
  });

  it('lets a draft leave required fields empty but still checks what is there', () => {
    expect(validateSubmission(form, {}, { draft: true }).errors).toEqual([]);
    expect(validateSubmission(form, {}).errors.map((e) => e.field)).toEqual(['date', 'danger']);
    expect(validateSubmission(form, { age: 'catorce' }, { draft: true }).errors).toEqual([
      { field: 'age', code: 'wrong_type' },
    ]);
  });

  it('treats empty strings, nulls and empty lists as unanswered', () => {
    const result = validateSubmission(form, { date: '', danger: null, needs: [], name: '   ' });
    expect(result.answers).toEqual({});
    expect(result.errors.map((e) => e.code)).toEqual(['required', 'required']);
  });

  it.each([
    [{ date: '2026-02-30' }, 'date', 'invalid_date', undefined],
    [{ date: '01/03/2026' }, 'date', 'invalid_date', undefined],
    [{ date: 20260301 }, 'date', 'wrong_type', undefined],
    [{ name: 'Ana María López' }, 'name', 'too_long', 10],
    [{ age: 14.5 }, 'age', 'not_integer', undefined],
    [{ age: 18 }, 'age', 'above_max', 17],
    [{ age: -1 }, 'age', 'below_min', 0],
    [{ age: '14' }, 'age', 'wrong_type', undefined],
    [{ danger: 'yes' }, 'danger', 'wrong_type', undefined],
    [{ contact: 'maybe' }, 'contact', 'unknown_option', undefined],
    [{ contact: ['yes'] }, 'contact', 'wrong_type', undefined],
    [{ needs: 'food' }, 'needs', 'wrong_type', undefined],
    [{ needs: ['food', 'money'] }, 'needs', 'unknown_option', undefined],
    [{ level: 6 }, 'level', 'above_max', 5],
    [{ level: 2.5 }, 'level', 'not_integer', undefined],
    [{ notes: 'x'.repeat(10_001) }, 'notes', 'too_long', 10_000],
    [{ colour: 'blue' }, 'colour', 'unknown_field', undefined],
  ])('refuses %j', (answers, field, code, limit) => {
    const result = validateSubmission(form, { ...valid, ...answers });
    expect(result.errors).toEqual([{ field, code, ...(limit !== undefined && { limit }) }]);
    expect(field in result.answers).toBe(false);
  });

  it('shows what depends on an answer the reader cannot see', () => {
    const result = validateSubmission(form, {}, { draft: true, unknown: new Set(['danger']) });
    expect(result.shown.has('danger_detail')).toBe(true);
  });
});
