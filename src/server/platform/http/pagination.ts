import { sql, type Compilable, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import { pageWithCount } from '../db/together.ts';

export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

export const paginated = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const offsetOf = (query: { page: number; pageSize: number }) => (query.page - 1) * query.pageSize;

/**
 * A page of a list whose total is counted only up to a cap (LIST_TOTAL_CAP, docs/decisions/0013): an exact
 * count of hundreds of thousands of rows costs more than the page itself.
 */
export const cappedPaginated = <T extends z.ZodType>(item: T) =>
  paginated(item).extend({
    total: z
      .number()
      .int()
      .describe('El número de elementos; con totalCapped, el límite del conteo (hay más que total).'),
    totalCapped: z
      .boolean()
      .describe(
        'true: el conteo se detuvo en el límite y hay más de `total` elementos; false: total exacto.',
      ),
  });

export interface CappedTotal {
  total: number;
  totalCapped: boolean;
}

/**
 * A page of a list (`pageQuery`, read from `base` at `page.offset`) and its total, read together in one
 * round trip. The total is counted only up to `cap` (LIST_TOTAL_CAP, docs/decisions/0013): more is reported
 * as `cap` with `totalCapped`. A page that is not full ends the list, so it tells the exact total itself.
 */
export async function pageWithCappedTotal<Row>(
  db: Executor,
  pageQuery: Compilable<Row>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table set and selection
  base: SelectQueryBuilder<any, any, any>,
  page: { limit: number; offset: number },
  cap: number,
): Promise<{ rows: Row[] } & CappedTotal> {
  const [rows, { n }] = await pageWithCount(db, pageQuery, countUpToQuery(db, base, cap + 1));
  if (rows.length < page.limit && (rows.length > 0 || page.offset === 0))
    return { rows, total: page.offset + rows.length, totalCapped: false };
  return { rows, ...(n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false }) };
}

/** The number of rows of a query (its FROM and WHERE; the select list is replaced), counting at most `limit`. */
export async function countRowsUpTo(
  db: Executor,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table set and selection
  query: SelectQueryBuilder<any, any, any>,
  limit: number,
): Promise<number> {
  return (await countUpToQuery(db, query, limit).executeTakeFirstOrThrow()).n;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table set and selection
function countUpToQuery(db: Executor, query: SelectQueryBuilder<any, any, any>, limit: number) {
  const rows = query
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(limit);
  return db.selectNoFrom(sql<number>`(SELECT count(*)::int FROM (${rows}) AS capped)`.as('n'));
}
