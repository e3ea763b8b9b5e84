import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { session } from '../../api/session';

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    // Revokes the refresh token the server also set as a cookie; signing out locally does not wait for it.
    api.post('/api/auth/logout', {}).catch(() => {});
    session.signOut();
    queryClient.clear();
    navigate('/');
  }, [navigate, queryClient]);
}
