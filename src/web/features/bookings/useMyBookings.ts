import { useQuery } from '@tanstack/react-query';
import type { Booking } from '../../../contract/bookings';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useMyBookings() {
  return useQuery({
    queryKey: queryKeys.myBookings,
    queryFn: ({ signal }) => api.get<Booking[]>('/api/bookings', undefined, signal),
  });
}
