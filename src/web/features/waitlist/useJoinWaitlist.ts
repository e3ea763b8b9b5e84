import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WaitlistEntry, WaitlistJoinBody } from '../../../contract/waitlist';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Joins a sold-out showtime's waitlist for `count` seats. */
export function useJoinWaitlist(eventId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (count: number) => api.post<WaitlistEntry, WaitlistJoinBody>(`/api/events/${eventId}/waitlist`, { count }),
    onSuccess: (entry) => queryClient.setQueryData(queryKeys.waitlist(eventId), entry),
    onError: () => {
      // Already on the list, or seats came free: show what is true now.
      void queryClient.invalidateQueries({ queryKey: queryKeys.waitlist(eventId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(eventId) });
    },
  });
}
