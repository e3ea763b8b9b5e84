import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Booking, Card, ConfirmPaymentBody, ConfirmPaymentResponse } from '../../../contract/bookings';
import { api, newIdempotencyKey } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useConfirmPayment(reference: string, eventId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (payment: Card) =>
      api.post<ConfirmPaymentResponse, ConfirmPaymentBody>(
        '/api/confirm-payment',
        { booking_reference: reference, payment },
        { idempotencyKey: newIdempotencyKey() },
      ),
    onSuccess: (result) => {
      // The confirmation page opens straight away; show it confirmed rather than flash "pending".
      queryClient.setQueryData<Booking>(
        queryKeys.booking(reference),
        (old) => old && { ...old, status: 'confirmed', paid_at: result.paid_at, payment_id: result.payment_id },
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.bookings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      if (eventId !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(eventId) });
    },
  });
}
