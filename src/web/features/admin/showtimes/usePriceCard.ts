import { useQuery } from '@tanstack/react-query';
import type { PriceCardResponse } from '../../../../contract/pricing';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function usePriceCard(eventId: number | null) {
  return useQuery({
    queryKey: queryKeys.admin.priceCard(eventId ?? 0),
    queryFn: ({ signal }) => api.get<PriceCardResponse>(`/api/admin/events/${eventId}/price-card`, undefined, signal),
    enabled: eventId !== null,
  });
}
