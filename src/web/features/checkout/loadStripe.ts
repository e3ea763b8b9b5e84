/**
 * Stripe.js, loaded from Stripe at run time (Stripe requires it to come from js.stripe.com, and
 * the Content-Security-Policy allows that origin only when the server uses Stripe). The small
 * part of its API the checkout uses is typed here.
 */

export type StripeElement = { mount(target: HTMLElement): void; destroy(): void };
export type StripeElements = { create(kind: 'payment', options?: Record<string, unknown>): StripeElement };
export type StripeConfirmResult = {
  error?: { type: string; message?: string };
  paymentIntent?: { id: string; status: string };
};
export type StripeJs = {
  elements(options: { clientSecret: string; appearance?: Record<string, unknown> }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    redirect: 'if_required';
    confirmParams: { return_url: string };
  }): Promise<StripeConfirmResult>;
};

type StripeFactory = (publishableKey: string) => StripeJs;

const STRIPE_JS = 'https://js.stripe.com/v3';
let loading: Promise<StripeFactory> | undefined;

function loadScript(): Promise<StripeFactory> {
  const existing = (window as unknown as { Stripe?: StripeFactory }).Stripe;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.async = true;
    script.onload = () => {
      const factory = (window as unknown as { Stripe?: StripeFactory }).Stripe;
      if (factory) resolve(factory);
      else reject(new Error('Stripe.js loaded but did not start'));
    };
    script.onerror = () => reject(new Error('Could not load the card form from Stripe; check your connection and try again'));
    document.head.appendChild(script);
  });
}

/** One Stripe.js per page; a failed load can be tried again. */
export async function loadStripe(publishableKey: string): Promise<StripeJs> {
  loading ??= loadScript().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return (await loading)(publishableKey);
}
