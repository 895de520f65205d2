import { listUrl } from '../admin/lookups.ts';
import type { Approval } from './types.ts';

/** Where a request is decided: a plan beside the plan itself, a closure in the case's approvals tab. */
export const decisionHref = (caseId: string, kind: Approval['subjectType']) =>
  listUrl(`/cases/${caseId}`, { tab: kind === 'plan' ? 'plan' : 'approvals' });
