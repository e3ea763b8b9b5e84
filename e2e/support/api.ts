import type { AdminEvent, Hall, HallBody, MovieBody } from '../../src/contract/admin.js';
import type { LoginResponse, User } from '../../src/contract/auth.js';
import type { ConfirmPaymentResponse, HoldResponse } from '../../src/contract/bookings.js';
import type { Movie } from '../../src/contract/catalogue.js';

export const PASSWORD = 'popcorn-and-a-good-seat-42';
export const APPROVED_CARD = {
  card_number: '4242 4242 4242 4242',
  exp_month: 12,
  exp_year: 2034,
  cvc: '123',
  cardholder_name: 'Test Buyer',
};

/** Direct API calls for setting the scene quickly; the screens under test are driven in the browser. */
export function apiClient(baseUrl: string) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  async function ok<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const result = await call<T>(method, path, body, token);
    if (result.status >= 300) throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  return {
    call,
    login: (email: string, password = PASSWORD) => ok<LoginResponse>('POST', '/api/auth/login', { email, password }),
    async register(email: string, fullName: string): Promise<LoginResponse> {
      await ok<User>('POST', '/api/auth/register', { email, password: PASSWORD, full_name: fullName });
      return this.login(email);
    },
    async firstAdmin(email = 'boss@cinema.test'): Promise<LoginResponse> {
      await ok<User>('POST', '/api/auth/create-admin', { email, password: PASSWORD, full_name: 'Cinema Boss' });
      return this.login(email);
    },
    movie: (token: string, body: MovieBody) => ok<Movie>('POST', '/api/admin/movies', body, token),
    hall: (token: string, body: HallBody) => ok<Hall>('POST', '/api/admin/halls', body, token),
    showtime: (token: string, body: { movie_id: number; hall_id: number; start_time: string; price: number }) =>
      ok<AdminEvent>('POST', '/api/admin/events', body, token),
    hold: (token: string, seatIds: number[]) => ok<HoldResponse>('POST', '/api/book-seats', { seat_ids: seatIds }, token),
    pay: (token: string, reference: string) =>
      ok<ConfirmPaymentResponse>('POST', '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD }, token),
  };
}

/** A small programme: one film in one hall, a showtime tomorrow evening. */
export async function seedProgramme(baseUrl: string) {
  const api = apiClient(baseUrl);
  const admin = await api.firstAdmin();
  const token = admin.access_token;
  const movie = await api.movie(token, {
    title: 'The Last Lighthouse',
    description: 'A keeper on a storm-bound island finds a message that should not exist.',
    duration_minutes: 118,
    genre: 'Drama',
    rating: 'PG-13',
  });
  const hall = await api.hall(token, {
    name: 'Grand Hall',
    rows: 8,
    seats_per_row: 12,
    categories: [
      { name: 'front', from_row: 1, to_row: 2, price_factor: 0.8 },
      { name: 'premium', from_row: 5, to_row: 8, price_factor: 1.2 },
    ],
  });
  const start = new Date(Date.now() + 26 * 3_600_000);
  start.setUTCMinutes(30, 0, 0);
  const showtime = await api.showtime(token, {
    movie_id: movie.id,
    hall_id: hall.id,
    start_time: start.toISOString(),
    price: 15,
  });
  return { api, admin, movie, hall, showtime };
}
