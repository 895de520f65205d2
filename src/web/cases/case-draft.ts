import type { FieldClass } from '../../core/access/catalogue.ts';
import { CASE_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { changedFields } from '../api/client.ts';
import type { Case } from './types.ts';

/** A case's editable fields as the open and edit forms hold them, and their conversion to the API's input. */
export interface CaseDraft {
  caseType: string;
  referralOrgType: string;
  referralOrgName: string;
  referredOn: string;
  riskLevel: string;
  riskReasons: string[];
  riskNotes: string;
  hasMeasure: boolean;
  court: string;
  fileNumber: string;
  pgnOffice: string;
  measureType: string;
  orderDate: string;
  reviewDate: string;
  endDate: string;
}

export const emptyCaseDraft = (): CaseDraft => ({
  caseType: '',
  referralOrgType: '',
  referralOrgName: '',
  referredOn: '',
  riskLevel: '',
  riskReasons: [],
  riskNotes: '',
  hasMeasure: false,
  court: '',
  fileNumber: '',
  pgnOffice: '',
  measureType: '',
  orderDate: '',
  reviewDate: '',
  endDate: '',
});

export function caseDraftOf(kase: Case): CaseDraft {
  const measure = kase.protectionMeasure ?? null;
  return {
    caseType: kase.caseType,
    referralOrgType: kase.referralSource?.orgType ?? '',
    referralOrgName: kase.referralSource?.organisationName ?? '',
    referredOn: kase.referralSource?.referredOn ?? '',
    riskLevel: kase.riskLevel ?? '',
    riskReasons: kase.riskReasons ?? [],
    riskNotes: kase.riskNotes ?? '',
    hasMeasure: measure !== null,
    court: measure?.court ?? '',
    fileNumber: measure?.fileNumber ?? '',
    pgnOffice: measure?.pgnOffice ?? '',
    measureType: measure?.measureType ?? '',
    orderDate: measure?.orderDate ?? '',
    reviewDate: measure?.reviewDate ?? '',
    endDate: measure?.endDate ?? '',
  };
}

const text = (value: string) => value.trim() || null;

export function caseInputOf(draft: CaseDraft): Record<string, unknown> {
  return {
    caseType: draft.caseType,
    referralSource: draft.referralOrgType
      ? {
          orgType: draft.referralOrgType,
          organisationName: text(draft.referralOrgName),
          referredOn: draft.referredOn || null,
        }
      : null,
    riskLevel: draft.riskLevel || null,
    riskReasons: draft.riskReasons,
    riskNotes: text(draft.riskNotes),
    protectionMeasure: draft.hasMeasure
      ? {
          court: draft.court.trim(),
          fileNumber: draft.fileNumber.trim(),
          pgnOffice: text(draft.pgnOffice),
          measureType: draft.measureType,
          orderDate: draft.orderDate,
          reviewDate: draft.reviewDate || null,
          endDate: draft.endDate || null,
        }
      : null,
  };
}

const classOf = (field: string): FieldClass =>
  (CASE_FIELD_CLASSES as Record<string, FieldClass>)[field] ?? 'general';

/** A new case's fields: those filled in that the user may write. */
export function caseCreationInput(
  draft: CaseDraft,
  cleared: (fieldClass: FieldClass) => boolean,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(caseInputOf(draft)).filter(
      ([field, value]) =>
        value !== null && !(Array.isArray(value) && value.length === 0) && cleared(classOf(field)),
    ),
  );
}

/** An edit: only what changed, never a field the server withheld. */
export function caseUpdateInput(kase: Case, draft: CaseDraft): Record<string, unknown> {
  const changes = changedFields(caseInputOf(caseDraftOf(kase)), caseInputOf(draft));
  return Object.fromEntries(Object.entries(changes).filter(([field]) => !kase.redacted.includes(field)));
}
