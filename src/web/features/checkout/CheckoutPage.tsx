import { Alert, Button, Container, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCreditCardOff } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { Countdown } from '../../components/Countdown';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { errorText } from '../../lib/fieldErrors';
import { formatMoney } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useCancelBooking } from '../bookings/useCancelBooking';
import { BookingSummary } from './BookingSummary';
import { CardForm } from './CardForm';
import classes from './CheckoutPage.module.css';
import { HoldEnded } from './HoldEnded';
import { useBooking } from './useBooking';
import { useConfirmPayment } from './useConfirmPayment';

export function CheckoutPage() {
  const reference = useParams().reference ?? '';
  const navigate = useNavigate();
  const booking = useBooking(reference);
  const pay = useConfirmPayment(reference, booking.data?.event_id);
  const release = useCancelBooking();
  const pending = booking.data?.status === 'pending';
  const now = useNow(1000, pending);
  const remaining = booking.data ? new Date(booking.data.expires_at).getTime() - now : 0;
  const expired = (pending && remaining <= 0) || isApiError(pay.error, 'HOLD_EXPIRED') || booking.data?.status === 'expired';

  // The server releases the seats itself; refetching shows the booking as expired everywhere.
  const { refetch } = booking;
  useEffect(() => {
    if (expired) void refetch();
  }, [expired, refetch]);

  if (booking.isPending) return <LoadingState label="Loading your booking…" />;
  if (booking.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState title="Could not load this booking" error={booking.error} onRetry={() => void booking.refetch()} />
      </Container>
    );
  }
  const data = booking.data;
  if (data.status === 'confirmed') return <Navigate to={`/bookings/${data.booking_reference}`} replace />;

  const declined = isApiError(pay.error, 'PAYMENT_DECLINED');
  const otherError =
    pay.error && !declined && !expired && !(isApiError(pay.error) && pay.error.status === 422) ? errorText(pay.error) : null;
  const amountText = formatMoney(data.total_amount, data.currency);

  return (
    <Container size="lg" py="lg">
      <Title order={1} mb="md">
        Checkout
      </Title>
      {expired || data.status === 'cancelled' ? (
        <HoldEnded eventId={data.event_id} cancelled={data.status === 'cancelled'} />
      ) : (
        <>
          {/* Sticky under the header: the time left stays in sight while the card form is filled in. */}
          <Paper withBorder radius="lg" px="md" py="xs" mb="md" className={classes.timer}>
            <Countdown remainingMs={remaining} />
          </Paper>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
              <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }}>
                <Stack>
                  <BookingSummary booking={data} />
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed" ff="monospace">
                      Ref. {data.booking_reference}
                    </Text>
                    <Button
                      variant="subtle"
                      color="gray"
                      size="compact-sm"
                      loading={release.isPending}
                      onClick={() =>
                        release.mutate(data.booking_reference, { onSuccess: () => navigate(`/showtimes/${data.event_id}`) })
                      }
                    >
                      Release seats
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
              <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }}>
                <Stack>
                  <Title order={2} fz="lg">
                    Pay by card
                  </Title>
                  {declined && (
                    <Alert
                      color="red"
                      variant="filled"
                      icon={<IconCreditCardOff aria-hidden />}
                      title="Your card was declined"
                      role="alert"
                    >
                      Nothing was charged and your seats are still held. Try another card before the timer runs out.
                    </Alert>
                  )}
                  {otherError && (
                    <Alert color="red" role="alert">
                      {otherError}
                    </Alert>
                  )}
                  <CardForm
                    amountText={amountText}
                    paying={pay.isPending}
                    error={isApiError(pay.error) ? pay.error : null}
                    onPay={(card) => pay.mutate(card, { onSuccess: () => navigate(`/bookings/${data.booking_reference}`) })}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Container>
  );
}
