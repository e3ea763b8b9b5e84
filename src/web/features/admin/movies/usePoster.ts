import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Movie } from '../../../../contract/catalogue';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Uploads a poster file (or removes the uploaded one, file null); the programme shows it at once. */
export function usePoster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ movieId, file }: { movieId: number; file: File | null }): Promise<Movie | null> => {
      if (file) return api.putFile<Movie>(`/api/admin/movies/${movieId}/poster`, file);
      await api.delete(`/api/admin/movies/${movieId}/poster`);
      return null;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.movies });
      void queryClient.invalidateQueries({ queryKey: queryKeys.movies });
    },
  });
}
