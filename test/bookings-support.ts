import { expect } from 'vitest';
import type { Role } from '../src/core/roles.js';
import { APPROVED_CARD, type TestApp } from './helpers/test-app.js';

/** Shared pieces of the bookings suites (test/bookings-*.test.ts). */

export const HOLD_TTL_MS = 600_000;
export const REFERENCE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8,}$/;
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type User = { token: string; id: number };
type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

/** A showtime with the 25-seat default grid: rows A-B cost 18, C-D 15, E 12 for a base of 15. */
export async function gridShowtime(t: TestApp, admin: { token: string }, options: { hoursAhead?: number; price?: number } = {}) {
  const show = await t.makeShowtime(admin, { totalSeats: 25, ...options });
  const seat = (label: string) => {
    const index = (label.charCodeAt(0) - 65) * 5 + Number(label.slice(1)) - 1;
    return show.seatIds[index] as number;
  };
  return { ...show, seat };
}

/** Moves the clock; access tokens live 30 minutes, so the given users get fresh ones. */
export function advance(t: TestApp, ms: number, ...users: { id: number; role: Role; token: string }[]) {
  t.clock.advance(ms);
  for (const user of users) user.token = t.services.auth.issueToken(user.id, user.role);
}

export async function seatStatuses(t: TestApp, eventId: number): Promise<Record<number, string>> {
  const map = await t.call('GET', `/api/events/${eventId}/seats`);
  expect(map.status).toBe(200);
  return Object.fromEntries(map.body.seats.map((s: { seat_id: number; status: string }) => [s.seat_id, s.status]));
}

export async function hold(t: TestApp, user: User, seatIds: number[], extra: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/book-seats', { token: user.token, body: { seat_ids: seatIds, ...extra } });
  expect(res.status, res.raw).toBe(201);
  return res.body as {
    booking_reference: string;
    event_id: number;
    seat_ids: number[];
    seats: string[];
    total_amount: number;
    currency: string;
    status: string;
    expires_at: string;
  };
}

export async function confirm(t: TestApp, user: User, reference: string, card: Record<string, unknown> = APPROVED_CARD) {
  return t.call('POST', '/api/confirm-payment', { token: user.token, body: { booking_reference: reference, payment: card } });
}

export async function bookingStatus(t: TestApp, user: User, reference: string): Promise<string> {
  const res = await t.call('GET', `/api/bookings/${reference}`, { token: user.token });
  expect(res.status, res.raw).toBe(200);
  return res.body.status;
}

/**
 * Sends a request that must be refused: asserts the status, the `{detail, code}` body and that
 * no table (nor any seat's status) changed. Returns the response for further checks.
 */
export async function expectRefused(t: TestApp, method: string, url: string, options: CallOptions, status: number, code: string) {
  const before = await t.tableCounts();
  const res = await t.call(method, url, options);
  expect(res.status, res.raw).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body).toMatchObject({ detail: expect.any(String), code });
  expect(res.body.detail.length).toBeGreaterThan(0);
  expect(await t.tableCounts()).toEqual(before);
  return res;
}
