import { DEFAULT_ROLES } from '../../core/access/default-roles.ts';
import type { Db } from './db/database.ts';

/** Inserts the shipped roles that are missing; roles an administrator changed are left as they are. */
export async function ensureDefaultRoles(db: Db): Promise<void> {
  await db
    .insertInto('role')
    .values(
      DEFAULT_ROLES.map((role) => ({
        key: role.key,
        name_es: role.name['es-GT'],
        name_en: role.name.en,
        purpose_es: role.purpose['es-GT'],
        purpose_en: role.purpose.en,
        scope: role.scope,
        permissions: role.permissions,
        clearances: role.clearances,
        requires_two_factor: role.requiresTwoFactor,
        aggregates_only: role.aggregatesOnly ?? false,
        built_in: true,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
