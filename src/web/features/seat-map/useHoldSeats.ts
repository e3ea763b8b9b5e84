import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BookSeatsBody, HoldResponse } from '../../../contract/bookings';
import { api, newIdempotencyKey } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useHoldSeats(eventId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      seatIds,
      accessible,
      ticketTypes,
      promoCode,
    }: {
      seatIds: number[];
      accessible: boolean;
      ticketTypes?: Record<string, string>;
      promoCode?: string;
    }) =>
      api.post<HoldResponse, BookSeatsBody>(
        '/api/book-seats',
        {
          seat_ids: seatIds,
          event_id: eventId,
          ...(accessible ? { accessible: true } : {}),
          ...(ticketTypes ? { ticket_types: ticketTypes } : {}),
          ...(promoCode ? { promo_code: promoCode } : {}),
        },
        { idempotencyKey: newIdempotencyKey() },
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.bookings });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void queryClient.invalidateQueries({ queryKey: queryKeys.seatMap(eventId) });
    },
  });
}
