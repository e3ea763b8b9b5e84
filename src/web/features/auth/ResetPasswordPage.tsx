import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PASSWORD_MIN } from '../../../core/password-policy';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../lib/fieldErrors';
import { useResetPassword } from './useResetPassword';

const LINK_REFUSALS = ['RESET_TOKEN_INVALID', 'RESET_TOKEN_USED', 'RESET_TOKEN_EXPIRED'];

function LinkProblem({ message }: { message: string }) {
  return (
    <Stack>
      <Alert color="orange" title="This link cannot be used" icon={<IconLinkOff aria-hidden />} role="alert">
        {message}
      </Alert>
      <Anchor component={Link} to="/forgot-password">
        Ask for a new link
      </Anchor>
    </Stack>
  );
}

/** Opened from the emailed link (`/reset-password?token=…`): choose a new password, then sign in. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useResetPassword();

  const error = isApiError(reset.error) ? reset.error : null;
  const linkRefused = error && LINK_REFUSALS.includes(error.code) ? error.message : null;
  const fields = fieldErrorsOf(error);
  const generic = reset.error && !linkRefused && (error?.fieldErrors.length ?? 0) === 0 ? reset.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) {
      reset.reset();
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate({ token, password }, { onSuccess: () => navigate('/sign-in?reason=password-reset', { replace: true }) });
  };

  return (
    <Container size={460} py="xl">
      <Title order={1} mb={4}>
        Choose a new password
      </Title>
      <Text c="dimmed" mb="lg">
        Every device and browser signed in to your account will be signed out.
      </Text>
      <Paper withBorder shadow="md" p="lg" radius="md">
        {!token ? (
          <LinkProblem message="This page needs the link from the email we sent you. Open the link from the email, or ask for a new one." />
        ) : linkRefused ? (
          <LinkProblem message={linkRefused} />
        ) : (
          <form onSubmit={submit} noValidate aria-label="Choose a new password">
            <Stack>
              <FormAlert message={generic} extra={unplacedErrors(fields, ['password', 'token'])} />
              <PasswordInput
                label="New password"
                description={`At least ${PASSWORD_MIN} characters, and not a common one`}
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fields.password}
                withAsterisk
              />
              <PasswordInput
                label="Repeat new password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.currentTarget.value)}
                error={mismatch ? 'The two passwords differ' : undefined}
                withAsterisk
              />
              <Button type="submit" loading={reset.isPending} fullWidth>
                Set new password
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
