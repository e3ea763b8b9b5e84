import { AppShell, Badge, Burger, Button, Drawer, Group, Menu, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { signInPath } from '../features/auth/signInPath';
import { useSession } from '../features/auth/useSession';
import { useSignOut } from '../features/auth/useSignOut';
import classes from './AppLayout.module.css';
import { Brand } from './Brand';
import { skipToContent, useRouteFocus } from './useRouteFocus';

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

function Identity({ compact = false }: { compact?: boolean }) {
  const current = useSession();
  if (!current) return null;
  const { user } = current;
  return (
    <Group gap="sm" wrap="nowrap" data-testid="account">
      <IconUserCircle size={22} aria-hidden />
      <Stack gap={0} style={{ minWidth: 0 }} ta="left">
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
    </Group>
  );
}

function SignInButton() {
  const location = useLocation();
  return (
    <Button component={NavLink} to={signInPath(null, location.pathname + location.search)} size="sm">
      Sign in
    </Button>
  );
}

/** The header's account menu: who is signed in, change password, sign out. */
function AccountMenu() {
  const current = useSession();
  const { signOut, pending } = useSignOut();
  if (!current) return <SignInButton />;
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        {/* Named by what it shows, plus what it is for: speech users can say what they see. */}
        <UnstyledButton className={classes.account}>
          <Group gap={6} wrap="nowrap">
            <Identity />
            <VisuallyHidden>, account menu</VisuallyHidden>
            <IconChevronDown size={16} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={NavLink} to="/account/password" leftSection={<IconKey size={16} aria-hidden />}>
          Change password
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void signOut()}
          disabled={pending}
          closeMenuOnClick={false}
        >
          {pending ? 'Signing out…' : 'Sign out'}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The same choices laid out in the phone drawer, where a menu inside a menu would be awkward. */
function AccountPanel() {
  const current = useSession();
  const { signOut, pending } = useSignOut();
  if (!current) return <SignInButton />;
  return (
    <Stack gap="sm">
      <Identity compact />
      <Group gap="xs">
        <Button
          component={NavLink}
          to="/account/password"
          variant="light"
          color="gray"
          size="compact-sm"
          leftSection={<IconKey size={16} aria-hidden />}
        >
          Change password
        </Button>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void signOut()}
          loading={pending}
        >
          Sign out
        </Button>
      </Group>
    </Stack>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the point of a route change
  useEffect(() => close(), [location.pathname, close]);
  useRouteFocus();

  return (
    <AppShell header={{ height: 64 }} padding={0}>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main; the handler only picks a better focus target */}
      <a href="#main" className={classes.skip} onClick={skipToContent}>
        Skip to content
      </a>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Brand />
            <Group visibleFrom="sm">
              <NavItems />
            </Group>
          </Group>
          <Group visibleFrom="sm">
            <AccountMenu />
          </Group>
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" aria-label={opened ? 'Close menu' : 'Open menu'} />
        </Group>
      </AppShell.Header>
      <Drawer opened={opened} onClose={close} title="Menu" hiddenFrom="sm" position="right" size="85%">
        <Stack gap="lg">
          <NavItems vertical />
          <AccountPanel />
        </Stack>
      </Drawer>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
