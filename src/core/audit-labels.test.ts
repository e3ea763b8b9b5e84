import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_GROUPS, AUDIT_LABELS, actorlessName, auditableSignInName, auditLabel } from './audit-labels.js';

describe('auditLabel', () => {
  it('names the security events and the booking actions in plain words', () => {
    expect(auditLabel('auth.login')).toBe('Signed in');
    expect(auditLabel('auth.login_failed')).toBe('Sign-in failed');
    expect(auditLabel('auth.lockout')).toBe('Account locked after too many failed sign-ins');
    expect(auditLabel('auth.refresh_reuse')).toBe('Refresh token reused: all sessions from that sign-in ended');
    expect(auditLabel('admin.create')).toBe('Admin created');
    expect(auditLabel('user.role_change')).toBe('Role changed');
    expect(auditLabel('booking.hold')).toBe('Seats held');
    expect(auditLabel('payment.decline')).toBe('Payment declined');
  });

  it('shows an action it does not know as recorded, and is not fooled by inherited names', () => {
    expect(auditLabel('voucher.redeem')).toBe('voucher.redeem');
    expect(auditLabel('toString')).toBe('toString');
  });

  it('puts every action in exactly one filter group, and no label is a raw action name', () => {
    const grouped = AUDIT_ACTION_GROUPS.flatMap((g) => g.actions);
    expect([...grouped].sort()).toEqual(Object.keys(AUDIT_LABELS).sort());
    for (const label of Object.values(AUDIT_LABELS)) expect(label).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});

describe('actorlessName', () => {
  it('calls actor-less sign-in events anonymous and other ones the system', () => {
    expect(actorlessName('auth.login_failed')).toBe('anonymous');
    expect(actorlessName('admin.create')).toBe('anonymous');
    expect(actorlessName('booking.expire')).toBe('system');
  });
});

describe('auditableSignInName', () => {
  it('keeps an email address (trimmed, lower case) and drops anything else someone typed', () => {
    expect(auditableSignInName('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(auditableSignInName('correct horse battery')).toBeNull();
    expect(auditableSignInName('hunter2!')).toBeNull();
    expect(auditableSignInName('')).toBeNull();
    expect(auditableSignInName(`${'a'.repeat(250)}@b.co`)).toBeNull();
  });
});
