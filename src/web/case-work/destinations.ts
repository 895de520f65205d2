import { useSharedApi } from '../cases/shared-fetch.ts';
import type { Destinations } from './types.ts';

/** Whom a referral or a consent for this case can name: the active agencies, the agency's other programmes. */
export function useDestinations(caseId: string) {
  const destinations = useSharedApi<Destinations>(`/api/cases/${caseId}/referral-destinations`);
  return {
    ...destinations,
    agencyName: (id: string | null | undefined) =>
      (id && destinations.data?.agencies.find((a) => a.id === id)?.name) || undefined,
  };
}
