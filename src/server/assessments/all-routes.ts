import { approvalRoutes } from '../approvals/routes.ts';
import { casePlanRoutes } from '../case-plans/routes.ts';
import type { RouteDefinition } from '../platform/http/route.ts';
import { assessmentRoutes } from './routes.ts';
import { formRoutes } from './forms.ts';

/** Form definitions, assessments, case plans and approvals, registered together in src/server/routes.ts. */
export const assessmentAndPlanRoutes: RouteDefinition[] = [
  ...formRoutes,
  ...assessmentRoutes,
  ...casePlanRoutes,
  ...approvalRoutes,
];
