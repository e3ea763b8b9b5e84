import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, LoginResponse } from '../../../contract/auth';
import { api } from '../../api/client';
import { session } from '../../api/session';

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<LoginResponse, LoginBody>('/api/auth/login', body, { anonymous: true }),
    onSuccess: (result) => {
      // Whatever was cached belonged to the previous visitor.
      queryClient.clear();
      session.signIn(result.access_token, result.user);
    },
  });
}
