/**
 * Closed vocabularies of the person registry and the case, shared by server and web. Values are stable
 * codes; labels live in the web's message catalogues. Where HTCDS v2.0 defines the list, its value names
 * are used as they are (see ../shared/data/htcds/fields.csv).
 */

export const SEXES = ['female', 'male', 'intersex', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** HTCDS prs_Gender. */
export const GENDERS = [
  'Feminine',
  'Masculine',
  'TransgenderFeminine',
  'TransgenderMasculine',
  'NonConforming',
  'NonSpecifiedUnknown',
] as const;
export type Gender = (typeof GENDERS)[number];

/** How much of the date of birth is known. */
export const DOB_PRECISIONS = ['unknown', 'exact', 'year', 'age_range'] as const;
export type DobPrecision = (typeof DOB_PRECISIONS)[number];

/** HTCDS prs_HighestLevelOfEducation (ISCED 2011), plus none. */
export const EDUCATION_LEVELS = [
  'None',
  'EarlyChildhoodEducation',
  'PrimaryEducation',
  'LowerSecondaryEducation',
  'UpperSecondaryEducation',
  'PostSecondaryNonTertiaryEducation',
  'ShortCycleTertiaryEducation',
  'BachelorsOrEquivalentLevel',
  'MastersOrEquivalentLevel',
  'DoctoralOrEquivalentLevel',
] as const;

/** Functional domains of the Washington Group short set (child functioning module). */
export const DISABILITY_DOMAINS = [
  'seeing',
  'hearing',
  'mobility',
  'cognition',
  'self_care',
  'communication',
  'psychosocial',
] as const;

export const IDENTITY_DOCUMENT_TYPES = ['cui_dpi', 'birth_certificate', 'passport'] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

export const RELATION_KINDS = ['family', 'contact'] as const;

export const RELATIONSHIPS = [
  'mother',
  'father',
  'stepmother',
  'stepfather',
  'sibling',
  'grandparent',
  'aunt_uncle',
  'cousin',
  'child',
  'partner',
  'other_relative',
  'foster_carer',
  'legal_guardian',
  'teacher',
  'community_leader',
  'friend',
  'other',
] as const;

/** Who decided that a relative or contact must not be contacted. */
export const NO_CONTACT_SOURCES = [
  'court_order',
  'pgn_decision',
  'case_team_decision',
  'child_request',
  'other',
] as const;

export const CASE_TYPES = [
  'residential_trafficking_victim',
  'returned_unaccompanied_child',
  'community_possible_victim',
  'legal_assistance_only',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_REASONS = [
  'continuing_threat_from_traffickers',
  'family_involved_in_exploitation',
  'no_safe_carer',
  'risk_of_remigration',
  'risk_of_re_trafficking',
  'self_harm',
  'violence_at_home',
  'pregnancy',
  'substance_use',
  'other',
] as const;

/** Measures a Juzgado de la Niñez y la Adolescencia may order. */
export const PROTECTION_MEASURE_TYPES = [
  'family_carer',
  'extended_family',
  'foster_family',
  'temporary_shelter',
  'other',
] as const;

/** Why a case was closed; `referred` and `transferred` make the HTCDS status ClosedReferred. */
export const CLOSURE_KINDS = [
  'goals_met',
  'referred',
  'transferred',
  'aged_out',
  'lost_contact',
  'declined_services',
  'deceased',
  'other',
] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];
