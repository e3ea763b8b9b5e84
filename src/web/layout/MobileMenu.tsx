import { Button, Drawer, Group, Stack } from '@mantine/core';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { NavLink } from 'react-router';
import { useSession } from '../features/auth/useSession';
import { useSignOut } from '../features/auth/useSignOut';
import { Identity } from './Identity';
import { NavItems } from './NavItems';
import { SignInButton } from './SignInButton';

/** The same choices as the header's, laid out in the phone drawer, where a menu inside a menu would be awkward. */
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

/** The phone's navigation drawer: a chunk of its own, loaded the first time the menu is opened. */
export default function MobileMenu({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Drawer opened={opened} onClose={onClose} title="Menu" hiddenFrom="sm" position="right" size="85%">
      <Stack gap="lg">
        <NavItems vertical />
        <AccountPanel />
      </Stack>
    </Drawer>
  );
}
