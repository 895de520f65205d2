import type { ProgrammeKind } from '../../../core/access/catalogue.ts';
import type { RowOf } from '../../platform/db/rows.ts';
import { scopedStore } from '../scoped-store.ts';
import type { ProgrammeOut } from './schemas.ts';

export const programmeColumns = ['id', 'agency_id', 'kind', 'name', 'active', 'version'] as const;

export type ProgrammeRow = RowOf<'programme', typeof programmeColumns>;

export const presentProgramme = (row: ProgrammeRow): ProgrammeOut => ({
  id: row.id,
  agencyId: row.agency_id,
  kind: row.kind as ProgrammeKind,
  name: row.name,
  active: row.active,
  version: row.version,
});

export const { find: findProgramme, list: listProgrammes } = scopedStore({
  from: (db) => db.selectFrom('programme'),
  agencyColumn: 'agency_id',
  select: (query) => query.select(programmeColumns),
  order: (query) => query.orderBy('name').orderBy('id'),
});
