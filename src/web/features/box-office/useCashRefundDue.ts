import { useQuery } from '@tanstack/react-query';
import type { CashRefundDue } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** The cash owed at the counter for a box-office sale; asked once a reference is entered. */
export function useCashRefundDue(reference: string | null) {
  return useQuery({
    queryKey: queryKeys.boxOffice.cashRefund(reference ?? ''),
    queryFn: ({ signal }) =>
      api.get<CashRefundDue>(`/api/box-office/sales/${encodeURIComponent(reference ?? '')}/cash-refund`, undefined, signal),
    enabled: reference !== null,
    retry: false,
  });
}
