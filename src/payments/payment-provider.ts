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

/** What the provider knows of an attempt, asked after a crash left the payment unsettled. */
export type ChargeLookup = { charged: true; paymentId: string; amount: number } | { charged: false };

export type PaymentProvider = {
  name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: { paymentId: string; amount: number; currency: string; idempotencyKey: string }): Promise<{ refundId: string }>;
  /** Whether the attempt with this idempotency key took money. */
  lookup(idempotencyKey: string): Promise<ChargeLookup>;
};
