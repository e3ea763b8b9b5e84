import type { PaymentSettings } from '../payment-settings.js';
import type { PaymentProvider } from './payment-provider.js';
import { simulatedCardProcessor } from './simulated-card-processor.js';
import { stripeProvider } from './stripe-provider.js';

/** The provider PAYMENT_PROVIDER names. */
export function paymentProviderFor(settings: PaymentSettings): PaymentProvider {
  return settings.provider === 'stripe' ? stripeProvider(settings) : simulatedCardProcessor();
}
