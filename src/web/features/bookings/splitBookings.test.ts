import { describe, expect, it } from 'vitest';
import type { Booking } from '../../../contract/bookings';
import { splitBookings } from './splitBookings';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const booking = (reference: string, status: Booking['status'], start: string, expires = '2026-12-01T12:05:00Z') =>
  ({ booking_reference: reference, status, start_time: start, expires_at: expires }) as Booking;

describe('splitBookings', () => {
  it('keeps paid and still-held bookings for later showtimes as upcoming, soonest first', () => {
    const { upcoming, past } = splitBookings(
      [
        booking('LATER', 'confirmed', '2026-12-05T20:00:00Z'),
        booking('HELD', 'pending', '2026-12-02T20:00:00Z'),
        booking('SHOWN', 'confirmed', '2026-11-30T20:00:00Z'),
      ],
      NOW,
    );
    expect(upcoming.map((b) => b.booking_reference)).toEqual(['HELD', 'LATER']);
    expect(past.map((b) => b.booking_reference)).toEqual(['SHOWN']);
  });

  it('puts cancelled, expired and run-out holds with the past, latest first', () => {
    const { upcoming, past } = splitBookings(
      [
        booking('CANCELLED', 'cancelled', '2026-12-03T20:00:00Z'),
        booking('RAN-OUT', 'pending', '2026-12-04T20:00:00Z', '2026-12-01T11:59:00Z'),
        booking('EXPIRED', 'expired', '2026-12-02T20:00:00Z'),
      ],
      NOW,
    );
    expect(upcoming).toEqual([]);
    expect(past.map((b) => b.booking_reference)).toEqual(['RAN-OUT', 'CANCELLED', 'EXPIRED']);
  });
});
