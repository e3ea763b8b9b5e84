import { Group, Text } from '@mantine/core';
import { IconTicket } from '@tabler/icons-react';
import { Link } from 'react-router';

export function Brand() {
  return (
    <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="bookmemovie, all showtimes">
      <Group gap={8} wrap="nowrap">
        <IconTicket size={28} color="var(--mantine-color-yellow-5)" aria-hidden />
        <Text fw={800} fz="xl" style={{ letterSpacing: '-0.02em' }}>
          book<span style={{ color: 'var(--mantine-color-yellow-5)' }}>me</span>movie
        </Text>
      </Group>
    </Link>
  );
}
