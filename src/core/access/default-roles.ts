import type { Permission, Scope, SensitivityClass } from './catalogue.ts';

export interface RoleDefinition {
  key: string;
  name: { 'es-GT': string; en: string };
  purpose: { 'es-GT': string; en: string };
  scope: Scope;
  permissions: Permission[];
  clearances: SensitivityClass[];
  requiresTwoFactor: boolean;
  aggregatesOnly?: boolean;
}

const caseWork: Permission[] = [
  'person:read',
  'person:create',
  'person:update',
  'case:read',
  'case:create',
  'case:update',
  'assessment:read',
  'assessment:write',
  'case_plan:read',
  'case_plan:write',
  'service:read',
  'service:write',
  'case_note:read',
  'case_note:write',
  'consent:read',
  'consent:write',
  'referral:read',
  'referral:write',
  'attachment:read',
  'attachment:write',
];

const readCases: Permission[] = [
  'person:read',
  'case:read',
  'service:read',
  'service:write',
  'case_note:read',
  'case_note:write',
];

/** The roles shipped with Amparo; an administrator can change them or add others. */
export const DEFAULT_ROLES: RoleDefinition[] = [
  {
    key: 'system_admin',
    name: { 'es-GT': 'Administración del sistema', en: 'System administrator' },
    purpose: {
      'es-GT': 'Gestiona usuarios, roles y configuración; no ve datos de niñas, niños ni adolescentes.',
      en: "Manages users, roles and configuration; sees no children's data.",
    },
    scope: 'agency',
    permissions: [
      'user:read',
      'user:create',
      'user:update',
      'user:deactivate',
      'user:reset_credentials',
      'role:read',
      'role:manage',
      'agency:read',
      'agency:manage',
      'programme:read',
      'programme:manage',
      'team:read',
      'team:manage',
      'setting:read',
      'setting:manage',
      'audit:read',
    ],
    clearances: [],
    requiresTwoFactor: true,
  },
  {
    // Configuration shared by every agency (reference lists, the default due-date rules, agencies, shared
    // roles). Only an administrator of the same reach can grant it: the first one is created from the
    // server's command line (amparo user create --role installation_admin).
    key: 'installation_admin',
    name: { 'es-GT': 'Administración de la instalación', en: 'Installation administrator' },
    purpose: {
      'es-GT':
        'Configura lo común a todas las agencias: listas de referencia, plazos predeterminados, agencias y roles compartidos; no ve datos de niñas, niños ni adolescentes.',
      en: "Configures what every agency shares: reference lists, default deadlines, agencies and shared roles; sees no children's data.",
    },
    scope: 'all',
    permissions: [
      'setting:read',
      'setting:manage',
      'agency:read',
      'agency:manage',
      'programme:read',
      'role:read',
      'role:manage',
    ],
    clearances: [],
    requiresTwoFactor: true,
  },
  {
    key: 'programme_coordinator',
    name: { 'es-GT': 'Coordinación de programa', en: 'Programme coordinator' },
    purpose: {
      'es-GT': 'Supervisa los casos del programa, asigna, aprueba planes y cierres, revisa accesos.',
      en: "Supervises the programme's cases, assigns them, approves plans and closures, reviews access.",
    },
    scope: 'programme',
    permissions: [
      ...caseWork,
      'person:merge',
      'person:trace',
      'case:assign',
      'case:approve',
      'case:close',
      'case:share',
      'referral:respond',
      'user:read',
      'team:read',
      'programme:read',
      'audit:read',
      'report:read',
    ],
    clearances: ['identity', 'contact_location', 'health', 'psychosocial', 'legal', 'trafficking_experience'],
    requiresTwoFactor: true,
  },
  {
    key: 'social_worker',
    name: { 'es-GT': 'Trabajo social', en: 'Social worker' },
    purpose: {
      'es-GT':
        'Registra y lleva los casos asignados: evaluaciones, plan, servicios, familia, referencias y el cierre aprobado por la supervisión.',
      en: 'Registers and manages assigned cases: assessments, plan, services, family, referrals and the closure a supervisor approves.',
    },
    scope: 'team',
    // case:close: she asks for the closure and carries it out; a supervisor (case:approve) must approve it.
    permissions: [...caseWork, 'person:trace', 'case:close'],
    clearances: ['identity', 'contact_location', 'trafficking_experience'],
    requiresTwoFactor: false,
  },
  {
    key: 'psychologist',
    name: { 'es-GT': 'Psicología', en: 'Psychologist' },
    purpose: {
      'es-GT': 'Atención psicosocial: evaluaciones y notas de sesión, visibles solo con su autorización.',
      en: 'Psychosocial care: assessments and session notes, visible only with that clearance.',
    },
    scope: 'team',
    permissions: [...readCases, 'assessment:read', 'assessment:write', 'case_plan:read'],
    clearances: ['identity', 'psychosocial', 'trafficking_experience'],
    requiresTwoFactor: false,
  },
  {
    key: 'medical_staff',
    name: { 'es-GT': 'Personal médico', en: 'Medical staff' },
    purpose: { 'es-GT': 'Atención médica y registros de salud.', en: 'Medical care and health records.' },
    scope: 'programme',
    permissions: [...readCases, 'assessment:read', 'assessment:write'],
    clearances: ['identity', 'health'],
    requiresTwoFactor: false,
  },
  {
    key: 'educator',
    name: { 'es-GT': 'Educación', en: 'Educator' },
    purpose: {
      'es-GT': 'Servicios educativos y seguimiento escolar.',
      en: 'Educational services and school follow-up.',
    },
    scope: 'programme',
    permissions: readCases,
    clearances: ['identity'],
    requiresTwoFactor: false,
  },
  {
    key: 'caregiver',
    name: { 'es-GT': 'Cuidado residencial', en: 'Caregiver' },
    purpose: {
      'es-GT': 'Vida diaria en el centro de protección: registros de cuidado y recreación.',
      en: 'Daily life in the protection centre: care and recreation records.',
    },
    scope: 'programme',
    permissions: readCases,
    clearances: ['identity'],
    requiresTwoFactor: false,
  },
  {
    key: 'lawyer',
    name: { 'es-GT': 'Asesoría legal', en: 'Lawyer' },
    purpose: {
      'es-GT': 'Representa a las víctimas en procesos penales; ve lo legal, no las notas psicológicas.',
      en: 'Represents victims in criminal proceedings; sees legal records, not psychological notes.',
    },
    scope: 'programme',
    permissions: [...readCases, 'assessment:read', 'consent:read', 'attachment:read', 'attachment:write'],
    clearances: ['identity', 'contact_location', 'legal', 'trafficking_experience'],
    requiresTwoFactor: true,
  },
  {
    key: 'community_promoter',
    name: { 'es-GT': 'Promotoría comunitaria', en: 'Community promoter' },
    purpose: {
      'es-GT': 'Prevención en comunidades y alertas tempranas de posibles víctimas.',
      en: 'Community prevention and early warnings of possible victims.',
    },
    scope: 'own',
    permissions: ['person:create', 'person:read', 'case:create', 'case:read', 'referral:write'],
    clearances: ['identity', 'contact_location'],
    requiresTwoFactor: false,
  },
  {
    key: 'me_officer',
    name: { 'es-GT': 'Monitoreo y evaluación', en: 'M&E officer' },
    purpose: {
      'es-GT': 'Indicadores y reportes agregados; sin acceso a datos de personas.',
      en: "Indicators and aggregate reports; no access to persons' data.",
    },
    scope: 'agency',
    permissions: ['report:read', 'programme:read'],
    clearances: [],
    requiresTwoFactor: false,
    aggregatesOnly: true,
  },
  {
    key: 'partner_liaison',
    name: { 'es-GT': 'Enlace institucional', en: 'Partner-institution liaison' },
    purpose: {
      'es-GT': 'Recibe y responde referencias de otra institución, con la vista mínima necesaria.',
      en: 'Receives and answers referrals from another institution, with the minimum view needed.',
    },
    scope: 'own',
    permissions: ['referral:read', 'referral:respond'],
    clearances: ['identity'],
    requiresTwoFactor: true,
  },
  {
    key: 'donor_viewer',
    name: { 'es-GT': 'Donante (agregados)', en: 'Donor viewer (aggregates)' },
    purpose: {
      'es-GT': 'Consulta indicadores agregados del programa; nunca registros individuales.',
      en: 'Views aggregate programme indicators; never individual records.',
    },
    scope: 'agency',
    permissions: ['report:read'],
    clearances: [],
    requiresTwoFactor: false,
    aggregatesOnly: true,
  },
];
