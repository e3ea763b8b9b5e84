/** Card checks a simulated processor (or any provider) can rely on before talking to a bank. */

export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A card is valid through the last day of its expiry month (UTC). */
export function isCardExpired(expMonth: number, expYear: number, now: number): boolean {
  const year = expYear < 100 ? 2000 + expYear : expYear;
  const firstOfNextMonth = Date.UTC(year, expMonth, 1);
  return firstOfNextMonth <= now;
}

export type CardProblem = { field: string; message: string };

export function findCardProblems(
  card: { card_number: string; exp_month: number; exp_year: number; cvc: string },
  now: number,
): CardProblem[] {
  const problems: CardProblem[] = [];
  if (!passesLuhn(normalizeCardNumber(card.card_number))) {
    problems.push({ field: 'payment/card_number', message: 'card number is not valid' });
  }
  if (isCardExpired(card.exp_month, card.exp_year, now)) {
    problems.push({ field: 'payment/exp_year', message: 'card has expired' });
  }
  if (!/^\d{3,4}$/.test(card.cvc)) {
    problems.push({ field: 'payment/cvc', message: 'cvc must be 3 or 4 digits' });
  }
  return problems;
}
