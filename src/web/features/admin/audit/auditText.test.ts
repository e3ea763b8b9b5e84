import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, actorText, detailText, outcomeText, targetText } from './auditText';

describe('audit log wording', () => {
  it('names targets in plain words, keeping kinds it does not know', () => {
    expect(targetText({ target_type: 'movie', target_id: '12' })).toBe('Movie 12');
    expect(targetText({ target_type: 'event', target_id: '3' })).toBe('Showtime 3');
    expect(targetText({ target_type: 'booking', target_id: 'K7QX2M' })).toBe('Booking K7QX2M');
    expect(targetText({ target_type: 'voucher', target_id: null })).toBe('voucher');
  });

  it('names an account by its email, else its id, else says it was not recorded', () => {
    expect(targetText({ target_type: 'user', target_id: '7', target_email: 'ada@example.com' })).toBe('ada@example.com');
    expect(targetText({ target_type: 'user', target_id: null, target_email: 'nobody@example.com' })).toBe('nobody@example.com');
    expect(targetText({ target_type: 'user', target_id: '7', target_email: null })).toBe('Account 7');
    expect(targetText({ target_type: 'user', target_id: null, target_email: null })).toBe('Account not recorded');
  });

  it('calls an actor-less sign-in anonymous and an actor-less expiry the system', () => {
    expect(actorText({ actor_id: null, actor_email: null, action: 'auth.login_failed' })).toBe('anonymous');
    expect(actorText({ actor_id: null, actor_email: null, action: 'booking.expire' })).toBe('system');
    expect(actorText({ actor_id: 3, actor_email: 'boss@cinema.test', action: 'auth.login' })).toBe('boss@cinema.test');
  });

  it('shows the reason or the wait, never the raw request', () => {
    expect(detailText({ reason: 'hold ran out before payment' })).toBe('hold ran out before payment');
    expect(detailText({ retry_after_seconds: 900 })).toBe('may try again in 15 minutes');
    expect(detailText({ retry_after_seconds: 30 })).toBe('may try again in 1 minute');
    expect(detailText({ method: 'DELETE', path: '/api/admin/movies/2', status: 204 })).toBeNull();
    expect(detailText({})).toBeNull();
  });

  it('words outcomes plainly, and says nothing for entries that recorded none', () => {
    expect(outcomeText('success')).toBe('Succeeded');
    expect(outcomeText('blocked')).toBe('Blocked');
    expect(outcomeText(null)).toBeNull();
  });

  it('offers every action the server records, by its plain name', () => {
    const items = AUDIT_ACTIONS.flatMap((g) => g.items);
    for (const action of ['movie.create', 'hall.delete', 'event.update', 'booking.hold', 'booking.expire', 'auth.login']) {
      expect(items.map((i) => i.value)).toContain(action);
    }
    expect(items).toContainEqual({ value: 'auth.lockout', label: 'Account locked after too many failed sign-ins' });
    expect(items).toContainEqual({ value: 'booking.hold', label: 'Seats held' });
  });
});
