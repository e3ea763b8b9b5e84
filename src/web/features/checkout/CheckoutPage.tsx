import { Alert, Button, Container, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCreditCardOff } from '@tabler/icons-react';
import { useCallback, useEffect } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import type { Booking } from '../../../contract/bookings';
import { isApiError } from '../../api/client';
import { Countdown } from '../../components/Countdown';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { errorText } from '../../lib/fieldErrors';
import { formatCinemaDateTime, formatMoney } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useCancelBooking } from '../bookings/useCancelBooking';
import { BookingSummary } from './BookingSummary';
import { CardForm } from './CardForm';
import classes from './CheckoutPage.module.css';
import { HoldEnded } from './HoldEnded';
import { StripePayment } from './StripePayment';
import { useBooking } from './useBooking';
import { useConfirmPayment } from './useConfirmPayment';
import { usePaymentsConfig } from './usePaymentsConfig';

export function CheckoutPage() {
  const reference = useParams().reference ?? '';
  const navigate = useNavigate();
  const booking = useBooking(reference);
  const pay = useConfirmPayment(reference, booking.data?.event_id);
  const release = useCancelBooking();
  const provider = usePaymentsConfig().data?.provider;
  const onStripeConfirmed = useCallback(() => navigate(`/bookings/${reference}`), [navigate, reference]);
  // awaiting_payment: the customer is paying on Stripe's form; the seats are still held.
  const pending = booking.data?.status === 'pending' || booking.data?.status === 'awaiting_payment';
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
                  {data.refund_policy && (
                    <Text size="sm" c="dimmed" data-testid="refund-policy">
                      {refundPolicyText(data.refund_policy, data.currency, data.time_zone)}
                    </Text>
                  )}
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
                        release.mutate(
                          { reference: data.booking_reference },
                          { onSuccess: () => navigate(`/showtimes/${data.event_id}`) },
                        )
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
                  {provider === 'stripe' ? (
                    <StripePayment reference={data.booking_reference} amountText={amountText} onConfirmed={onStripeConfirmed} />
                  ) : (
                    <CardForm
                      amountText={amountText}
                      paying={pay.isPending}
                      error={isApiError(pay.error) ? pay.error : null}
                      onPay={(card) => pay.mutate(card, { onSuccess: () => navigate(`/bookings/${data.booking_reference}`) })}
                    />
                  )}
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Container>
  );
}

/** "Free cancellation until Sat 6 Dec · 18:30" (the cinema's time, its zone named if this browser's differs), or what a cancellation costs. */
function refundPolicyText(policy: NonNullable<Booking['refund_policy']>, currency: string, timeZone: string): string {
  const until = formatCinemaDateTime(policy.cancel_until, timeZone);
  if (policy.fee === 0 && policy.fee_percent === 0) return `Free cancellation until ${until}.`;
  const parts = [
    ...(policy.fee > 0 ? [formatMoney(policy.fee, currency)] : []),
    ...(policy.fee_percent > 0 ? [`${policy.fee_percent}% of the seats' price`] : []),
  ];
  return `Cancellable until ${until}; a fee of ${parts.join(' plus ')} is kept.`;
}
