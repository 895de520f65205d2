import { identityDocumentRoutes } from '../persons/identity-documents.ts';
import { relationRoutes } from '../persons/relations.ts';
import { personCoreRoutes } from '../persons/routes.ts';
import { personSearchRoutes } from '../persons/search.ts';
import type { RouteDefinition } from '../platform/http/route.ts';
import { emergencyRoutes } from './emergency.ts';
import { myWorkRoutes } from './my-work.ts';
import { caseCoreRoutes } from './routes.ts';
import { caseWorkflowRoutes } from './workflow.ts';

/** The person registry and the case core, registered together in src/server/routes.ts. */
export const caseManagementRoutes: RouteDefinition[] = [
  ...personSearchRoutes,
  ...personCoreRoutes,
  ...relationRoutes,
  ...identityDocumentRoutes,
  ...caseWorkflowRoutes,
  ...caseCoreRoutes,
  ...emergencyRoutes,
  ...myWorkRoutes,
];
