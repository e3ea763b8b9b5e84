import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminEvent, EventBody, EventPatch } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useSaveShowtime() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: EventBody | EventPatch }) =>
      id === null
        ? api.post<AdminEvent, EventBody>('/api/admin/events', body as EventBody)
        : api.put<AdminEvent, EventPatch>(`/api/admin/events/${id}`, body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.analytics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(saved.event_id) });
    },
  });
}
