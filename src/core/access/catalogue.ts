/**
 * The vocabulary of access control, shared by server and web: sensitivity classes, scopes, and the
 * permissions (resource × action) that roles grant. Roles themselves are data (table `role`).
 */

export const SENSITIVITY_CLASSES = [
  'identity',
  'contact_location',
  'health',
  'psychosocial',
  'legal',
  'trafficking_experience',
] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];
/** Fields of class `general` need no clearance. */
export type FieldClass = SensitivityClass | 'general';

export const SCOPES = ['own', 'team', 'programme', 'agency', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_RANK: Record<Scope, number> = { own: 0, team: 1, programme: 2, agency: 3, all: 4 };

export const PROGRAMME_KINDS = [
  'protection_centre',
  'returnee_reintegration',
  'community_prevention',
  'legal_assistance',
  'capacity_building',
  'monitoring_evaluation',
] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

/** HTCDS v2.0 organisation types (org_Type). */
export const ORGANISATION_TYPES = [
  'NGO',
  'LawEnforcement',
  'HealthServiceOrganisation',
  'CentralGovernmentOrganisation',
  'LocalGovernmentOrganisation',
  'ImmigrationService',
  'LegalService',
  'CorporateBusiness',
  'SchoolOrCollege',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const RESOURCE_ACTIONS = {
  // administration
  user: ['read', 'create', 'update', 'deactivate', 'reset_credentials'],
  role: ['read', 'manage'],
  agency: ['read', 'manage'],
  programme: ['read', 'manage'],
  team: ['read', 'manage'],
  setting: ['read', 'manage'],
  audit: ['read'],
  // children's records and the case cycle
  // merge: review duplicates and merge or unmerge records; trace: answer family-tracing requests
  person: ['read', 'create', 'update', 'merge', 'trace'],
  // share: let another agency read a case (a sharing decision), or revoke that
  case: ['read', 'create', 'update', 'assign', 'approve', 'close', 'share'],
  assessment: ['read', 'write'],
  case_plan: ['read', 'write'],
  service: ['read', 'write'],
  case_note: ['read', 'write'],
  consent: ['read', 'write'],
  referral: ['read', 'write', 'respond'],
  attachment: ['read', 'write'],
  // aggregates only: indicators and reports without any person's data
  report: ['read'],
} as const;

export type Resource = keyof typeof RESOURCE_ACTIONS;
export type Permission = {
  [R in Resource]: `${R}:${(typeof RESOURCE_ACTIONS)[R][number]}`;
}[Resource];

export const ALL_PERMISSIONS: Permission[] = Object.entries(RESOURCE_ACTIONS).flatMap(([resource, actions]) =>
  actions.map((action) => `${resource}:${action}` as Permission),
);

export const isPermission = (value: string): value is Permission =>
  (ALL_PERMISSIONS as string[]).includes(value);
