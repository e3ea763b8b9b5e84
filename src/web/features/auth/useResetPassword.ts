import { useMutation } from '@tanstack/react-query';
import type { ResetPasswordBody, ResetPasswordResponse } from '../../../contract/auth';
import { api } from '../../api/client';
import { session } from '../../api/session';

/** Sets a new password with the emailed token. Every session ends, this browser's too. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (body: ResetPasswordBody) =>
      api.post<ResetPasswordResponse, ResetPasswordBody>('/api/auth/reset-password', body, { anonymous: true }),
    onSuccess: () => session.signOut(),
  });
}
