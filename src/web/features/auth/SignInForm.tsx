import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { LoginResponse } from '../../../contract/auth';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { useSignIn } from './useSignIn';

export function SignInForm({ onSignedIn }: { onSignedIn: (result: LoginResponse) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();
  const error = signIn.error;
  const fields = isApiError(error) ? fieldErrorsOf(error) : {};
  const formMessage = isApiError(error, 'INVALID_CREDENTIALS')
    ? 'That email and password do not match an account. Check them and try again.'
    : error && Object.keys(fields).length === 0
      ? error.message
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Sign in">
      <Stack>
        <FormAlert message={formMessage} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fields.email}
          withAsterisk
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fields.password}
          withAsterisk
        />
        <Anchor component={Link} to="/forgot-password" state={{ email: email.trim() }} size="sm" ta="right">
          Forgot password?
        </Anchor>
        <Button type="submit" loading={signIn.isPending} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
