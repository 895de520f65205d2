import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../platform/db/database.ts';
import { pageWithCount } from '../platform/db/together.ts';

/**
 * Reads of an administrative table (agency, programme, team, app_user) confined to agencies: one record by
 * id, and a page of records filtered on agency, `active` and a search term. The table supplies only its
 * own query parts.
 */

export interface Page {
  limit: number;
  offset: number;
}

export interface ListFilter {
  /** Rows must belong to every agency listed (the actor's own, the one asked for). */
  agencyIds: string[];
  active?: boolean;
  /** A search term, for tables that say how to search. */
  q?: string;
}

type Query<TB extends keyof Database, O> = SelectQueryBuilder<Database, TB, O>;

export function scopedStore<TB extends keyof Database, Row>(spec: {
  from: (db: Executor) => Query<TB, object>;
  /** The column naming a row's agency ('id' for the agencies themselves). */
  agencyColumn: 'id' | 'agency_id';
  select: (query: Query<TB, object>) => Query<TB, Row>;
  order: (query: Query<TB, Row>) => Query<TB, Row>;
  search?: (query: Query<TB, object>, term: string) => Query<TB, object>;
}) {
  const inAgencies = <O>(query: Query<TB, O>, agencyIds: string[]) =>
    agencyIds.reduce((q, agencyId) => q.where(sql.ref(spec.agencyColumn), '=', agencyId), query);

  return {
    /** A record of the agency it is confined to (undefined: any agency), optionally locked for an update. */
    find: (
      db: Executor,
      confinedTo: string | undefined,
      id: string,
      forUpdate = false,
    ): Promise<Row | undefined> => {
      const query = inAgencies(
        spec.select(spec.from(db)).where(sql.ref('id'), '=', id),
        confinedTo ? [confinedTo] : [],
      );
      return (forUpdate ? query.forUpdate() : query).executeTakeFirst() as Promise<Row | undefined>;
    },

    /** One page of the filtered records and how many there are in all. */
    list: async (db: Executor, filter: ListFilter, page: Page): Promise<{ rows: Row[]; total: number }> => {
      let base = inAgencies(spec.from(db), filter.agencyIds);
      if (filter.active !== undefined) base = base.where(sql.ref('active'), '=', filter.active);
      if (filter.q && spec.search) base = spec.search(base, filter.q);
      const [rows, count] = await pageWithCount(
        db,
        spec.order(spec.select(base)).limit(page.limit).offset(page.offset),
        base.select(sql<number>`count(*)::int`.as('n')),
      );
      return { rows: rows as Row[], total: count.n };
    },
  };
}
