import { useQuery } from '@tanstack/react-query';
import type { Booking } from '../../../contract/bookings';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useBooking(reference: string) {
  return useQuery({
    queryKey: queryKeys.booking(reference),
    queryFn: ({ signal }) => api.get<Booking>(`/api/bookings/${encodeURIComponent(reference)}`, undefined, signal),
    enabled: reference.length > 0,
  });
}
