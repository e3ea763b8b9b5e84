import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CancelBookingResponse } from '../../../contract/bookings';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Cancels a booking (a customer's own, or any as an admin); seats go straight back on sale. */
export function useCancelBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reference: string) =>
      api.post<CancelBookingResponse, { booking_reference: string }>('/api/cancel-booking', { booking_reference: reference }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.bookings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: ['seat-map'] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.bookingsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.analytics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
    },
  });
}
