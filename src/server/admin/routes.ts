import type { RouteDefinition } from '../platform/http/route.ts';
import { agencyRoutes } from './agencies/routes.ts';
import { programmeRoutes } from './programmes/routes.ts';
import { roleRoutes } from './roles/routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { userRoutes } from './users/routes.ts';

/** Administration: agencies, programmes, teams, roles and user accounts. */
export const adminRoutes: RouteDefinition[] = [
  ...agencyRoutes,
  ...programmeRoutes,
  ...teamRoutes,
  ...roleRoutes,
  ...userRoutes,
];
