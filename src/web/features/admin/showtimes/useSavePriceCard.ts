import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PriceCardBody, PriceCardResponse } from '../../../../contract/pricing';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useSavePriceCard(eventId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PriceCardBody) =>
      api.put<PriceCardResponse, PriceCardBody>(`/api/admin/events/${eventId}/price-card`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.admin.priceCard(eventId), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(eventId) });
    },
  });
}
