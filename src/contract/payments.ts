import { type Static, Type } from 'typebox';

/** What the web checkout needs to know about the payment provider. */
export const PaymentsConfig = Type.Object({
  provider: Type.Union([Type.Literal('simulated'), Type.Literal('stripe')]),
  publishable_key: Type.Optional(Type.String({ description: "Stripe's publishable key, for Stripe.js (Stripe only)" })),
});
export type PaymentsConfig = Static<typeof PaymentsConfig>;

export const WebhookAck = Type.Object({
  received: Type.Literal(true),
  outcome: Type.Union([Type.Literal('handled'), Type.Literal('duplicate'), Type.Literal('ignored')], {
    description: '`duplicate`: this event id was handled before; `ignored`: nothing here for it to change',
  }),
});
