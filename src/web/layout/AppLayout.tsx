import { Burger, Group } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { LoadingState } from '../components/QueryStates';
import { useSession } from '../features/auth/useSession';
import { AccountButton } from './AccountButton';
import classes from './AppLayout.module.css';
import { Brand } from './Brand';
import { NavItems } from './NavItems';
import { SignInButton } from './SignInButton';
import { skipToContent, useRouteFocus } from './useRouteFocus';

// Neither is needed to show a page, and both carry code a first visit can do without (menu
// positioning, the drawer's focus trap and scroll lock): each is a chunk of its own.
const loadAccountMenu = () => import('./AccountMenu');
const AccountMenu = lazy(loadAccountMenu);
const MobileMenu = lazy(() => import('./MobileMenu'));

/**
 * The account button; its menu's code is fetched when a pointer or the keyboard comes near, and the
 * menu takes over on the first press (opening at once, focus inside it).
 */
function HeaderAccount() {
  const current = useSession();
  const [wanted, setWanted] = useState(false);
  if (!current) return <SignInButton />;
  const prefetch = () => void loadAccountMenu();
  const button = (
    <AccountButton
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onClick={() => setWanted(true)}
    />
  );
  if (!wanted) return button;
  return (
    <Suspense fallback={button}>
      <AccountMenu defaultOpened />
    </Suspense>
  );
}

export function AppLayout() {
  const [opened, setOpened] = useState(false);
  // The drawer stays mounted once opened, so it can play its closing transition.
  const [drawerLoaded, setDrawerLoaded] = useState(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the point of a route change
  useEffect(() => setOpened(false), [location.pathname]);
  useRouteFocus();

  const toggle = () => {
    setDrawerLoaded(true);
    setOpened((o) => !o);
  };

  return (
    <div className={classes.shell}>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main; the handler only picks a better focus target */}
      <a href="#main" className={classes.skip} onClick={skipToContent}>
        Skip to content
      </a>
      <header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Brand />
            <Group visibleFrom="sm">
              <NavItems />
            </Group>
          </Group>
          <Group visibleFrom="sm">
            <HeaderAccount />
          </Group>
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" aria-label={opened ? 'Close menu' : 'Open menu'} />
        </Group>
      </header>
      {drawerLoaded && (
        <Suspense fallback={null}>
          <MobileMenu opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
      <main id="main" className={classes.main}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
