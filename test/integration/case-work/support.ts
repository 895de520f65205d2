import type { Permission, Scope, SensitivityClass } from '../../../src/core/access/catalogue.ts';
import { SENSITIVITY_CLASSES } from '../../../src/core/access/catalogue.ts';
import type { TestApp } from '../../support/test-app.ts';
import { CASE_WORK, staff, type Staff } from '../cases/support.ts';

/** Fixtures of the case-work tests (services, notes, consent, referrals), over those of the case core. */

export const CASE_WORK_PERMISSIONS: Permission[] = [
  ...CASE_WORK,
  'service:read',
  'service:write',
  'case_note:read',
  'case_note:write',
  'consent:read',
  'consent:write',
  'referral:read',
  'referral:write',
];

/** A user of the agency with the case-work permissions (plus `extra`) and the given clearances. */
export function caseWorker(
  t: TestApp,
  agencyId: string,
  spec: {
    scope?: Scope;
    clearances?: readonly SensitivityClass[];
    extra?: Permission[];
    permissions?: Permission[];
    teamIds?: string[];
    programmeId?: string;
  } = {},
): Promise<Staff> {
  return staff(t, {
    agencyId,
    scope: spec.scope ?? 'agency',
    permissions: spec.permissions ?? [...CASE_WORK_PERMISSIONS, ...(spec.extra ?? [])],
    clearances: spec.clearances ?? SENSITIVITY_CLASSES,
    ...(spec.teamIds && { teamIds: spec.teamIds }),
    ...(spec.programmeId && { programmeId: spec.programmeId }),
  });
}

/** YYYY-MM-DD `years` years (and `days` days) before today. */
export function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const today = () => new Date().toISOString().slice(0, 10);

export const FULL_CHECKLIST = {
  toldPurpose: true,
  toldUses: true,
  toldResearchUse: true,
  toldRightToRequestData: true,
  toldRetentionPeriod: true,
  toldHowToWithdraw: true,
};

/** A consent body: granted today by a guardian with the whole checklist, unless overridden. */
export const consentBody = (over: Record<string, unknown> = {}) => ({
  purpose: 'services',
  givenBy: 'guardian',
  giverName: 'Rosa Caal',
  giverRelationship: 'mother',
  givenOn: today(),
  checklist: FULL_CHECKLIST,
  ...over,
});
