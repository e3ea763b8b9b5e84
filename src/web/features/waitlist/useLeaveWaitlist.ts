import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Leaves a showtime's waitlist. */
export function useLeaveWaitlist(eventId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/api/events/${eventId}/waitlist`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.waitlist(eventId) }),
  });
}
