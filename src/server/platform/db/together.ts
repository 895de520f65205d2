import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';
import { TOGETHER, type GroupMember } from './transaction-pipeline.ts';

type RowsOf<Queries> = {
  [K in keyof Queries]: Exclude<Queries[K], undefined> extends Compilable<infer Row> ? Row[] : [];
};

/**
 * Runs independent reads in one round trip: their statements are written to PostgreSQL at once and answered
 * by one Sync, in the order given, inside the caller's transaction. Kysely alone waits for each statement's
 * answer before it sends the next, even for reads awaited together. A query left out (`undefined`) reads no
 * rows; an error in one fails them all.
 */
export async function together<const Queries extends readonly (Compilable<unknown> | undefined)[]>(
  db: Executor,
  queries: Queries,
): Promise<RowsOf<Queries>> {
  const present = queries.filter((query) => query !== undefined);
  const members: GroupMember[] = present.map((query) => {
    const { sql, parameters } = query.compile();
    return { text: sql, values: parameters };
  });
  const rows = members.length > 0 ? (await db.executeQuery(CompiledQuery.raw(TOGETHER, members))).rows : [];
  let next = 0;
  return queries.map((query) => (query === undefined ? [] : rows[next++])) as RowsOf<Queries>;
}

/** A page of rows and the one row counting the whole selection, read in one round trip. */
export async function pageWithCount<Row, Count>(
  db: Executor,
  page: Compilable<Row>,
  count: Compilable<Count>,
): Promise<[Row[], Count]> {
  const [rows, [counted]] = await together(db, [page, count]);
  if (counted === undefined) throw new Error('pageWithCount: the count returned no row');
  return [rows, counted];
}
