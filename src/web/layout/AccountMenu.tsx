import { Menu } from '@mantine/core';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { NavLink } from 'react-router';
import { useSignOut } from '../features/auth/useSignOut';
import { AccountButton } from './AccountButton';

/**
 * The header's account menu: change password, sign out. A chunk of its own (a menu needs the
 * floating-ui positioning code), loaded when the account button is first pressed.
 */
export default function AccountMenu({ defaultOpened = false }: { defaultOpened?: boolean }) {
  const { signOut, pending } = useSignOut();
  return (
    <Menu position="bottom-end" width={220} withinPortal defaultOpened={defaultOpened}>
      <Menu.Target>
        <AccountButton />
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
