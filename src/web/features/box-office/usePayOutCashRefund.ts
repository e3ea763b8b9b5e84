import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CounterRefund, CounterRefundBody } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Pays out the cash owed for a sale from my open shift's drawer (its report counts it). */
export function usePayOutCashRefund() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reference: string) =>
      api.post<CounterRefund, CounterRefundBody>('/api/box-office/refunds', { booking_reference: reference }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.boxOffice.all }),
  });
}
