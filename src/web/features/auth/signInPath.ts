/** Why the sign-in page was opened; it shows a matching message. */
export type SignInPageReason = 'expired' | 'required' | 'book' | 'waitlist';

export function signInPath(reason: SignInPageReason | null, next?: string): string {
  const params = new URLSearchParams(reason ? { reason } : {});
  if (next && next !== '/sign-in') params.set('next', next);
  const query = params.toString();
  return query ? `/sign-in?${query}` : '/sign-in';
}

/** Only same-site paths: a crafted ?next=//evil.example must not send a fresh session elsewhere. */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/sign-in')) return null;
  return next;
}
