import { useQuery } from '@tanstack/react-query';
import type { Movie } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useMovies() {
  return useQuery({
    queryKey: queryKeys.movies,
    queryFn: ({ signal }) => api.get<Movie[]>('/api/movies', undefined, signal),
  });
}
