import { describe, expect, it } from 'vitest';
import { canCheckIn, canSeeAnyTickets, decideRoleChange, isRole, isStaff, ROLE_LABELS, ROLES } from './roles.js';

describe('roles', () => {
  it('knows exactly the four roles, each with a label', () => {
    expect(ROLES).toEqual(['user', 'usher', 'box_office', 'admin']);
    for (const role of ROLES) expect(ROLE_LABELS[role].length).toBeGreaterThan(0);
    expect(isRole('box_office')).toBe(true);
    expect(isRole('superuser')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it('customers are not staff; ushers, the box office and admins are, and all of them check tickets', () => {
    expect(isStaff('user')).toBe(false);
    expect(canCheckIn('user')).toBe(false);
    expect(canSeeAnyTickets('user')).toBe(false);
    for (const role of ['usher', 'box_office', 'admin'] as const) {
      expect(isStaff(role)).toBe(true);
      expect(canCheckIn(role)).toBe(true);
      expect(canSeeAnyTickets(role)).toBe(true);
    }
  });

  it('an admin changes other people’s roles, never their own, and a no-op is refused', () => {
    expect(decideRoleChange({ actorId: 1, targetId: 2, from: 'user', to: 'usher' })).toEqual({ ok: true });
    expect(decideRoleChange({ actorId: 1, targetId: 1, from: 'admin', to: 'user' })).toEqual({ ok: false, code: 'OWN_ROLE' });
    expect(decideRoleChange({ actorId: 1, targetId: 2, from: 'usher', to: 'usher' })).toEqual({ ok: false, code: 'SAME_ROLE' });
  });
});
