import { caseSummaryRoutes } from '../case-summary/routes.ts';
import type { RouteDefinition } from '../platform/http/route.ts';
import { attachmentRoutes as fileRoutes } from './routes.ts';

/** Attachments of cases and persons, and the printed case summary, registered together in src/server/routes.ts. */
export const attachmentRoutes: RouteDefinition[] = [...fileRoutes, ...caseSummaryRoutes];
