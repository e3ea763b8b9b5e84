/** What the booking flow needs from a card processor. A real gateway implements the same type. */
export type ChargeRequest = {
  amount: number;
  currency: string;
  card: { card_number: string; exp_month: number; exp_year: number; cvc: string; cardholder_name: string };
  description: string;
  /** The same key twice must not charge twice. */
  idempotencyKey: string;
};

export type ChargeResult = { ok: true; paymentId: string } | { ok: false; reason: 'declined'; message: string };

/** One payment attempt as the provider knows it: by our idempotency key, and by its intent when it has one. */
export type PaymentAttempt = { idempotencyKey: string; intentId: string | null };

/**
 * What the provider knows of an attempt, asked after a crash left the payment unsettled.
 * `open`: no money yet, but the customer may still pay it (a checkout on the provider's page).
 */
export type ChargeLookup = { charged: true; paymentId: string; amount: number } | { charged: false; open: boolean };

export type RefundRequest = { paymentId: string; amount: number; currency: string; idempotencyKey: string };

type Common = {
  name: string;
  refund(request: RefundRequest): Promise<{ refundId: string }>;
  /** Whether the attempt took money. */
  lookup(attempt: PaymentAttempt): Promise<ChargeLookup>;
};

/** The card comes to our server and is charged there (the simulated processor). */
export type CardProcessor = Common & {
  flow: 'card';
  charge(request: ChargeRequest): Promise<ChargeResult>;
};

/** A checkout the customer's browser completes with the provider; card data never reaches our server. */
export type Checkout = { intentId: string; clientSecret: string; status: CheckoutStatus; amount: number; currency: string };

/** Where a provider's checkout stands: paid, still open to the customer, or closed without money. */
export type CheckoutStatus = 'succeeded' | 'open' | 'processing' | 'canceled';

/** A refund as the provider recorded it, ours (with our refund row's id) or made in its dashboard. */
export type ProviderRefund = {
  id: string;
  amount: number;
  status: 'succeeded' | 'pending' | 'failed';
  ourRefundId: number | null;
};

export type CheckoutProvider = Common & {
  flow: 'checkout';
  publishableKey: string;
  openCheckout(request: {
    amount: number;
    currency: string;
    bookingReference: string;
    paymentId: number;
    idempotencyKey: string;
  }): Promise<Checkout>;
  checkout(intentId: string): Promise<Checkout>;
  /** Makes sure the checkout can take no more money; answers where it ended (it may have been paid meanwhile). */
  closeCheckout(intentId: string): Promise<Checkout>;
  refundsOf(intentId: string): Promise<ProviderRefund[]>;
};

export type PaymentProvider = CardProcessor | CheckoutProvider;
