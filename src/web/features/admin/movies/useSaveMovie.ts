import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MovieBody } from '../../../../contract/admin';
import type { Movie } from '../../../../contract/catalogue';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Adds a movie, or replaces the fields of an existing one. */
export function useSaveMovie() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: MovieBody }) =>
      id === null
        ? api.post<Movie, MovieBody>('/api/admin/movies', body)
        : api.put<Movie, MovieBody>(`/api/admin/movies/${id}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.movies });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.movies });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
    },
  });
}
