import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { LoginResponse } from '../../../contract/auth';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../lib/fieldErrors';
import { useRegister } from './useRegister';

type Props = { kind: 'customer' | 'first-admin'; onSignedIn: (result: LoginResponse) => void };

export function RegisterForm({ kind, onSignedIn }: Props) {
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const register = useRegister(kind);
  const error = isApiError(register.error) ? register.error : null;
  const fields = fieldErrorsOf(error);
  if (error?.code === 'EMAIL_TAKEN') fields.email = 'An account with this email already exists. Sign in instead.';
  const generic = error && error.code !== 'EMAIL_TAKEN' && error.fieldErrors.length === 0 ? error.message : null;
  const submitLabel = kind === 'customer' ? 'Create account' : 'Create admin account';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({ full_name: fullName.trim(), email: email.trim(), password }, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack>
        {kind === 'first-admin' && (
          <Text size="sm" c="dimmed">
            No admin account exists yet. The first account created here manages movies, halls and showtimes. This form disappears
            once it exists.
          </Text>
        )}
        <FormAlert message={generic} extra={unplacedErrors(fields, ['full_name', 'email', 'password'])} />
        <TextInput
          label="Full name"
          autoComplete="name"
          value={fullName}
          onChange={(e) => setFullName(e.currentTarget.value)}
          error={fields.full_name}
          withAsterisk
        />
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
          description="At least 8 characters"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fields.password}
          withAsterisk
        />
        <Button type="submit" loading={register.isPending} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
