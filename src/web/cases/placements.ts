import { useSharedApi } from './shared-fetch.ts';
import { useSession } from '../session/session.tsx';
import type { Placements } from './types.ts';

/** The names of the agency's programmes, teams and (for assigners) staff; loaded once a screen needs them. */
export function usePlacements() {
  const session = useSession();
  const placements = useSharedApi<Placements>(session.can('case:read') ? '/api/cases/placements' : null);
  const data = placements.data;
  return {
    ...placements,
    programmeName: (id: string | null | undefined) =>
      (id && data?.programmes.find((p) => p.id === id)?.name) || undefined,
    teamName: (id: string | null | undefined) =>
      (id && data?.teams.find((team) => team.id === id)?.name) || undefined,
    staffName: (id: string | null | undefined) =>
      (id && data?.staff.find((person) => person.id === id)?.displayName) || undefined,
  };
}
