import type { Case } from '../cases/types.ts';
import { usePlacements } from '../cases/placements.ts';
import { useSession } from '../session/session.tsx';
import type { Option } from '../ui/fields.tsx';
import type { Plan } from './types.ts';

/**
 * Who can be named responsible for an action: the staff the user may assign (all of the agency's for
 * coordinators, else the user alone), the case's owner, and whoever is already responsible in the plan.
 */
export function useResponsibleOptions(kase: Case, plan: Plan | undefined): Option[] {
  const session = useSession();
  const placements = usePlacements();
  const people = new Map<string, string>();
  for (const person of placements.data?.staff ?? []) people.set(person.id, person.displayName);
  if (session.me) people.set(session.me.id, session.me.displayName);
  if (kase.ownerUserId && kase.ownerName) people.set(kase.ownerUserId, kase.ownerName);
  for (const goal of plan?.goals ?? [])
    for (const action of goal.actions)
      if (action.responsible) people.set(action.responsible.id, action.responsible.displayName);
  return [...people]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
