// The case API's shapes, taken from the server's response schemas (types only).
import type { z } from 'zod';
import type { placementsSchema } from '../../server/cases/placements.ts';
import type { myWorkSchema } from '../../server/cases/schemas.ts';

export type { CaseOut as Case, EmergencyAccessOut as EmergencyAccess } from '../../server/cases/schemas.ts';
export type MyWork = z.infer<typeof myWorkSchema>;
export type Placements = z.infer<typeof placementsSchema>;
