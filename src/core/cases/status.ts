import type { ClosureKind } from './vocabulary.ts';

/**
 * The case-management cycle (Inter-Agency Guidelines for Case Management & Child Protection, 2014):
 * registration → assessment → case plan → implementation → follow-up → closure, with reopen.
 */
export const CASE_STATUSES = [
  'registration',
  'assessment',
  'case_plan',
  'implementation',
  'follow_up',
  'closure',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const HTCDS_CASE_STATUSES = ['Active', 'FollowUp', 'Closed', 'ClosedReferred'] as const;
export type HtcdsCaseStatus = (typeof HTCDS_CASE_STATUSES)[number];

/**
 * Where a case may go from each status. Forward one step; back one step to redo work (a plan that needs a
 * new assessment, an implementation whose plan must be revised, a follow-up that needs services again);
 * closure from any open status; reopening a closed case starts again at assessment.
 */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  registration: ['assessment', 'closure'],
  assessment: ['case_plan', 'closure'],
  case_plan: ['implementation', 'assessment', 'closure'],
  implementation: ['follow_up', 'case_plan', 'closure'],
  follow_up: ['implementation', 'closure'],
  closure: ['assessment'],
};

const ORDER = new Map<CaseStatus, number>(CASE_STATUSES.map((s, i) => [s, i]));

export const allowedTransitions = (from: CaseStatus): readonly CaseStatus[] => TRANSITIONS[from];

export const isOpen = (status: CaseStatus) => status !== 'closure';

export type TransitionKind = 'forward' | 'back' | 'close' | 'reopen';

export function transitionKind(from: CaseStatus, to: CaseStatus): TransitionKind {
  if (to === 'closure') return 'close';
  if (from === 'closure') return 'reopen';
  return ORDER.get(to)! > ORDER.get(from)! ? 'forward' : 'back';
}

export type TransitionProblem =
  'same_status' | 'not_allowed' | 'reason_required' | 'closure_kind_required' | 'closure_kind_unexpected';

export interface TransitionRequest {
  from: CaseStatus;
  to: CaseStatus;
  reason?: string | null;
  closureKind?: ClosureKind | null;
}

/**
 * Checks a status change. A reason is required to close, to reopen and to go back a step (the record must
 * say why work is being redone); closing also requires the kind of closure, which decides the HTCDS status.
 * Returns the problems found (empty: allowed). Permissions (who may close) are the server's concern.
 */
export function checkTransition({ from, to, reason, closureKind }: TransitionRequest): TransitionProblem[] {
  if (from === to) return ['same_status'];
  if (!TRANSITIONS[from].includes(to)) return ['not_allowed'];
  const problems: TransitionProblem[] = [];
  const kind = transitionKind(from, to);
  if (kind !== 'forward' && !reason?.trim()) problems.push('reason_required');
  if (kind === 'close' && !closureKind) problems.push('closure_kind_required');
  if (kind !== 'close' && closureKind) problems.push('closure_kind_unexpected');
  return problems;
}

/** HTCDS cas_Status, derived: open statuses are Active except follow-up; a referral or transfer closes as ClosedReferred. */
export function htcdsStatus(status: CaseStatus, closureKind?: ClosureKind | null): HtcdsCaseStatus {
  if (status === 'follow_up') return 'FollowUp';
  if (status !== 'closure') return 'Active';
  return closureKind === 'referred' || closureKind === 'transferred' ? 'ClosedReferred' : 'Closed';
}
