import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { MovieWithShowtimes } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export type Film = Static<typeof MovieWithShowtimes>;

/** One film with its upcoming showtimes at every cinema (the page keeps the chosen cinema's). */
export function useFilm(movieId: number) {
  return useQuery({
    queryKey: queryKeys.movie(movieId),
    queryFn: ({ signal }) => api.get<Film>(`/api/movies/${movieId}`, undefined, signal),
    enabled: Number.isSafeInteger(movieId) && movieId > 0,
    refetchInterval: 60_000,
  });
}
