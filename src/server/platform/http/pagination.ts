import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/database.ts';

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
 * The total of a list of which one page was read (`found` rows at `page.offset`). A page that is not full
 * ends the list, so it tells the exact total without counting; otherwise `countUpTo(cap + 1)` counts at most
 * that many rows, and more than `cap` is reported as `cap` with `totalCapped`.
 */
export async function cappedTotal(
  found: number,
  page: { limit: number; offset: number },
  cap: number,
  countUpTo: (limit: number) => Promise<number>,
): Promise<CappedTotal> {
  if (found < page.limit && (found > 0 || page.offset === 0))
    return { total: page.offset + found, totalCapped: false };
  const counted = await countUpTo(cap + 1);
  return counted > cap ? { total: cap, totalCapped: true } : { total: counted, totalCapped: false };
}

/** The number of rows of a query (its FROM and WHERE; the select list is replaced), counting at most `limit`. */
export async function countRowsUpTo(
  db: Executor,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table set and selection
  query: SelectQueryBuilder<any, any, any>,
  limit: number,
): Promise<number> {
  const rows = query
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(limit);
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${rows}) AS capped`.execute(db);
  return result.rows[0]!.n;
}
