import type { Selectable } from 'kysely';
import type { Database } from './database.ts';

/** The row that selecting `columns` (a const list) from `table` returns. */
export type RowOf<TB extends keyof Database, C extends readonly (keyof Selectable<Database[TB]>)[]> = Pick<
  Selectable<Database[TB]>,
  C[number]
>;

/**
 * The columns an update sets from the fields a request gives: `columns` maps a field to its column; fields
 * left undefined are left as they are (null is a value: it clears the column).
 */
export function givenColumns<B extends object, const M extends { [F in keyof B]?: string }>(
  body: B,
  columns: M,
): { [F in keyof M & keyof B as M[F] & string]?: Exclude<B[F], undefined> } {
  const values = body as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(columns as Record<string, string>)
      .filter(([field]) => values[field] !== undefined)
      .map(([field, column]) => [column, values[field]]),
  ) as never;
}
