import { CASE_STATUSES, HTCDS_CASE_STATUSES } from '../../core/cases/status.ts';
import {
  CASE_TYPES,
  CLOSURE_KINDS,
  PROTECTION_MEASURE_TYPES,
  RISK_LEVELS,
  RISK_REASONS,
} from '../../core/cases/vocabulary.ts';
import { DEFAULT_DUE_RULES } from '../../core/cases/due-dates.ts';
import { vocabularyLabel, vocabularyOptions, type Translate } from '../persons/vocabulary.ts';

/** Audit actions that name a person or a case, as the access log shows them. */
export const RECORD_ACTIONS = [
  'person.read',
  'person.list',
  'person.searched',
  'person.matched',
  'person.created',
  'person.updated',
  'person.history_read',
  'person.access_log_read',
  'person.restricted',
  'person.unrestricted',
  'person_relation.list',
  'person_relation.created',
  'person_relation.updated',
  'identity_document.list',
  'identity_document.created',
  'identity_document.updated',
  'case.read',
  'case.list',
  'case.my_work',
  'case.created',
  'case.updated',
  'case.status_changed',
  'case.closed',
  'case.reopened',
  'case.reassigned',
  'case.history_read',
  'case.access_log_read',
  'case.restricted',
  'case.unrestricted',
  'case.emergency_access',
  'emergency_access.reviewed',
  'authz.denied',
] as const;

/** Closed vocabularies of a case, by the prefix of their labels in the `cases` catalogue. */
export const CASE_VOCABULARIES = {
  'cases.caseType': CASE_TYPES,
  'cases.status': CASE_STATUSES,
  'cases.htcds': HTCDS_CASE_STATUSES,
  'cases.riskLevel': RISK_LEVELS,
  'cases.riskReason': RISK_REASONS,
  'cases.measureType': PROTECTION_MEASURE_TYPES,
  'cases.closureKind': CLOSURE_KINDS,
  'cases.due': DEFAULT_DUE_RULES.map((rule) => rule.key),
  'cases.action': RECORD_ACTIONS,
} as const;

type CaseVocabulary = keyof typeof CASE_VOCABULARIES;

export const caseLabel = (t: Translate, vocabulary: CaseVocabulary, value: string | null | undefined) =>
  vocabularyLabel(t, vocabulary, value);

export const caseOptions = (t: Translate, vocabulary: CaseVocabulary) =>
  vocabularyOptions(t, vocabulary, CASE_VOCABULARIES[vocabulary]);
