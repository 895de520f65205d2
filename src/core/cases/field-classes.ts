import type { FieldClass } from '../access/catalogue.ts';
import { PLAN_DOMAINS, type PlanDomain } from '../forms/domains.ts';

/**
 * The sensitivity class of every field of the person and case records, by the field's name in the API.
 * The server's presenter removes what the actor's clearances do not cover; the web uses the same maps to
 * show "restricted" in place of a missing value. Fields not listed are `general`.
 */

export const PERSON_FIELD_CLASSES = {
  givenNames: 'identity',
  firstSurname: 'identity',
  secondSurname: 'identity',
  otherNames: 'identity',
  gender: 'identity',
  dateOfBirth: 'identity',
  citizenships: 'identity',
  pueblo: 'identity',
  linguisticCommunity: 'identity',
  origin: 'contact_location',
  disabilities: 'health',
} as const satisfies Record<string, FieldClass>;

/**
 * The person's photo: a field of the record of one person only (never of lists, search results or a person
 * inside another record), identifying, so of the identity class.
 */
export const PERSON_PHOTO_CLASS = 'identity' satisfies FieldClass;

/** A no-contact entry shown with the person: who must not be contacted is identifying, why is not. */
export const NO_CONTACT_FIELD_CLASSES = {
  name: 'identity',
} as const satisfies Record<string, FieldClass>;

export const RELATION_FIELD_CLASSES = {
  name: 'identity',
  phone: 'contact_location',
  address: 'contact_location',
  notes: 'contact_location',
} as const satisfies Record<string, FieldClass>;

export const IDENTITY_DOCUMENT_FIELD_CLASSES = {
  number: 'identity',
} as const satisfies Record<string, FieldClass>;

export const CASE_FIELD_CLASSES = {
  riskReasons: 'trafficking_experience',
  riskNotes: 'trafficking_experience',
  protectionMeasure: 'legal',
} as const satisfies Record<string, FieldClass>;

/**
 * The class of a case-plan goal is its domain's: a psychologist's goals are not for a lawyer to read, nor the
 * lawyer's for a caregiver. Safety goals answer the threat recorded with the risk (trafficking experience);
 * family goals say where and with whom the child may live (contact and location).
 */
export const PLAN_DOMAIN_CLASSES: Record<PlanDomain, FieldClass> = {
  safety: 'trafficking_experience',
  health: 'health',
  psychosocial: 'psychosocial',
  education: 'general',
  family: 'contact_location',
  legal: 'legal',
  livelihood: 'general',
};

/** The plan's history records the goals of each domain as a field of its own (`goals.health`). */
export const planGoalsField = (domain: PlanDomain) => `goals.${domain}`;

/** The domain of such a history field (`goals.health` → `health`). */
export const planGoalsDomain = (field: string) => field.replace(/^goals\./, '');

/** Record types with a field-level change history, and the classes of their fields. */
export const HISTORY_FIELD_CLASSES: Record<string, Record<string, FieldClass>> = {
  person: { ...PERSON_FIELD_CLASSES, photo: PERSON_PHOTO_CLASS },
  person_relation: RELATION_FIELD_CLASSES,
  identity_document: IDENTITY_DOCUMENT_FIELD_CLASSES,
  case: CASE_FIELD_CLASSES,
  case_plan: Object.fromEntries(PLAN_DOMAINS.map((d) => [planGoalsField(d), PLAN_DOMAIN_CLASSES[d]])),
};

export function fieldClassOf(recordType: string, field: string): FieldClass {
  return HISTORY_FIELD_CLASSES[recordType]?.[field] ?? 'general';
}
