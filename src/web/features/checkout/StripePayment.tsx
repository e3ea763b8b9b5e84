import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { Booking, CheckoutResponse, ConfirmPaymentBody, ConfirmPaymentResult } from '../../../contract/bookings';
import { api, newIdempotencyKey } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { errorText } from '../../lib/fieldErrors';
import { loadStripe, type StripeElements, type StripeJs } from './loadStripe';

type Props = { reference: string; amountText: string; onConfirmed: () => void };

/** How often, and how long, the page asks whether Stripe's news has reached the booking. */
const POLL_MS = 1500;
const POLL_FOR_MS = 60_000;

const openCheckout = (reference: string) =>
  api.post<ConfirmPaymentResult, ConfirmPaymentBody>(
    '/api/confirm-payment',
    { booking_reference: reference },
    { idempotencyKey: newIdempotencyKey() },
  );

/**
 * Pays with Stripe's Payment Element: the card is typed into Stripe's frame and never reaches
 * bookmemovie. 3-D Secure, when the bank asks for it, is shown by Stripe.js in place. Afterwards
 * the booking is confirmed by Stripe's webhook or by asking confirm-payment again, whichever is
 * first; the page polls until it reads confirmed.
 */
export function StripePayment({ reference, amountText, onConfirmed }: Props) {
  const queryClient = useQueryClient();
  const mountPoint = useRef<HTMLDivElement>(null);
  const stripe = useRef<{ js: StripeJs; elements: StripeElements } | null>(null);
  const [ready, setReady] = useState(false);
  const [paying, setPaying] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let element: { destroy(): void } | undefined;
    (async () => {
      try {
        const answer = await openCheckout(reference);
        if (answer.status === 'confirmed') return onConfirmed();
        const { payment } = answer as CheckoutResponse;
        const js = await loadStripe(payment.publishable_key);
        if (cancelled || !mountPoint.current) return;
        const elements = js.elements({ clientSecret: payment.client_secret });
        const created = elements.create('payment');
        created.mount(mountPoint.current);
        element = created;
        stripe.current = { js, elements };
        setReady(true);
      } catch (caught) {
        if (!cancelled) setError(errorText(caught));
      }
    })();
    return () => {
      cancelled = true;
      element?.destroy();
    };
  }, [reference, onConfirmed]);

  async function waitForConfirmation() {
    setWaiting(true);
    const until = Date.now() + POLL_FOR_MS;
    while (Date.now() < until) {
      // Asking confirm-payment checks the intent with Stripe, so this does not wait on the webhook.
      const answer = await openCheckout(reference).catch(() => null);
      if (answer?.status === 'confirmed') {
        queryClient.setQueryData<Booking>(queryKeys.booking(reference), (old) => old && { ...old, status: 'confirmed' });
        void queryClient.invalidateQueries({ queryKey: queryKeys.bookings });
        onConfirmed();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    setWaiting(false);
    setError('Stripe has not confirmed the payment yet. Your booking will show as paid as soon as it does.');
    void queryClient.invalidateQueries({ queryKey: queryKeys.booking(reference) });
  }

  async function pay() {
    if (!stripe.current) return;
    setPaying(true);
    setError(null);
    const result = await stripe.current.js.confirmPayment({
      elements: stripe.current.elements,
      redirect: 'if_required',
      confirmParams: { return_url: window.location.href },
    });
    setPaying(false);
    if (result.error) {
      // A declined card or a failed 3-D Secure check: the seats stay held, another card may be tried.
      setError(result.error.message ?? 'The payment did not go through; nothing was charged.');
      return;
    }
    await waitForConfirmation();
  }

  return (
    <Stack>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!ready && !error && <Loader size="sm" aria-label="Loading the card form" />}
      <div ref={mountPoint} data-testid="stripe-payment-element" />
      {waiting ? (
        <Text role="status" aria-live="polite">
          Payment received by Stripe; confirming your booking…
        </Text>
      ) : (
        <Button
          size="md"
          fullWidth
          leftSection={<IconLock size={18} aria-hidden />}
          disabled={!ready}
          loading={paying}
          onClick={() => void pay()}
        >
          Pay {amountText}
        </Button>
      )}
      <Text size="xs" c="dimmed">
        Card details go straight to Stripe; bookmemovie never sees them.
      </Text>
    </Stack>
  );
}
