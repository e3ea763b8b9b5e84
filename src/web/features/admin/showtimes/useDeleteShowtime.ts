import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useDeleteShowtime() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/admin/events/${id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.analytics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
    },
  });
}
