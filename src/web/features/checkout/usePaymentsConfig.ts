import { useQuery } from '@tanstack/react-query';
import type { PaymentsConfig } from '../../../contract/payments';
import { api } from '../../api/client';

export const paymentsConfigKey = ['payments', 'config'] as const;

/** Which provider takes the money: the simulated card form, or Stripe's Payment Element. */
export function usePaymentsConfig() {
  return useQuery({
    queryKey: paymentsConfigKey,
    queryFn: ({ signal }) => api.get<PaymentsConfig>('/api/payments/config', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
