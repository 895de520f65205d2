import type { RouteDefinition } from '../platform/http/route.ts';
import { consentRoutes } from '../consent/routes.ts';
import { caseNoteRoutes } from '../notes/routes.ts';
import { caseReferralRoutes } from '../referrals/case-referrals.ts';
import { referralRoutes } from '../referrals/routes.ts';
import { serviceProviderRoutes } from './directory.ts';
import { caseServiceRoutes } from './routes.ts';

/** The work recorded on a case — services, notes, consent, referrals — registered in src/server/routes.ts. */
export const caseWorkRoutes: RouteDefinition[] = [
  ...serviceProviderRoutes,
  ...caseServiceRoutes,
  ...caseNoteRoutes,
  ...consentRoutes,
  ...referralRoutes,
  ...caseReferralRoutes,
];
