import { Button, Container, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconTicketOff } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Booking } from '../../../contract/bookings';
import { EmptyNote, ErrorState } from '../../components/QueryStates';
import { useNow } from '../../lib/useNow';
import { BookingCard } from './BookingCard';
import { splitBookings } from './splitBookings';
import { useMyBookings } from './useMyBookings';

// A dialog's code (focus trap, scroll lock, transitions) arrives when someone first asks to cancel.
const CancelBookingDialog = lazy(() => import('./CancelBookingDialog').then((m) => ({ default: m.CancelBookingDialog })));

export function MyBookingsPage() {
  const bookings = useMyBookings();
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  // Stays mounted once loaded, so the dialog can play its closing transition.
  const [dialogLoaded, setDialogLoaded] = useState(false);
  if (cancelling && !dialogLoaded) setDialogLoaded(true);
  const hasPending = bookings.data?.some((b) => b.status === 'pending') ?? false;
  const now = useNow(1000, hasPending);
  const { upcoming, past } = splitBookings(bookings.data ?? [], now);
  const card = (booking: Booking) => (
    <BookingCard key={booking.booking_reference} booking={booking} now={now} onCancel={setCancelling} />
  );

  return (
    <Container size="md" py="lg">
      <Stack>
        <div>
          <Title order={1}>My bookings</Title>
          <Text c="dimmed">
            Upcoming and past tickets. Paid bookings can be cancelled for a full refund until the film starts.
          </Text>
        </div>
        {bookings.isPending && (
          <Stack role="status" aria-label="Loading bookings">
            {[0, 1].map((i) => (
              <Skeleton key={i} h={150} radius="lg" />
            ))}
          </Stack>
        )}
        {bookings.isError && (
          <ErrorState title="Could not load your bookings" error={bookings.error} onRetry={() => void bookings.refetch()} />
        )}
        {bookings.data?.length === 0 && (
          <EmptyNote
            icon={<IconTicketOff aria-hidden />}
            title="No bookings yet"
            description="When you book seats they show up here."
            action={
              <Button component={Link} to="/">
                Find a showtime
              </Button>
            }
          />
        )}
        {upcoming.length > 0 && (
          <Stack component="section" aria-labelledby="bookings-upcoming" gap="sm">
            <Title order={2} fz="h3" id="bookings-upcoming">
              Upcoming
            </Title>
            {upcoming.map(card)}
          </Stack>
        )}
        {past.length > 0 && (
          <Stack component="section" aria-labelledby="bookings-past" gap="sm">
            <Title order={2} fz="h3" id="bookings-past">
              Past and cancelled
            </Title>
            {past.map(card)}
          </Stack>
        )}
      </Stack>
      {dialogLoaded && (
        <Suspense fallback={null}>
          <CancelBookingDialog booking={cancelling} onClose={() => setCancelling(null)} />
        </Suspense>
      )}
    </Container>
  );
}
