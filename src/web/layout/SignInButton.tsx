import { Button } from '@mantine/core';
import { NavLink, useLocation } from 'react-router';
import { signInPath } from '../features/auth/signInPath';

export function SignInButton() {
  const location = useLocation();
  return (
    <Button component={NavLink} to={signInPath(null, location.pathname + location.search)} size="sm">
      Sign in
    </Button>
  );
}
