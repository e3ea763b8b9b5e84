import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BookingOwnerBody } from '../../../../contract/admin';
import type { Booking } from '../../../../contract/bookings';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Gives a booking imported from the prototype to the customer's account (admins only). */
export function useReassignBooking() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reference, email }: { reference: string; email: string }) =>
      api.put<Booking, BookingOwnerBody>(`/api/admin/bookings/${encodeURIComponent(reference)}/owner`, { email }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.bookingsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.bookings });
    },
  });
}
