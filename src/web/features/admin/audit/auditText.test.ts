import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, detailText, targetText } from './auditText';

describe('audit log wording', () => {
  it('names targets in plain words, keeping kinds it does not know', () => {
    expect(targetText({ target_type: 'movie', target_id: '12' })).toBe('Movie 12');
    expect(targetText({ target_type: 'event', target_id: '3' })).toBe('Showtime 3');
    expect(targetText({ target_type: 'booking', target_id: 'K7QX2M' })).toBe('Booking K7QX2M');
    expect(targetText({ target_type: 'voucher', target_id: null })).toBe('voucher');
  });

  it('shows the reason when there is one, else the request that made the change', () => {
    expect(detailText({ reason: 'hold ran out before payment' })).toBe('hold ran out before payment');
    expect(detailText({ method: 'DELETE', path: '/api/admin/movies/2', status: 204 })).toBe('DELETE /api/admin/movies/2');
    expect(detailText({})).toBeNull();
  });

  it('offers every action the server records', () => {
    const actions = AUDIT_ACTIONS.flatMap((g) => g.items);
    for (const action of ['movie.create', 'hall.delete', 'event.update', 'booking.hold', 'booking.expire']) {
      expect(actions).toContain(action);
    }
  });
});
