import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AdminBookingsQuery } from '../../../../contract/admin';
import type { Booking } from '../../../../contract/bookings';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useAdminBookings(filters: AdminBookingsQuery) {
  return useQuery({
    queryKey: queryKeys.admin.bookings(filters),
    queryFn: ({ signal }) => api.get<Booking[]>('/api/admin/bookings', { ...filters }, signal),
    // Keep the table on screen while a new filter loads instead of flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}
