import { useQuery } from '@tanstack/react-query';
import type { WaitlistEntry } from '../../../contract/waitlist';
import { api, isApiError } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** How often a customer's place is checked while waiting: an offer can come at any moment. */
const WAITING_REFRESH_MS = 20_000;
/** And while seats are offered: paid elsewhere, or the offer ran out. */
const OFFERED_REFRESH_MS = 60_000;

/** The signed-in customer's place on a showtime's waitlist; null when they never joined. */
export function useWaitlistPlace(eventId: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.waitlist(eventId),
    queryFn: async ({ signal }): Promise<WaitlistEntry | null> => {
      try {
        return await api.get<WaitlistEntry>(`/api/events/${eventId}/waitlist`, undefined, signal);
      } catch (error) {
        if (isApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }
    },
    enabled,
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state === 'waiting' ? WAITING_REFRESH_MS : state === 'offered' ? OFFERED_REFRESH_MS : false;
    },
  });
}
