import type { Agency, Page, Programme, Role, Team } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import type { Locale } from '../i18n/i18n.ts';
import { useSession } from '../session/session.tsx';

// Reference lists the administration screens show names from; each only when the user may read it.
const ALL = { pageSize: 200 };

export function useRoles() {
  const { can } = useSession();
  return useApi<{ items: Role[] }>(can('role:read') ? '/api/roles' : null);
}

export function useProgrammes() {
  const { can } = useSession();
  return useApi<Page<Programme>>(can('programme:read') ? '/api/programmes' : null, ALL);
}

export function useTeams() {
  const { can } = useSession();
  return useApi<Page<Team>>(can('team:read') ? '/api/teams' : null, ALL);
}

export function useAgencies() {
  const { can } = useSession();
  return useApi<Page<Agency>>(can('agency:read') ? '/api/agencies' : null, ALL);
}

export const roleName = (role: Pick<Role, 'key' | 'name'>, locale: Locale) =>
  role.name[locale] || role.name['es-GT'] || role.key;

export const rolePurpose = (role: Pick<Role, 'purpose'>, locale: Locale) =>
  role.purpose[locale] || role.purpose['es-GT'];

/** Id → item, for showing names in tables. */
export const byId = <T extends { id: string }>(items: T[] | undefined) =>
  new Map((items ?? []).map((item) => [item.id, item]));

/** The page number from a ?page= value (1 when absent or not a number). */
export const pageFrom = (value: string | undefined) => Math.max(1, Math.floor(Number(value)) || 1);

/** A list URL with its filters: empty values are left out, so the address stays short. */
export function listUrl(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1))
      search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
