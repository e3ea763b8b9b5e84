import type { ApiError } from '../api/client';

/** Server messages are written for developers ("must NOT have fewer than 8 characters"); say them plainly. */
export function plainFieldMessage(message: string): string {
  if (message === 'is required') return 'Required';
  if (/format "email"/.test(message)) return 'Enter a valid email address';
  if (/pattern "\^https:\/\//.test(message)) return 'Enter a full web address starting with https://';
  if (/format "uri"|pattern "\^https/.test(message)) return 'Enter a full web address starting with http:// or https://';
  if (/format "date"/.test(message)) return 'Enter a date as YYYY-MM-DD';
  const fewer = /must NOT have fewer than (\d+) characters/.exec(message);
  // "fewer than 1" is an empty field: it is simply required.
  if (fewer) return fewer[1] === '1' ? 'Required' : `Use at least ${fewer[1]} characters`;
  const more = /must NOT have more than (\d+) characters/.exec(message);
  if (more) return `Use at most ${more[1]} characters`;
  const atLeast = /must be >= (\S+)/.exec(message);
  if (atLeast) return `Must be at least ${atLeast[1]}`;
  const atMost = /must be <= (\S+)/.exec(message);
  if (atMost) return `Must be at most ${atMost[1]}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The 422's field problems keyed by the path under the body: 'body/email' becomes 'email',
 * 'body/payment/card_number' becomes 'payment/card_number'. The first problem per field wins.
 */
export function fieldErrorsOf(error: ApiError | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const problem of error?.fieldErrors ?? []) {
    const field = problem.field.replace(/^body\/?/, '');
    if (!(field in result)) result[field] = plainFieldMessage(problem.message);
  }
  return result;
}

/** Problems whose field no input shows, so the form can list them instead of dropping them. */
export function unplacedErrors(errors: Record<string, string>, shown: string[]): string[] {
  return Object.entries(errors)
    .filter(([field]) => !shown.includes(field))
    .map(([field, message]) => (field ? `${field.replace(/\//g, ' ')}: ${message}` : message));
}

/** A sentence for an error shown away from any form field. */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'fieldErrors' in error) {
    const problems = (error as ApiError).fieldErrors;
    if (problems.length > 0) return problems.map((p) => plainFieldMessage(p.message)).join('. ');
  }
  return error instanceof Error ? error.message : 'Something went wrong';
}
