import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { Booking } from '../../../contract/bookings';
import { FilmLink } from '../../components/FilmLink';
import { formatMoney, formatShowtime } from '../../lib/format';

/** Each seat's ticket type and price, and the format surcharge they include. */
function TicketBreakdown({ booking }: { booking: Booking }) {
  const lines = booking.breakdown ?? [];
  const surcharge = lines.reduce((sum, l) => sum + l.surcharge, 0);
  return (
    <Stack gap={2} component="ul" aria-label="Tickets" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {lines.map((line) => (
        <Group key={line.seat_id} component="li" justify="space-between" data-testid="ticket-line">
          <Text size="sm">
            Seat {line.seat} · {line.ticket_label}
          </Text>
          <Text size="sm">{formatMoney(line.price, booking.currency)}</Text>
        </Group>
      ))}
      {surcharge > 0 && (
        <Text component="li" size="xs" c="dimmed">
          Includes a format surcharge of {formatMoney(surcharge, booking.currency)} in all
        </Text>
      )}
    </Stack>
  );
}

/** Film, time, hall, seats, their tickets and total of a booking. */
export function BookingSummary({ booking, totalLabel = 'Total' }: { booking: Booking; totalLabel?: string }) {
  return (
    <Stack gap="xs">
      <Title order={2} fz="xl">
        <FilmLink movieId={booking.movie_id} title={booking.movie_title} />
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
      {booking.breakdown && booking.breakdown.length > 0 && <TicketBreakdown booking={booking} />}
      {booking.promo_code && (booking.discount_amount ?? 0) > 0 && (
        <Group justify="space-between" data-testid="promo-discount">
          <Text size="sm">Promo code {booking.promo_code}</Text>
          <Text size="sm" c="green.8" fw={600}>
            −{formatMoney(booking.discount_amount ?? 0, booking.currency)}
          </Text>
        </Group>
      )}
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
