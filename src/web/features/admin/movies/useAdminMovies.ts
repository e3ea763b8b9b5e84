import { useQuery } from '@tanstack/react-query';
import type { Movie } from '../../../../contract/catalogue';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useAdminMovies() {
  return useQuery({
    queryKey: queryKeys.admin.movies,
    queryFn: ({ signal }) => api.get<Movie[]>('/api/admin/movies', undefined, signal),
  });
}
