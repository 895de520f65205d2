import type { Executor } from '../platform/db/database.ts';

/** Helpers shared by the case-work features (services, notes, consent, referrals). */

export interface UserRef {
  id: string;
  displayName: string;
}

/** The display names of the users (see userRefsOf); undefined when there is no one to name. */
export function userRefsQuery(db: Executor, ids: Array<string | null>) {
  const distinct = [...new Set(ids.filter((id): id is string => id !== null))];
  if (distinct.length === 0) return undefined;
  return db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', distinct);
}

export const userRefsOf = (rows: { id: string; display_name: string }[]): Map<string, UserRef> =>
  new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name }]));

/** Display names of users, by id, with one query. */
export async function userRefs(db: Executor, ids: Array<string | null>): Promise<Map<string, UserRef>> {
  return userRefsOf((await userRefsQuery(db, ids)?.execute()) ?? []);
}

export const refOf = (refs: Map<string, UserRef>, id: string | null): UserRef | null =>
  id ? (refs.get(id) ?? null) : null;
