import { AppShell, Badge, Burger, Button, Drawer, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { signInPath } from '../features/auth/signInPath';
import { useSession } from '../features/auth/useSession';
import { useSignOut } from '../features/auth/useSignOut';
import classes from './AppLayout.module.css';
import { Brand } from './Brand';

function useNavItems() {
  const current = useSession();
  const items = [{ to: '/', label: 'Showtimes', end: true }];
  if (current) items.push({ to: '/bookings', label: 'My bookings', end: false });
  if (current?.user.role === 'admin') items.push({ to: '/admin', label: 'Admin', end: false });
  return items;
}

function NavItems({ vertical = false }: { vertical?: boolean }) {
  const items = useNavItems();
  const Wrapper = vertical ? Stack : Group;
  return (
    <Wrapper gap={4} component="nav" aria-label="Main">
      {items.map((item) => (
        <UnstyledButton key={item.to} component={NavLink} to={item.to} end={item.end} className={classes.link}>
          {item.label}
        </UnstyledButton>
      ))}
    </Wrapper>
  );
}

function Account({ compact = false }: { compact?: boolean }) {
  const current = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  if (!current) {
    return (
      <Button component={NavLink} to={signInPath(null, location.pathname + location.search)} size="sm">
        Sign in
      </Button>
    );
  }
  const { user } = current;
  return (
    <Group gap="sm" wrap="nowrap" data-testid="account">
      <IconUserCircle size={22} aria-hidden />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate="end" maw={compact ? 200 : 180}>
          {user.full_name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" maw={compact ? 200 : 180}>
          {user.email}
        </Text>
      </Stack>
      <Badge variant={user.role === 'admin' ? 'filled' : 'light'} color={user.role === 'admin' ? 'yellow' : 'gray'}>
        {user.role}
      </Badge>
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        leftSection={<IconLogout size={16} aria-hidden />}
        onClick={signOut}
      >
        Sign out
      </Button>
    </Group>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the point of a route change
  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell header={{ height: 64 }} padding={0}>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Brand />
            <Group visibleFrom="sm">
              <NavItems />
            </Group>
          </Group>
          <Group visibleFrom="sm">
            <Account />
          </Group>
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" aria-label={opened ? 'Close menu' : 'Open menu'} />
        </Group>
      </AppShell.Header>
      <Drawer opened={opened} onClose={close} title="Menu" hiddenFrom="sm" position="right" size="85%">
        <Stack gap="lg">
          <NavItems vertical />
          <Account compact />
        </Stack>
      </Drawer>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
