import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShowCancellation } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Cancels a showtime: the answer is the first progress report (refunds and emails still on their way). */
export function useCancelShowtime() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note: string }) =>
      api.post<ShowCancellation>(`/api/admin/events/${id}/cancel`, note.trim() ? { note } : {}),
    onSuccess: (progress) => {
      queryClient.setQueryData(queryKeys.admin.cancellation(progress.event_id), progress);
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.analytics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
    },
  });
}

/**
 * How far a cancelled showtime's refunds and emails have got; asked again every 3 s until all are
 * out (cash owed at the box office waits for its customers, so it does not keep this asking).
 */
export function useCancellationProgress(eventId: number | null) {
  return useQuery({
    queryKey: queryKeys.admin.cancellation(eventId ?? 0),
    queryFn: ({ signal }) => api.get<ShowCancellation>(`/api/admin/events/${eventId}/cancellation`, undefined, signal),
    enabled: eventId !== null,
    refetchInterval: (query) => {
      const p = query.state.data;
      return p && p.refunds.pending === 0 && p.emails.pending === 0 ? false : 3_000;
    },
  });
}
