import { describe, expect, it } from 'vitest';
import {
  bookingCancelledEmail,
  bookingConfirmedEmail,
  emlFileName,
  isStoredMessageId,
  latePaymentRefundedEmail,
  mailDomain,
  parseEmailPayload,
  passwordResetEmail,
} from './mail.js';

const booking = { id: 12, reference: 'ABC123XY', userId: 5 };
const base = { to: 'ada@example.com', publicUrl: 'https://tickets.example.com/app', now: 1_000 };

describe('email payloads', () => {
  it('give each booking and kind one stable Message-ID on the public host, whenever they are made', () => {
    const first = bookingConfirmedEmail(booking, base);
    const again = bookingConfirmedEmail(booking, { ...base, now: 99_999 });
    expect(first.payload.message_id).toBe('<booking-ABC123XY-confirmed@tickets.example.com>');
    expect(again.payload.message_id).toBe(first.payload.message_id);
    expect(first).toEqual({
      topic: 'booking:12',
      kind: 'email',
      payload: {
        template: 'booking_confirmed',
        to: 'ada@example.com',
        message_id: first.payload.message_id,
        date: 1_000,
        booking_id: 12,
      },
    });
    expect(latePaymentRefundedEmail(booking, 2500, base).payload).toMatchObject({
      message_id: '<booking-ABC123XY-late-payment-refunded@tickets.example.com>',
      refund_amount: 2500,
    });
  });

  it('tell cancellations of one booking apart, and keep the seats of a partial one', () => {
    const partial = bookingCancelledEmail(booking, { id: 'k1', refundAmount: 1200, seatIds: [3, 4] }, base);
    const rest = bookingCancelledEmail(booking, { id: 'k2', refundAmount: 600 }, base);
    expect(partial.payload).toMatchObject({
      template: 'booking_cancelled',
      message_id: '<booking-ABC123XY-cancelled-k1@tickets.example.com>',
      cancellation_id: 'k1',
      seat_ids: [3, 4],
      refund_amount: 1200,
    });
    expect(rest.payload.message_id).toBe('<booking-ABC123XY-cancelled-k2@tickets.example.com>');
    expect(rest.payload).not.toHaveProperty('seat_ids');
  });

  it('carry a password reset by its id only (never the token), on the account topic', () => {
    const effect = passwordResetEmail({ id: 7, userId: 5 }, base);
    expect(effect.topic).toBe('user:5');
    expect(effect.payload).toEqual({
      template: 'password_reset',
      to: 'ada@example.com',
      message_id: '<password-reset-7@tickets.example.com>',
      date: 1_000,
      reset_id: 7,
    });
  });

  it('survive the trip through JSON, and anything else is refused', () => {
    const payload = bookingConfirmedEmail(booking, base).payload;
    expect(parseEmailPayload(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
    expect(parseEmailPayload(null)).toBeNull();
    expect(parseEmailPayload({ ...payload, template: 'newsletter' })).toBeNull();
    expect(parseEmailPayload({ ...payload, booking_id: undefined })).toBeNull();
    expect(parseEmailPayload({ ...payload, message_id: 'no-brackets@x' })).toBeNull();
    expect(parseEmailPayload({ ...passwordResetEmail({ id: 7, userId: 5 }, base).payload, reset_id: '7' })).toBeNull();
  });

  it('keep odd characters out of Message-IDs', () => {
    const odd = bookingCancelledEmail({ ...booking, reference: 'A/B C' }, { id: '<x>', refundAmount: 0 }, base);
    expect(odd.payload.message_id).toBe('<booking-A-B-C-cancelled--x-@tickets.example.com>');
  });
});

describe('mailDomain', () => {
  it('is the public address host, localhost when there is none', () => {
    expect(mailDomain('http://localhost:8000')).toBe('localhost');
    expect(mailDomain('https://tickets.example.com/cinema')).toBe('tickets.example.com');
    expect(mailDomain('not a url')).toBe('localhost');
  });
});

describe('stored message files', () => {
  it('are named after the Message-ID, and their ids cannot leave the folder', () => {
    expect(emlFileName('<booking-ABC-confirmed@tickets.example.com>')).toBe('booking-ABC-confirmed@tickets.example.com.eml');
    expect(emlFileName('<../../etc/passwd@x>')).toBe('.._.._etc_passwd@x.eml');
    expect(isStoredMessageId('booking-ABC-confirmed@tickets.example.com')).toBe(true);
    for (const bad of ['..', '../x', 'a/b', '.hidden', '', 'a..b', 'x'.repeat(201)])
      expect(isStoredMessageId(bad), bad).toBe(false);
  });
});
