import { describe, expect, it } from 'vitest';
import { loggableUrl } from './log-urls.js';

describe('loggableUrl', () => {
  it('keeps the password-reset token out of the log and leaves other URLs alone', () => {
    expect(loggableUrl('/reset-password?token=abcDEF_123-x')).toBe('/reset-password?token=[redacted]');
    expect(loggableUrl('/reset-password?a=1&TOKEN=secret#x')).toBe('/reset-password?a=1&TOKEN=[redacted]#x');
    expect(loggableUrl('/api/events?day=2100-01-01')).toBe('/api/events?day=2100-01-01');
    expect(loggableUrl('/api/admin/mail/tokenish')).toBe('/api/admin/mail/tokenish');
  });
});
