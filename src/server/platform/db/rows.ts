import type { Selectable } from 'kysely';
import type { Database } from './database.ts';

/** The row that selecting `columns` (a const list) from `table` returns. */
export type RowOf<TB extends keyof Database, C extends readonly (keyof Selectable<Database[TB]>)[]> = Pick<
  Selectable<Database[TB]>,
  C[number]
>;
