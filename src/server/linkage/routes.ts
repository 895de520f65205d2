import { linkageContactRoutes } from './contacts.ts';
import { mergeRoutes } from './merges.ts';
import { queueRoutes } from './queue.ts';
import { registrationRoutes } from './registration.ts';
import { tracingRoutes } from './tracing.ts';

/** Record linkage in use: registration check, review queue, merges, family tracing, agency contact. */
export const linkageRoutes = [
  ...registrationRoutes,
  ...queueRoutes,
  ...mergeRoutes,
  ...tracingRoutes,
  ...linkageContactRoutes,
];
