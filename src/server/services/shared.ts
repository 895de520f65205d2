import type { Executor } from '../platform/db/database.ts';

/** Helpers shared by the case-work features (services, notes, consent, referrals). */

export interface UserRef {
  id: string;
  displayName: string;
}

/** Display names of users, by id, with one query. */
export async function userRefs(db: Executor, ids: Array<string | null>): Promise<Map<string, UserRef>> {
  const distinct = [...new Set(ids.filter((id): id is string => id !== null))];
  if (distinct.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', distinct)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));
}

export const refOf = (refs: Map<string, UserRef>, id: string | null): UserRef | null =>
  id ? (refs.get(id) ?? null) : null;
