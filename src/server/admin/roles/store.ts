import type { Scope } from '../../../core/access/catalogue.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { RowOf } from '../../platform/db/rows.ts';
import type { RoleOut } from './schemas.ts';

export const roleColumns = [
  'id',
  'key',
  'name_es',
  'name_en',
  'purpose_es',
  'purpose_en',
  'scope',
  'permissions',
  'clearances',
  'requires_two_factor',
  'aggregates_only',
  'built_in',
  'agency_id',
  'version',
] as const;

export type RoleRow = RowOf<'role', typeof roleColumns>;

export const presentRole = (row: RoleRow): RoleOut => ({
  id: row.id,
  key: row.key,
  name: { 'es-GT': row.name_es, en: row.name_en },
  purpose: { 'es-GT': row.purpose_es, en: row.purpose_en },
  scope: row.scope as Scope,
  permissions: row.permissions,
  clearances: row.clearances,
  requiresTwoFactor: row.requires_two_factor,
  aggregatesOnly: row.aggregates_only,
  builtIn: row.built_in,
  agencyId: row.agency_id,
  version: row.version,
});

/** Roles an agency sees: shared ones (no agency) and its own custom roles; every role when unconfined. */
export async function listRoles(db: Executor, confinedTo: string | undefined): Promise<RoleRow[]> {
  let query = db.selectFrom('role').select(roleColumns);
  if (confinedTo)
    query = query.where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', confinedTo)]));
  return query.orderBy('built_in', 'desc').orderBy('key').execute();
}

export async function findRole(
  db: Executor,
  confinedTo: string | undefined,
  id: string,
  forUpdate = false,
): Promise<RoleRow | undefined> {
  let query = db.selectFrom('role').select(roleColumns).where('id', '=', id);
  if (confinedTo)
    query = query.where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', confinedTo)]));
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Users holding a role (in any programme). */
export async function holdersOf(db: Executor, roleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_role')
    .select('user_id')
    .distinct()
    .where('role_id', '=', roleId)
    .execute();
  return rows.map((r) => r.user_id);
}
