import type { RowOf } from '../../platform/db/rows.ts';
import { scopedStore } from '../scoped-store.ts';
import type { AgencyOut } from './schemas.ts';

export const agencyColumns = ['id', 'name', 'short_name', 'org_type', 'active', 'version'] as const;

export type AgencyRow = RowOf<'agency', typeof agencyColumns>;

export const presentAgency = (row: AgencyRow): AgencyOut => ({
  id: row.id,
  name: row.name,
  shortName: row.short_name,
  orgType: row.org_type,
  active: row.active,
  version: row.version,
});

export const { find: findAgency, list: listAgencies } = scopedStore({
  from: (db) => db.selectFrom('agency'),
  agencyColumn: 'id',
  select: (query) => query.select(agencyColumns),
  order: (query) => query.orderBy('name').orderBy('id'),
});
