import { randomUUID } from 'node:crypto';
import { normalizeCardNumber } from '../core/card.js';
import type { CardProcessor, ChargeLookup, ChargeRequest, ChargeResult, PaymentAttempt } from './payment-provider.js';

/** The test card that is always declined, as with common gateways' test modes. */
export const DECLINED_TEST_CARD = '4000000000000002';

/**
 * A stand-in card processor for development and demos: it moves no money. Card checks (Luhn,
 * expiry) happen before it is called; here 4000 0000 0000 0002 is declined and every other valid
 * number approves. It remembers idempotency keys for the life of the process: after a restart it
 * knows of no earlier charge, which is true, since it never took any money.
 */
export function simulatedCardProcessor(): CardProcessor & { charges(): number; refunds(): number } {
  const charges = new Map<string, ChargeResult>();
  const refunds = new Map<string, { refundId: string }>();
  const amounts = new Map<string, number>();
  return {
    name: 'simulated',
    flow: 'card',
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const earlier = charges.get(request.idempotencyKey);
      if (earlier) return earlier;
      const result: ChargeResult =
        normalizeCardNumber(request.card.card_number) === DECLINED_TEST_CARD
          ? { ok: false, reason: 'declined', message: 'The card was declined' }
          : { ok: true, paymentId: `pay_sim_${randomUUID().replaceAll('-', '')}` };
      charges.set(request.idempotencyKey, result);
      amounts.set(request.idempotencyKey, request.amount);
      return result;
    },
    async lookup({ idempotencyKey }: PaymentAttempt): Promise<ChargeLookup> {
      const earlier = charges.get(idempotencyKey);
      return earlier?.ok
        ? { charged: true, paymentId: earlier.paymentId, amount: amounts.get(idempotencyKey) ?? 0 }
        : { charged: false, open: false };
    },
    async refund(request) {
      const earlier = refunds.get(request.idempotencyKey);
      if (earlier) return earlier;
      const result = { refundId: `re_sim_${randomUUID().replaceAll('-', '')}` };
      refunds.set(request.idempotencyKey, result);
      return result;
    },
    charges: () => [...charges.values()].filter((c) => c.ok).length,
    refunds: () => refunds.size,
  };
}
