import { adminRoutes } from './admin/routes.ts';
import { assessmentAndPlanRoutes } from './assessments/all-routes.ts';
import { attachmentRoutes } from './attachments/all-routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { caseManagementRoutes } from './cases/all-routes.ts';
import { caseWorkRoutes } from './services/case-work.ts';
import { dueRuleRoutes } from './due-rules/routes.ts';
import { placementRoutes } from './cases/placements.ts';
import { identityRoutes } from './identity/routes.ts';
import { linkageRoutes } from './linkage/routes.ts';
import { personPhotoRoutes } from './persons/photo-routes.ts';
import type { RouteDefinition } from './platform/http/route.ts';
import { referenceRoutes } from './reference/routes.ts';
import { sharingRoutes } from './sharing/routes.ts';
import { systemRoutes } from './system/routes.ts';

/** Every feature's routes; each is registered through the one request flow (platform/http/route.ts). */
export const featureRoutes: RouteDefinition[] = [
  ...systemRoutes,
  ...auditRoutes,
  ...adminRoutes,
  ...identityRoutes,
  ...referenceRoutes,
  ...dueRuleRoutes,
  ...caseManagementRoutes,
  ...assessmentAndPlanRoutes,
  ...caseWorkRoutes,
  ...attachmentRoutes,
  ...personPhotoRoutes,
  ...placementRoutes,
  ...linkageRoutes,
  ...sharingRoutes,
];
