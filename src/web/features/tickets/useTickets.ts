import { useQuery } from '@tanstack/react-query';
import type { Ticket } from '../../../contract/tickets';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** A booking's tickets (one per seat, with the QR code's text); none until it is paid. */
export function useTickets(reference: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tickets(reference),
    queryFn: ({ signal }) => api.get<Ticket[]>(`/api/bookings/${encodeURIComponent(reference)}/tickets`, undefined, signal),
    enabled: enabled && reference.length > 0,
  });
}
