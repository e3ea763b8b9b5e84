import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordBody, LoginResponse } from '../../../contract/auth';
import { api } from '../../api/client';
import { session } from '../../api/session';

/**
 * Changes the password. The server ends every session of the account and answers with a fresh
 * one for this browser (and a new refresh cookie), which replaces the old session here.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<LoginResponse, ChangePasswordBody>('/api/auth/change-password', body),
    onSuccess: (result) => session.signIn(result.access_token, result.user),
  });
}
