/**
 * Which payment provider takes the money, and how to reach it. Read by loadConfig (src/config.ts);
 * kept apart so the provider settings and their checks sit in one place.
 */

export type StripeSettings = {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** Stripe's API unless set (tests and Stripe-compatible mock servers point it elsewhere). */
  apiUrl?: string;
  /** One request to Stripe gives up after this long, and is retried at most `maxNetworkRetries` times. */
  timeoutMs: number;
  maxNetworkRetries: number;
};

export type PaymentSettings = { provider: 'simulated' } | ({ provider: 'stripe' } & StripeSettings);

export class PaymentSettingsError extends Error {}

const PROVIDERS = ['simulated', 'stripe'];

/** Bounded so that a customer's request never waits on Stripe for more than about half a minute. */
export const STRIPE_TIMEOUT_MS = 10_000;
export const STRIPE_MAX_NETWORK_RETRIES = 2;

function stripeApiUrl(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PaymentSettingsError(`STRIPE_API_URL must be an http(s) address like http://127.0.0.1:12111, got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new PaymentSettingsError(`STRIPE_API_URL must be an http(s) origin like http://127.0.0.1:12111, got "${value}"`);
  }
  return url.origin;
}

export function readPaymentSettings(env: NodeJS.ProcessEnv): PaymentSettings {
  const provider = env.PAYMENT_PROVIDER?.trim().toLowerCase() || 'simulated';
  if (!PROVIDERS.includes(provider)) {
    throw new PaymentSettingsError(`PAYMENT_PROVIDER must be one of ${PROVIDERS.join(', ')}, got "${env.PAYMENT_PROVIDER}"`);
  }
  if (provider === 'simulated') return { provider: 'simulated' };
  const required = (name: string, prefix: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new PaymentSettingsError(`${name} is required when PAYMENT_PROVIDER=stripe`);
    if (!value.startsWith(prefix)) throw new PaymentSettingsError(`${name} must start with ${prefix}`);
    return value;
  };
  const apiUrl = stripeApiUrl(env.STRIPE_API_URL);
  return {
    provider: 'stripe',
    secretKey: required('STRIPE_SECRET_KEY', 'sk_'),
    publishableKey: required('STRIPE_PUBLISHABLE_KEY', 'pk_'),
    webhookSecret: required('STRIPE_WEBHOOK_SECRET', 'whsec_'),
    ...(apiUrl ? { apiUrl } : {}),
    timeoutMs: STRIPE_TIMEOUT_MS,
    maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
  };
}
