import { Alert, Anchor, Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { useForgotPassword } from './useForgotPassword';

/** "Forgot password?" from the sign-in page: an email address in, "check your email" out. */
export function ForgotPasswordPage() {
  const location = useLocation();
  const typed = (location.state as { email?: string } | null)?.email ?? '';
  const [email, setEmail] = useState(typed);
  const request = useForgotPassword();
  const error = isApiError(request.error) ? request.error : null;
  const fields = fieldErrorsOf(error);
  const formMessage = request.error && Object.keys(fields).length === 0 ? request.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email: email.trim() });
  };

  return (
    <Container size={460} py="xl">
      <Title order={1} mb={4}>
        Forgot your password?
      </Title>
      <Text c="dimmed" mb="lg">
        Enter the email address of your account. We will send you a link to choose a new password.
      </Text>
      <Paper withBorder shadow="md" p="lg" radius="md">
        {request.isSuccess ? (
          <Stack>
            <Alert color="teal" title="Check your email" icon={<IconMailCheck aria-hidden />} role="status">
              {request.data.detail} If nothing arrives in a few minutes, look in your spam folder, or ask again.
            </Alert>
            <Anchor component={Link} to="/sign-in">
              Back to sign in
            </Anchor>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Forgot password">
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
              <Button type="submit" loading={request.isPending} fullWidth>
                Email me a link
              </Button>
              <Anchor component={Link} to="/sign-in" size="sm">
                Back to sign in
              </Anchor>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
