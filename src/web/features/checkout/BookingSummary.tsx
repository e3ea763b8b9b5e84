import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { Booking } from '../../../contract/bookings';
import { formatMoney, formatShowtime } from '../../lib/format';

/** Film, time, hall, seats and total of a booking. */
export function BookingSummary({ booking, totalLabel = 'Total' }: { booking: Booking; totalLabel?: string }) {
  return (
    <Stack gap="xs">
      <Title order={2} fz="xl">
        {booking.movie_title}
      </Title>
      <Text c="dimmed">
        {formatShowtime(booking)}
        {booking.hall ? ` · ${booking.hall}` : ''}
      </Text>
      <Group gap={6} aria-label="Seats">
        {booking.seats.map((label) => (
          <Badge key={label} variant="outline" color="yellow" radius="sm" size="lg">
            {label}
          </Badge>
        ))}
      </Group>
      <Divider my={4} />
      <Group justify="space-between">
        <Text fw={600}>{totalLabel}</Text>
        <Text fw={800} fz="xl">
          {formatMoney(booking.total_amount, booking.currency)}
        </Text>
      </Group>
    </Stack>
  );
}
