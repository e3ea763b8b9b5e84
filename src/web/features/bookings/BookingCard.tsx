import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Booking } from '../../../contract/bookings';
import { Countdown } from '../../components/Countdown';
import { FilmLink } from '../../components/FilmLink';
import { formatMoney, formatShowtime } from '../../lib/format';
import { TicketsSection } from '../tickets/TicketsSection';
import { canCancel } from './cancellation';
import { StatusBadge } from './StatusBadge';

export function BookingCard({ booking, now, onCancel }: { booking: Booking; now: number; onCancel: (booking: Booking) => void }) {
  const remaining = new Date(booking.expires_at).getTime() - now;
  const pending = booking.status === 'pending' && remaining > 0;
  const [showTickets, setShowTickets] = useState(false);
  const ticketsId = `booking-tickets-${booking.booking_reference}`;
  return (
    <Card withBorder radius="lg" p="md" component="article" aria-label={`Booking ${booking.booking_reference}`}>
      <Stack gap="xs">
        {/* On a phone the badge moves under a long title rather than either being cut off. */}
        <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
          <div style={{ minWidth: 0, flex: '1 1 14rem' }}>
            <Text fw={700} fz="lg" style={{ overflowWrap: 'anywhere' }}>
              <FilmLink movieId={booking.movie_id} title={booking.movie_title} />
            </Text>
            <Text size="sm" c="dimmed">
              {formatShowtime(booking)}
              {booking.hall ? ` · ${booking.hall}` : ''}
            </Text>
          </div>
          <StatusBadge status={booking.status === 'pending' && !pending ? 'expired' : booking.status} />
        </Group>
        <Group gap={6}>
          {booking.seats.map((label, i) => {
            const ticket = booking.breakdown?.[i];
            return (
              <Badge key={label} variant="outline" color="gray" radius="sm" tt="none">
                {ticket && ticket.ticket_type !== 'adult' ? `${label} · ${ticket.ticket_label}` : label}
              </Badge>
            );
          })}
        </Group>
        <Group justify="space-between" align="center">
          <Stack gap={0}>
            <Text fw={700}>{formatMoney(booking.total_amount, booking.currency)}</Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {booking.booking_reference}
            </Text>
            {booking.status === 'cancelled' && booking.refund_amount !== null && booking.refund_amount > 0 && (
              <Text size="xs" c="teal.4">
                Refunded {formatMoney(booking.refund_amount, booking.currency)}
              </Text>
            )}
            {booking.cancel_reason === 'too_many_declines' && (
              <Text size="xs" c="dimmed">
                Cancelled after too many declined cards
              </Text>
            )}
            {booking.cancel_reason === 'show_cancelled' && (
              <Text size="xs" c="dimmed">
                The cinema cancelled this showtime
              </Text>
            )}
          </Stack>
          {pending && <Countdown remainingMs={remaining} label="Pay within" />}
        </Group>
        <Group justify="flex-end" gap="xs">
          {booking.status === 'confirmed' && (
            <Button
              variant="light"
              size="xs"
              aria-expanded={showTickets}
              aria-controls={ticketsId}
              onClick={() => setShowTickets((open) => !open)}
            >
              {showTickets ? 'Hide tickets' : 'Show tickets'}
            </Button>
          )}
          {booking.status === 'confirmed' && (
            <Button component={Link} to={`/bookings/${booking.booking_reference}`} variant="default" size="xs">
              Details
            </Button>
          )}
          {canCancel(booking, now) && (
            <Button variant="subtle" color="red" size="xs" onClick={() => onCancel(booking)}>
              Cancel booking
            </Button>
          )}
          {pending && (
            <Button component={Link} to={`/checkout/${booking.booking_reference}`} size="xs">
              Pay now
            </Button>
          )}
        </Group>
        {booking.status === 'confirmed' && (
          <div id={ticketsId}>{showTickets && <TicketsSection reference={booking.booking_reference} headingLevel={3} />}</div>
        )}
      </Stack>
    </Card>
  );
}
