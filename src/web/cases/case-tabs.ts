import type { ComponentType } from 'preact';
import type { Permission } from '../../core/access/catalogue.ts';
import type { Resource } from '../api/use-api.ts';
import type { Feature, MessageKey } from '../i18n/i18n.ts';
import type { Case } from './types.ts';

export interface CaseTabProps {
  kase: Case;
  /** The case as loaded (ETag, reload after a change, replace with a PATCH response) */
  record: Resource<Case>;
}

/**
 * A section of the case record (`/cases/:id?tab=key`). Each panel is its own chunk, loaded with its message
 * catalogues when the section is opened; the tab shows only to holders of `permission`.
 */
export interface CaseTab {
  key: string;
  /** A label of the `cases` catalogue (cases.tab.*) */
  label: MessageKey;
  permission?: Permission;
  /** Not offered on a case another institution shared (what it shows is not shared). */
  ownAgencyOnly?: boolean;
  features: Feature[];
  load: () => Promise<ComponentType<CaseTabProps>>;
}

/**
 * The case record's sections, in order. The case work recorded on a case — assessments, the case plan,
 * services, notes, consent, referrals — joins between the summary and the history, one entry each, once
 * its server routes exist (their labels are waiting in the catalogue: cases.tab.assessments …).
 */
export const CASE_TABS: CaseTab[] = [
  {
    key: 'summary',
    label: 'cases.tab.summary',
    features: ['orgTypes'],
    load: () => import('./summary-tab.tsx').then((m) => m.SummaryTab),
  },
  {
    key: 'assessments',
    label: 'cases.tab.assessments',
    permission: 'assessment:read',
    features: ['forms', 'assessments'],
    load: () => import('../assessments/assessments-tab.tsx').then((m) => m.AssessmentsTab),
  },
  {
    key: 'plan',
    label: 'cases.tab.plan',
    permission: 'case_plan:read',
    features: ['casePlan', 'approvals'],
    load: () => import('../case-plan/plan-tab.tsx').then((m) => m.CasePlanTab),
  },
  {
    key: 'approvals',
    label: 'cases.tab.approvals',
    features: ['approvals'],
    load: () => import('../approvals/approvals-tab.tsx').then((m) => m.CaseApprovalsTab),
  },
  {
    key: 'services',
    label: 'cases.tab.services',
    permission: 'service:read',
    features: ['services', 'orgTypes'],
    load: () => import('../services/services-tab.tsx').then((m) => m.ServicesTab),
  },
  {
    key: 'notes',
    label: 'cases.tab.notes',
    permission: 'case_note:read',
    features: ['notes'],
    load: () => import('../notes/notes-tab.tsx').then((m) => m.NotesTab),
  },
  {
    key: 'consent',
    label: 'cases.tab.consent',
    permission: 'consent:read',
    features: ['consent'],
    load: () => import('../consent/consent-tab.tsx').then((m) => m.ConsentTab),
  },
  {
    key: 'referrals',
    label: 'cases.tab.referrals',
    permission: 'referral:read',
    features: ['referrals', 'services'],
    load: () => import('../referrals/referrals-tab.tsx').then((m) => m.ReferralsTab),
  },
  {
    key: 'sharing',
    label: 'cases.tab.sharing',
    permission: 'case:read',
    features: ['sharing', 'access'],
    load: () => import('../sharing/sharing-tab.tsx').then((m) => m.SharingTab),
  },
  {
    key: 'attachments',
    label: 'cases.tab.attachments',
    permission: 'attachment:read',
    features: ['attachments', 'access'],
    load: () => import('../attachments/attachments-tab.tsx').then((m) => m.AttachmentsTab),
  },
  {
    key: 'history',
    label: 'cases.tab.history',
    features: ['orgTypes'],
    load: () => import('./log-tabs.tsx').then((m) => m.CaseHistoryTab),
  },
  {
    key: 'access',
    label: 'cases.tab.access',
    ownAgencyOnly: true,
    features: [],
    load: () => import('./log-tabs.tsx').then((m) => m.CaseAccessLogTab),
  },
  {
    key: 'restriction',
    label: 'cases.tab.restriction',
    permission: 'case:assign',
    features: [],
    load: () => import('./log-tabs.tsx').then((m) => m.CaseRestrictionTab),
  },
];
