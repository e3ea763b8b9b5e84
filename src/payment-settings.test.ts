import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { PaymentSettingsError, readPaymentSettings, STRIPE_MAX_NETWORK_RETRIES, STRIPE_TIMEOUT_MS } from './payment-settings.js';

const stripe = {
  PAYMENT_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
};

describe('payment settings', () => {
  it('defaults to the simulated processor', () => {
    expect(readPaymentSettings({})).toEqual({ provider: 'simulated' });
    expect(readPaymentSettings({ PAYMENT_PROVIDER: ' ' })).toEqual({ provider: 'simulated' });
  });

  it('reads Stripe with its three keys, bounded timeout and retries, and an optional API address', () => {
    expect(readPaymentSettings(stripe)).toEqual({
      provider: 'stripe',
      secretKey: 'sk_test_abc',
      publishableKey: 'pk_test_abc',
      webhookSecret: 'whsec_abc',
      timeoutMs: STRIPE_TIMEOUT_MS,
      maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
    });
    expect(readPaymentSettings({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111/' })).toMatchObject({
      apiUrl: 'http://127.0.0.1:12111',
    });
  });

  it('names the missing or malformed setting', () => {
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET'] as const) {
      expect(() => readPaymentSettings({ ...stripe, [name]: '' })).toThrow(
        new PaymentSettingsError(`${name} is required when PAYMENT_PROVIDER=stripe`),
      );
    }
    expect(() => readPaymentSettings({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(
      /STRIPE_SECRET_KEY must start with sk_/,
    );
    expect(() => readPaymentSettings({ PAYMENT_PROVIDER: 'paypal' })).toThrow(
      /PAYMENT_PROVIDER must be one of simulated, stripe/,
    );
    expect(() => readPaymentSettings({ ...stripe, STRIPE_API_URL: 'ftp://x' })).toThrow(/STRIPE_API_URL/);
    expect(() => readPaymentSettings({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111/v1' })).toThrow(/STRIPE_API_URL/);
  });

  it('stops start-up with a config error naming the missing key', () => {
    const env = {
      SECRET_KEY: randomBytes(48).toString('base64url'),
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc',
    };
    expect(() => loadConfig(env, { isTTY: false })).toThrow(ConfigError);
    expect(() => loadConfig(env, { isTTY: false })).toThrow('STRIPE_PUBLISHABLE_KEY is required when PAYMENT_PROVIDER=stripe');
    expect(loadConfig({ ...env, ...stripe }, { isTTY: false }).payments.provider).toBe('stripe');
  });
});
