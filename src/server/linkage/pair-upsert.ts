import { sql, type Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { LinkagePairTable } from './tables.ts';

export type NewPair = Insertable<LinkagePairTable>;

/**
 * Puts pairs in the review queue: a new pair waits for a decision, a pending one takes the new score and
 * explanation, and a decided pair keeps its decision and the score it was decided on.
 */
export async function upsertPairs(
  db: Executor,
  values: readonly NewPair[],
): Promise<{ id: string; inserted: boolean }[]> {
  if (values.length === 0) return [];
  return db
    .insertInto('linkage_pair')
    .values([...values])
    .onConflict((oc) =>
      oc
        .columns(['person_a', 'person_b'])
        .doUpdateSet((eb) => ({
          score: eb.ref('excluded.score'),
          probability: eb.ref('excluded.probability'),
          explanation: eb.ref('excluded.explanation'),
          model_version: eb.ref('excluded.model_version'),
          updated_at: sql<Date>`now()`,
        }))
        .where('linkage_pair.status', '=', 'pending'),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
}
