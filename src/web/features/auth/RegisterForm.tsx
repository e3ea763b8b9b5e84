import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { LoginResponse } from '../../../contract/auth';
import { PASSWORD_MIN } from '../../../core/password-policy';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../lib/fieldErrors';
import { useRegister } from './useRegister';

type Props = {
  kind: 'customer' | 'first-admin';
  onSignedIn: (result: LoginResponse) => void;
  /** First-time set-up from another machine: the server wants the code from its log. */
  setupCodeRequired?: boolean;
};

export function RegisterForm({ kind, onSignedIn, setupCodeRequired = false }: Props) {
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [setupCode, setSetupCode] = useState('');
  const register = useRegister(kind);
  const error = isApiError(register.error) ? register.error : null;
  const fields = fieldErrorsOf(error);
  if (error?.code === 'EMAIL_TAKEN') fields.email = 'An account with this email already exists. Sign in instead.';
  // The server may ask for the code even if the set-up status said otherwise (a proxy in between).
  const askForCode = kind === 'first-admin' && (setupCodeRequired || error?.code === 'SETUP_CODE_REQUIRED');
  if (error?.code === 'SETUP_CODE_REQUIRED') fields.setup_code = error.message;
  const placed = ['EMAIL_TAKEN', 'SETUP_CODE_REQUIRED'];
  const generic = error && !placed.includes(error.code) && error.fieldErrors.length === 0 ? error.message : null;
  const submitLabel = kind === 'customer' ? 'Create account' : 'Create admin account';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { full_name: fullName.trim(), email: email.trim(), password };
    const code = setupCode.trim();
    register.mutate(askForCode && code ? { ...body, setup_code: code } : body, { onSuccess: onSignedIn });
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
        <FormAlert message={generic} extra={unplacedErrors(fields, ['full_name', 'email', 'password', 'setup_code'])} />
        {askForCode && (
          <TextInput
            label="Set-up code"
            description="Printed in the server's log when it started (not needed on the server's own machine)"
            autoComplete="one-time-code"
            spellCheck={false}
            value={setupCode}
            onChange={(e) => setSetupCode(e.currentTarget.value)}
            error={fields.setup_code}
            withAsterisk
          />
        )}
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
          description={`At least ${PASSWORD_MIN} characters`}
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
