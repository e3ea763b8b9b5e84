import { Alert, Container, Paper, Skeleton, Tabs, Text, Title } from '@mantine/core';
import { IconClockExclamation, IconInfoCircle } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router';
import type { LoginResponse } from '../../../contract/auth';
import { RegisterForm } from './RegisterForm';
import { SignInForm } from './SignInForm';
import { safeNext } from './signInPath';
import { useSetupStatus } from './useSetupStatus';

const REASONS: Record<string, { title: string; text: string; expired?: boolean }> = {
  expired: {
    title: 'Your session has expired',
    text: 'For your security you were signed out. Sign in again and we will take you back to where you were.',
    expired: true,
  },
  required: { title: 'Please sign in', text: 'Sign in or create an account to continue.' },
  book: { title: 'Sign in to book', text: 'Sign in or create an account to hold your seats. Your selection is kept.' },
  waitlist: {
    title: 'Sign in to join the waitlist',
    text: 'Sign in or create an account; we will take you back to the showtime to join its waitlist.',
  },
  'password-reset': {
    title: 'Password changed',
    text: 'Your new password is set and every session was signed out. Sign in with the new password.',
  },
};

type Tab = 'sign-in' | 'register' | 'setup';

export function SignInPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const setup = useSetupStatus();
  const setupOpen = setup.data?.admin_exists === false;
  const reason = REASONS[params.get('reason') ?? ''];
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested === 'setup' && !setupOpen ? 'sign-in' : (requested ?? 'sign-in');

  const done = (result: LoginResponse) => {
    const fallback = result.user.role === 'admin' ? '/admin' : '/';
    navigate(safeNext(params.get('next')) ?? fallback, { replace: true });
  };
  const selectTab = (value: string | null) => {
    const next = new URLSearchParams(params);
    next.set('tab', value ?? 'sign-in');
    setParams(next, { replace: true });
  };

  return (
    <Container size={460} py="xl">
      <Title order={1} ta="center" mb={4}>
        Welcome to bookmemovie
      </Title>
      <Text c="dimmed" ta="center" mb="lg">
        Great seats are a few clicks away.
      </Text>
      {reason && (
        <Alert
          mb="md"
          color={reason.expired ? 'orange' : 'blue'}
          title={reason.title}
          icon={reason.expired ? <IconClockExclamation aria-hidden /> : <IconInfoCircle aria-hidden />}
          role="status"
        >
          {reason.text}
        </Alert>
      )}
      <Paper withBorder shadow="md" p="lg" radius="md">
        <Tabs value={tab} onChange={selectTab} keepMounted={false}>
          <Tabs.List grow mb="md">
            <Tabs.Tab value="sign-in">Sign in</Tabs.Tab>
            <Tabs.Tab value="register">Create account</Tabs.Tab>
            {setupOpen && <Tabs.Tab value="setup">Admin set-up</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="sign-in">
            <SignInForm onSignedIn={done} />
          </Tabs.Panel>
          <Tabs.Panel value="register">
            <RegisterForm kind="customer" onSignedIn={done} />
          </Tabs.Panel>
          {setupOpen && (
            <Tabs.Panel value="setup">
              <RegisterForm kind="first-admin" onSignedIn={done} setupCodeRequired={setup.data?.setup_code_required} />
            </Tabs.Panel>
          )}
        </Tabs>
        {setup.isPending && <Skeleton h={8} mt="md" aria-hidden />}
      </Paper>
    </Container>
  );
}
