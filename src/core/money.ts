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
