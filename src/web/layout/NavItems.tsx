import { Group, Stack, UnstyledButton } from '@mantine/core';
import { NavLink } from 'react-router';
import { canCheckIn, canSellAtCounter } from '../../core/roles';
import { useSession } from '../features/auth/useSession';
import classes from './AppLayout.module.css';

function useNavItems() {
  const current = useSession();
  const items = [{ to: '/', label: 'Showtimes', end: true }];
  if (current) items.push({ to: '/bookings', label: 'My bookings', end: false });
  if (current && canCheckIn(current.user.role)) items.push({ to: '/door', label: 'Door', end: false });
  if (current && canSellAtCounter(current.user.role)) items.push({ to: '/box-office', label: 'Box office', end: false });
  if (current?.user.role === 'admin') items.push({ to: '/admin', label: 'Admin', end: false });
  return items;
}

export function NavItems({ vertical = false }: { vertical?: boolean }) {
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
