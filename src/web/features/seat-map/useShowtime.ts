import { useQuery } from '@tanstack/react-query';
import { showtimeQuery } from './seatMapQueries';

export function useShowtime(eventId: number) {
  return useQuery(showtimeQuery(eventId));
}
