import type { HttpClient } from '../../support/http-client.ts';
import type { TestApp } from '../../support/test-app.ts';

/** Every reference entry's code, version, Spanish name and active flag: to show nothing was written. */
export const referenceSnapshot = async (t: TestApp) =>
  (
    await t.superuser.query(
      `SELECT 'place' AS t, code, version, name_es, active FROM place
       UNION ALL SELECT 'language', code, version, name_es, active FROM language
       UNION ALL SELECT 'pueblo', code, version, name_es, active FROM pueblo
       UNION ALL SELECT 'country', code, version, name_es, active FROM country ORDER BY 1, 2`,
    )
  ).rows;

/** Reference lists are installation-wide: only setting:manage over every agency changes them. */
export async function signedInReferenceAdmin(
  t: TestApp,
  agencyId: string,
): Promise<{ id: string; client: HttpClient }> {
  const role = await t.createRole({ scope: 'all', permissions: ['setting:read', 'setting:manage'] });
  const user = await t.createUser({ agencyId, roles: [role] });
  return { id: user.id, client: await t.signedIn(user) };
}
