/** Money is held as integer minor units (cents); major-unit decimals exist only at the API edge. */

const digitsCache = new Map<string, number>();

export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

/** Converts a major-unit amount (e.g. 18.5) to minor units, or null when it has more precision than the currency allows. */
export function toMinorUnits(amount: number, currency: string): number | null {
  if (!Number.isFinite(amount)) return null;
  const scaled = amount * 10 ** currencyDigits(currency);
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6) return null;
  if (!Number.isSafeInteger(rounded)) return null;
  return rounded;
}

export function toMajorUnits(minor: number, currency: string): number {
  const digits = currencyDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

/** Applies a price factor given in basis points (10000 = 1x), rounding half up to a whole minor unit. */
export function applyFactor(baseMinor: number, factorBasisPoints: number): number {
  return Math.round((baseMinor * factorBasisPoints) / 10000);
}

export function factorToBasisPoints(factor: number): number {
  return Math.round(factor * 10000);
}

/**
 * The dearest base seat price (major units) and category factor an admin may set. A seat then
 * costs at most 100,000.00 and a ten-seat booking 1,000,000.00: exact in a JavaScript number and
 * far inside the 64-bit money columns. (Unbounded, 100,000 x 100 x 3 seats passed PostgreSQL's
 * 32-bit integer and the hold failed with a 500.)
 */
export const MAX_BASE_PRICE = 10_000;
export const MAX_PRICE_FACTOR = 10;

export type PriceCheck = { ok: true; minor: number } | { ok: false; message: string };

/** An admin's base seat price in minor units, or what is wrong with it. */
export function checkBasePrice(amount: number, currency: string): PriceCheck {
  if (!(amount >= 0 && amount <= MAX_BASE_PRICE)) return { ok: false, message: `must be between 0 and ${MAX_BASE_PRICE}` };
  const minor = toMinorUnits(amount, currency);
  if (minor === null) return { ok: false, message: `has more decimals than ${currency} allows` };
  return { ok: true, minor };
}
