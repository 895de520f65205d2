import { z } from 'zod';
import { SENSITIVITY_CLASSES } from '../access/catalogue.ts';
import {
  CHOICE_TYPES,
  FIELD_TYPES,
  FORM_KEY_PATTERN,
  type Condition,
  type FormDefinition,
  type FormField,
} from './definition.ts';
import { ASSESSMENT_DOMAINS } from './domains.ts';

/**
 * The shape of a form definition (Zod, for the server and tests: the browser only needs definition.ts)
 * and the rules a definition must keep beyond its shape. Shipped definitions and any stored later pass
 * parseFormDefinition before use.
 */

const text = z.string().trim().min(1).max(2000);
export const localisedSchema = z.strictObject({ 'es-GT': text, en: text });

const optionValue = z.string().regex(/^[a-z0-9][a-z0-9_]{0,62}$/);
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);

export const conditionSchema = z.union([
  z.strictObject({ field: fieldKey, equals: z.union([z.string(), z.number(), z.boolean()]) }),
  z.strictObject({ field: fieldKey, in: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.strictObject({ field: fieldKey, isTrue: z.literal(true) }),
]);

export const formFieldSchema = z.strictObject({
  key: fieldKey,
  type: z.enum(FIELD_TYPES),
  label: localisedSchema,
  help: localisedSchema.optional(),
  required: z.boolean().optional(),
  sensitivity: z.enum([...SENSITIVITY_CLASSES, 'general']),
  domain: z.enum(ASSESSMENT_DOMAINS).optional(),
  options: z.array(z.strictObject({ value: optionValue, label: localisedSchema })).optional(),
  showIf: conditionSchema.optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  minLabel: localisedSchema.optional(),
  maxLabel: localisedSchema.optional(),
});

export const formSectionSchema = z.strictObject({
  key: fieldKey,
  title: localisedSchema,
  help: localisedSchema.optional(),
  showIf: conditionSchema.optional(),
  fields: z.array(formFieldSchema).min(1),
});

export const formDefinitionSchema = z.strictObject({
  key: z.string().regex(FORM_KEY_PATTERN),
  version: z.number().int().min(1),
  title: localisedSchema,
  help: localisedSchema.optional(),
  sections: z.array(formSectionSchema).min(1),
});

/** What is wrong with a condition placed on a field or section, given the fields defined before it. */
function conditionProblem(condition: Condition, earlier: Map<string, FormField>): string | null {
  const target = earlier.get(condition.field);
  if (!target) return `refers to "${condition.field}", which is not a field defined before it`;
  if ('isTrue' in condition)
    return target.type === 'boolean' ? null : `isTrue needs a boolean field, "${target.key}" is not`;
  const values = 'equals' in condition ? [condition.equals] : condition.in;
  if (CHOICE_TYPES.includes(target.type)) {
    const options = new Set((target.options ?? []).map((o) => o.value));
    const stray = values.filter((v) => typeof v !== 'string' || !options.has(v));
    return stray.length > 0 ? `values ${JSON.stringify(stray)} are not options of "${target.key}"` : null;
  }
  if (target.type === 'boolean' && values.some((v) => typeof v !== 'boolean'))
    return `"${target.key}" is boolean: compare with true or false`;
  if (['number', 'scale'].includes(target.type) && values.some((v) => typeof v !== 'number'))
    return `"${target.key}" is a number: compare with numbers`;
  return null;
}

function fieldProblems(field: FormField): string[] {
  const problems: string[] = [];
  const isChoice = CHOICE_TYPES.includes(field.type);
  if (isChoice) {
    const values = (field.options ?? []).map((o) => o.value);
    if (values.length < 2) problems.push('a choice needs at least two options');
    if (new Set(values).size !== values.length) problems.push('option values repeat');
  } else if (field.options) problems.push(`a ${field.type} field has no options`);
  if (field.type === 'scale') {
    if (!Number.isInteger(field.min) || !Number.isInteger(field.max))
      problems.push('a scale needs whole-number min and max');
    else if (field.max! <= field.min! || field.max! - field.min! > 10)
      problems.push('a scale runs from min to max, with at most 11 points');
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max)
    problems.push('min is greater than max');
  if (!['number', 'scale'].includes(field.type) && (field.min !== undefined || field.max !== undefined))
    problems.push('only number and scale fields have min and max');
  if (field.maxLength !== undefined && !['text', 'textarea'].includes(field.type))
    problems.push('only text fields have maxLength');
  if ((field.minLabel || field.maxLabel) && field.type !== 'scale')
    problems.push('only scales have minLabel and maxLabel');
  if (field.integer !== undefined && field.type !== 'number') problems.push('only numbers can be integer');
  return problems;
}

/** The rules beyond the shape: unique keys, options where needed, conditions on earlier fields. */
export function definitionProblems(definition: FormDefinition): string[] {
  const problems: string[] = [];
  const earlier = new Map<string, FormField>();
  const sectionKeys = new Set<string>();
  for (const section of definition.sections) {
    if (sectionKeys.has(section.key)) problems.push(`section ${section.key}: key repeated`);
    sectionKeys.add(section.key);
    if (section.showIf) {
      const problem = conditionProblem(section.showIf, earlier);
      if (problem) problems.push(`section ${section.key}: show_if ${problem}`);
    }
    for (const field of section.fields) {
      if (earlier.has(field.key)) problems.push(`field ${field.key}: key repeated`);
      for (const problem of fieldProblems(field)) problems.push(`field ${field.key}: ${problem}`);
      if (field.showIf) {
        const problem = conditionProblem(field.showIf, earlier);
        if (problem) problems.push(`field ${field.key}: show_if ${problem}`);
      }
      earlier.set(field.key, field);
    }
  }
  return problems;
}

export class InvalidFormDefinition extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid form definition ${source}:\n- ${problems.join('\n- ')}`);
  }
}

/** Parses and checks a definition; throws InvalidFormDefinition listing every problem. */
export function parseFormDefinition(value: unknown, source = 'definition'): FormDefinition {
  const parsed = formDefinitionSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidFormDefinition(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  const definition = parsed.data as FormDefinition;
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new InvalidFormDefinition(source, problems);
  return definition;
}
