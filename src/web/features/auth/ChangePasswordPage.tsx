import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { PASSWORD_MIN } from '../../../core/password-policy';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../lib/fieldErrors';
import { useChangePassword } from './useChangePassword';

const SHOWN = ['current_password', 'new_password'];

export function ChangePasswordPage() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useChangePassword();

  const error = isApiError(change.error) ? change.error : null;
  const fields = fieldErrorsOf(error);
  if (error?.code === 'INVALID_CREDENTIALS') fields.current_password = 'That is not your current password';
  const generic =
    change.error && error?.code !== 'INVALID_CREDENTIALS' && (error?.fieldErrors.length ?? 0) === 0 ? change.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      change.reset();
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { current_password: currentPassword, new_password: newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setRepeat('');
        },
      },
    );
  };

  return (
    <Container size={460} py="xl">
      <Title order={1} mb={4}>
        Change password
      </Title>
      <Text c="dimmed" mb="lg">
        You stay signed in here. Every other device and browser signed in to your account is signed out.
      </Text>
      {change.isSuccess && (
        <Alert mb="md" color="teal" title="Password changed" icon={<IconCircleCheck aria-hidden />} role="status">
          Use your new password next time you sign in. Other sessions have been signed out.
        </Alert>
      )}
      <Paper withBorder shadow="md" p="lg" radius="md">
        <form onSubmit={submit} noValidate aria-label="Change password">
          <Stack>
            <FormAlert message={generic} extra={unplacedErrors(fields, SHOWN)} />
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.currentTarget.value)}
              error={fields.current_password}
              withAsterisk
            />
            <PasswordInput
              label="New password"
              description={`At least ${PASSWORD_MIN} characters, and not a common one`}
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.currentTarget.value)}
              error={fields.new_password}
              withAsterisk
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? 'The two new passwords differ' : undefined}
              withAsterisk
            />
            <Button type="submit" loading={change.isPending} fullWidth>
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
