import { Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { formatDateTime, formatMoney } from '../../lib/format';
import { BookingSummary } from '../checkout/BookingSummary';
import { useBooking } from '../checkout/useBooking';
import { TicketsSection } from '../tickets/TicketsSection';
import { StatusBadge } from './StatusBadge';

/** One booking; right after payment it is the confirmation page. */
export function BookingPage() {
  const reference = useParams().reference ?? '';
  const booking = useBooking(reference);
  if (booking.isPending) return <LoadingState label="Loading your booking…" />;
  if (booking.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState title="Could not load this booking" error={booking.error} onRetry={() => void booking.refetch()} />
      </Container>
    );
  }
  const data = booking.data;
  const confirmed = data.status === 'confirmed';
  return (
    <Container size="sm" py="xl">
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }}>
        <Stack gap="lg">
          {confirmed ? (
            <Stack align="center" gap={6} ta="center">
              <IconCircleCheck size={56} color="var(--mantine-color-teal-5)" aria-hidden />
              <Title order={1}>You're booked!</Title>
              <Text c="dimmed">Show your tickets' QR codes at the entrance. Enjoy the film.</Text>
            </Stack>
          ) : (
            <Group justify="space-between">
              <Title order={1} fz="h2">
                Booking
              </Title>
              <StatusBadge status={data.status} />
            </Group>
          )}
          <Stack gap={2} align={confirmed ? 'center' : 'flex-start'}>
            <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
              Booking reference
            </Text>
            <Text
              ff="monospace"
              fz={confirmed ? 32 : 'xl'}
              fw={800}
              c="yellow.4"
              data-testid="booking-reference"
              style={{ letterSpacing: '0.08em' }}
            >
              {data.booking_reference}
            </Text>
          </Stack>
          <BookingSummary booking={data} totalLabel={confirmed ? 'Paid' : 'Total'} />
          {data.paid_at && (
            <Text size="sm" c="dimmed">
              Paid {formatDateTime(data.paid_at)}
            </Text>
          )}
          {confirmed && <TicketsSection reference={data.booking_reference} />}
          {data.cancel_reason === 'show_cancelled' && (
            <Text size="sm" fw={600}>
              The cinema cancelled this showtime; your tickets are no longer valid.
            </Text>
          )}
          {data.status === 'cancelled' && data.refund_amount !== null && data.refund_amount > 0 && (
            <Text size="sm">Refunded {formatMoney(data.refund_amount, data.currency)}</Text>
          )}
          <Group justify="center">
            {data.status === 'pending' && (
              <Button component={Link} to={`/checkout/${data.booking_reference}`}>
                Pay now
              </Button>
            )}
            <Button component={Link} to="/bookings" variant={data.status === 'pending' ? 'default' : 'filled'}>
              My bookings
            </Button>
            <Button component={Link} to="/" variant="default">
              Browse showtimes
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Container>
  );
}
