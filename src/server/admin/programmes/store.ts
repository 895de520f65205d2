import { sql } from 'kysely';
import type { ProgrammeKind } from '../../../core/access/catalogue.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { ProgrammeOut } from './schemas.ts';

export const programmeColumns = ['id', 'agency_id', 'kind', 'name', 'active', 'version'] as const;

interface ProgrammeRow {
  id: string;
  agency_id: string;
  kind: string;
  name: string;
  active: boolean;
  version: number;
}

export const presentProgramme = (row: ProgrammeRow): ProgrammeOut => ({
  id: row.id,
  agencyId: row.agency_id,
  kind: row.kind as ProgrammeKind,
  name: row.name,
  active: row.active,
  version: row.version,
});

export async function findProgramme(
  db: Executor,
  confinedTo: string | undefined,
  id: string,
  forUpdate = false,
): Promise<ProgrammeRow | undefined> {
  let query = db.selectFrom('programme').select(programmeColumns).where('id', '=', id);
  if (confinedTo) query = query.where('agency_id', '=', confinedTo);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listProgrammes(
  db: Executor,
  filter: { agencyIds: string[]; active?: boolean },
  page: { limit: number; offset: number },
): Promise<{ rows: ProgrammeRow[]; total: number }> {
  let base = db.selectFrom('programme');
  for (const agencyId of filter.agencyIds) base = base.where('agency_id', '=', agencyId);
  if (filter.active !== undefined) base = base.where('active', '=', filter.active);
  const [rows, count] = await Promise.all([
    base
      .select(programmeColumns)
      .orderBy('name')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}
