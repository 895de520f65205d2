import { isUuid } from '../core/ids.ts';
import type { Executor } from '../server/platform/db/database.ts';

export interface AgencyChoice {
  id: string;
  name: string;
}

/** Every agency, by name: what an --agency option can name. */
export const agencyChoices = (db: Executor): Promise<AgencyChoice[]> =>
  db.selectFrom('agency').select(['id', 'name']).orderBy('name').execute();

/** The agency an --agency option names: by its id, or by its name (case and surrounding spaces ignored). */
export const agencyNamed = (agencies: AgencyChoice[], given: string): AgencyChoice | undefined =>
  agencies.find((a) =>
    isUuid(given) ? a.id === given.toLowerCase() : a.name.toLowerCase() === given.trim().toLowerCase(),
  );
