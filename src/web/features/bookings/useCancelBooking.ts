import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CancelBookingResponse } from '../../../contract/bookings';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Cancels a booking, or some seats of a paid one (a customer's own, or any as an admin); seats go straight back on sale. */
export function useCancelBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reference, seatIds }: { reference: string; seatIds?: number[] }) =>
      api.post<CancelBookingResponse, { booking_reference: string; seat_ids?: number[] }>('/api/cancel-booking', {
        booking_reference: reference,
        ...(seatIds ? { seat_ids: seatIds } : {}),
      }),
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
