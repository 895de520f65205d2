import type { FieldClass } from '../access/catalogue.ts';
import type { AssessmentDomain } from './domains.ts';

/**
 * Form definitions as data: what the browser renders and the server validates, with one engine
 * (validate.ts). A definition is immutable once published: a change is a new version, and an assessment
 * keeps the version it was made with. Plain types only, so the browser bundle does not carry a schema library.
 */

export const FORM_LOCALES = ['es-GT', 'en'] as const;
export type FormLocale = (typeof FORM_LOCALES)[number];
export type Localised = Record<FormLocale, string>;

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'boolean',
  'single_choice',
  'multi_choice',
  'scale',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CHOICE_TYPES: readonly FieldType[] = ['single_choice', 'multi_choice'];

/**
 * When a field or section is shown, by the answer of a field defined before it. For a multi_choice field,
 * `equals` means "includes" and `in` means "includes any of".
 */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: Array<string | number> }
  | { field: string; isTrue: true };

export interface FieldOption {
  value: string;
  label: Localised;
}

export interface FormField {
  key: string;
  type: FieldType;
  label: Localised;
  help?: Localised;
  required?: boolean;
  /** Who may see and write the answer (the presenter removes it for roles without this clearance). */
  sensitivity: FieldClass;
  /** The assessment domain the answer informs. */
  domain?: AssessmentDomain;
  options?: FieldOption[];
  showIf?: Condition;
  /** text / textarea: most characters (defaults in validate.ts). */
  maxLength?: number;
  /** number: bounds; scale: the ends of the scale (required). */
  min?: number;
  max?: number;
  /** number: whole numbers only. */
  integer?: boolean;
  /** scale: what the lowest and highest points mean. */
  minLabel?: Localised;
  maxLabel?: Localised;
}

export interface FormSection {
  key: string;
  title: Localised;
  help?: Localised;
  showIf?: Condition;
  fields: FormField[];
}

export interface FormDefinition {
  key: string;
  version: number;
  title: Localised;
  help?: Localised;
  sections: FormSection[];
}

export const FORM_KEY_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;

/** Every field of a definition, in order. */
export const fieldsOf = (definition: FormDefinition): FormField[] =>
  definition.sections.flatMap((section) => section.fields);

/** The label in the reader's language (Spanish when a translation is missing). */
export const localised = (text: Localised, locale: string): string =>
  (text as Record<string, string>)[locale] || text['es-GT'];
