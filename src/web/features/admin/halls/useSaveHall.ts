import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Hall, HallBody } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useSaveHall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: HallBody }) =>
      id === null ? api.post<Hall, HallBody>('/api/admin/halls', body) : api.put<Hall, HallBody>(`/api/admin/halls/${id}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.halls });
      // A changed layout regenerates the seats of its showtimes without bookings.
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: ['seat-map'] });
    },
  });
}
