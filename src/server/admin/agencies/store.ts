import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { AgencyOut } from './schemas.ts';

const columns = ['id', 'name', 'short_name', 'org_type', 'active', 'version'] as const;

interface AgencyRow {
  id: string;
  name: string;
  short_name: string | null;
  org_type: string;
  active: boolean;
  version: number;
}

export const presentAgency = (row: AgencyRow): AgencyOut => ({
  id: row.id,
  name: row.name,
  shortName: row.short_name,
  orgType: row.org_type,
  active: row.active,
  version: row.version,
});

/** An agency the scope reaches (`confinedTo` undefined: any), optionally locked for an update. */
export async function findAgency(
  db: Executor,
  confinedTo: string | undefined,
  id: string,
  forUpdate = false,
): Promise<AgencyRow | undefined> {
  let query = db.selectFrom('agency').select(columns).where('id', '=', id);
  if (confinedTo) query = query.where('id', '=', confinedTo);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listAgencies(
  db: Executor,
  filter: { confinedTo: string | undefined; active?: boolean },
  page: { limit: number; offset: number },
): Promise<{ rows: AgencyRow[]; total: number }> {
  let base = db.selectFrom('agency');
  if (filter.confinedTo) base = base.where('id', '=', filter.confinedTo);
  if (filter.active !== undefined) base = base.where('active', '=', filter.active);
  const [rows, count] = await Promise.all([
    base.select(columns).orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}
