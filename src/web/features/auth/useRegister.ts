import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, LoginResponse, RegisterBody, User } from '../../../contract/auth';
import { api } from '../../api/client';
import { session } from '../../api/session';

/** Registers (a customer, or the first admin during set-up) and signs the new account in. */
export function useRegister(kind: 'customer' | 'first-admin') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: RegisterBody) => {
      const path = kind === 'customer' ? '/api/auth/register' : '/api/auth/create-admin';
      await api.post<User, RegisterBody>(path, body, { anonymous: true });
      return api.post<LoginResponse, LoginBody>(
        '/api/auth/login',
        { email: body.email, password: body.password },
        { anonymous: true },
      );
    },
    onSuccess: (result) => {
      queryClient.clear();
      session.signIn(result.access_token, result.user);
    },
  });
}
