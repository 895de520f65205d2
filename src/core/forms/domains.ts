/**
 * The domains an assessment covers and those a case plan sets goals in. Assessment domains follow the
 * Inter-Agency Guidelines for Case Management & Child Protection (2014), with the three that trafficking adds
 * (DOMAIN.md, "Case-management cycle"); each field of a form definition may name the domain it informs.
 */
export const ASSESSMENT_DOMAINS = [
  'safety_risk',
  'physical_health',
  'mental_health_psychosocial',
  'education',
  'family_care',
  'basic_needs_shelter',
  'legal_status_documents',
  'livelihoods',
  'child_views_strengths',
  'trafficking_experience',
  'continuing_threat',
  'prosecution_readiness',
] as const;
export type AssessmentDomain = (typeof ASSESSMENT_DOMAINS)[number];

/** Domains of case-plan goals (issue item 4). */
export const PLAN_DOMAINS = [
  'safety',
  'health',
  'psychosocial',
  'education',
  'family',
  'legal',
  'livelihood',
] as const;
export type PlanDomain = (typeof PLAN_DOMAINS)[number];

export const PLAN_ACTION_STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUSES)[number];

/** The plan domain where the findings of each assessment domain turn into goals. */
export const PLAN_DOMAIN_OF: Record<AssessmentDomain, PlanDomain> = {
  safety_risk: 'safety',
  continuing_threat: 'safety',
  physical_health: 'health',
  mental_health_psychosocial: 'psychosocial',
  trafficking_experience: 'psychosocial',
  child_views_strengths: 'psychosocial',
  education: 'education',
  family_care: 'family',
  basic_needs_shelter: 'family',
  legal_status_documents: 'legal',
  prosecution_readiness: 'legal',
  livelihoods: 'livelihood',
};
