import { useMutation } from '@tanstack/react-query';
import type { ForgotPasswordBody, ForgotPasswordResponse } from '../../../contract/auth';
import { api } from '../../api/client';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: ForgotPasswordBody) =>
      api.post<ForgotPasswordResponse, ForgotPasswordBody>('/api/auth/forgot-password', body, { anonymous: true }),
  });
}
