import { useQuery } from '@tanstack/react-query';
import type { CancellationQuote } from '../../../contract/bookings';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** What cancelling the booking (or the chosen seats) would refund now, as the server's refund policy decides. */
export function useCancellationQuote(reference: string | null, seatIds: number[] | null) {
  const seats = seatIds && seatIds.length > 0 ? [...seatIds].sort((a, b) => a - b).join(',') : undefined;
  return useQuery({
    queryKey: [...queryKeys.booking(reference ?? ''), 'cancellation', seats ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<CancellationQuote>(
        `/api/bookings/${encodeURIComponent(reference ?? '')}/cancellation`,
        seats ? { seat_ids: seats } : undefined,
        signal,
      ),
    enabled: reference !== null,
    staleTime: 0,
  });
}
