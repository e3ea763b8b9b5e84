import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconHourglassEmpty } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Shown when the hold ran out (or was cancelled): the seats are back on sale, offer to pick again. */
export function HoldEnded({ eventId, cancelled = false }: { eventId: number; cancelled?: boolean }) {
  return (
    <Paper withBorder radius="lg" p="xl" role="alert">
      <Stack align="center" gap="sm" ta="center">
        <IconHourglassEmpty size={48} color="var(--mantine-color-orange-5)" aria-hidden />
        <Title order={2}>{cancelled ? 'This booking was cancelled' : 'Your hold has expired'}</Title>
        <Text c="dimmed" maw={440}>
          {cancelled
            ? 'Its seats are back on sale. You have not been charged.'
            : 'We held your seats for a few minutes, but the time ran out and they were released. You have not been charged.'}
        </Text>
        <Group>
          <Button component={Link} to={`/showtimes/${eventId}`}>
            Pick seats again
          </Button>
          <Button component={Link} to="/" variant="default">
            All showtimes
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
