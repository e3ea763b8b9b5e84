import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateAdminBody, LoginBody, LoginResponse, User } from '../../../contract/auth';
import { api } from '../../api/client';
import { session } from '../../api/session';

/** Registers (a customer, or the first admin during set-up) and signs the new account in. */
export function useRegister(kind: 'customer' | 'first-admin') {
  const queryClient = useQueryClient();
  return useMutation({
    // `setup_code` only ever goes to create-admin (register would drop it anyway).
    mutationFn: async ({ setup_code, ...body }: CreateAdminBody) => {
      if (kind === 'customer') await api.post<User>('/api/auth/register', body, { anonymous: true });
      else await api.post<User>('/api/auth/create-admin', { ...body, setup_code }, { anonymous: true });
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
