import { useMutation } from '@tanstack/react-query';
import type { BestSeatsBody, BestSeatsResponse } from '../../../contract/catalogue';
import { api } from '../../api/client';

/** Asks the server for the best seats for a group right now; nothing is held. */
export function useBestSeats(eventId: number) {
  return useMutation({
    mutationFn: (body: BestSeatsBody) => api.post<BestSeatsResponse, BestSeatsBody>(`/api/events/${eventId}/best-seats`, body),
  });
}
