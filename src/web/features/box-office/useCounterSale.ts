import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CounterSale, CounterSaleBody } from '../../../contract/box-office';
import { api, newIdempotencyKey } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useCounterSale(eventId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CounterSaleBody) =>
      api.post<CounterSale, CounterSaleBody>('/api/box-office/sales', body, { idempotencyKey: newIdempotencyKey() }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.boxOffice.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(eventId) });
    },
  });
}
