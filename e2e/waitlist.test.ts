import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import type { SeatMap } from '../src/contract/catalogue.js';
import { apiClient } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/**
 * A sold-out showtime's waitlist in the browser: a customer joins for two seats, a cancellation
 * offers them the seats, and they pay through the offer's link; another joins and leaves; the
 * admin's showtime list counts who waits.
 */
let server: RunningServer;
let browser: Browser;
let api: ReturnType<typeof apiClient>;
let admin: LoginResponse;
let eventId: number;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = apiClient(server.url);
  admin = await api.firstAdmin();
  const token = admin.access_token;
  const movie = await api.movie(token, {
    title: 'Small Hours',
    description: 'Two seats, one night.',
    duration_minutes: 95,
    genre: 'Drama',
    rating: 'PG',
  });
  const hall = await api.hall(token, { name: 'Tiny Room', rows: 1, seats_per_row: 2 });
  const start = new Date(Date.now() + 26 * 3_600_000);
  start.setUTCMinutes(30, 0, 0);
  const showtime = await api.showtime(token, {
    movie_id: movie.id,
    hall_id: hall.id,
    start_time: start.toISOString(),
    price: 12,
  });
  eventId = showtime.event_id;
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    for (const [i, p] of pages.entries()) await screenshot(p, `failed-waitlist-${i}-${context.task.name.replace(/\W+/g, '-')}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(login: LoginResponse | null, width = 1280): Promise<Page> {
  const { page } = await newPage(browser, server.url, { width, height: width < 600 ? 844 : 900 });
  pages.push(page);
  if (login) await restoreSession(page, login, `/showtimes/${eventId}`);
  else await page.goto(`/showtimes/${eventId}`);
  return page;
}

const panel = (p: Page) => p.getByRole('region', { name: /waitlist/i });
const status = (p: Page) => panel(p).getByRole('status');

describe('the waitlist of a sold-out showtime', () => {
  let first: LoginResponse;
  let firstReference = '';
  let second: LoginResponse;
  let secondPage: Page;

  it('shows no waitlist while seats are free, then asks a signed-out visitor to sign in once sold out', async () => {
    const visitor = await open(null);
    await visitor.getByRole('button', { name: /^Row A, seat 1,/ }).waitFor();
    expect(await panel(visitor).count()).toBe(0);

    first = await api.register('first@example.test', 'First Buyer');
    const seats = (await api.call<SeatMap>('GET', `/api/events/${eventId}/seats`)).body.seats.map((s) => s.seat_id);
    const hold = await api.hold(first.access_token, seats);
    await api.pay(first.access_token, hold.booking_reference);
    firstReference = hold.booking_reference;

    await visitor.reload();
    await panel(visitor).getByRole('heading', { name: 'Sold out: join the waitlist' }).waitFor();
    const signIn = panel(visitor).getByRole('link', { name: 'Sign in to join the waitlist' });
    expect(await signIn.getAttribute('href')).toBe(`/sign-in?reason=waitlist&next=%2Fshowtimes%2F${eventId}`);
    await expectAccessible(visitor, 'sold-out seat map, signed out');
  });

  it('lets a customer join for two seats and shows their place', async () => {
    second = await api.register('second@example.test', 'Second Customer');
    secondPage = await open(second);
    await panel(secondPage).getByRole('heading', { name: 'Sold out: join the waitlist' }).waitFor();
    await panel(secondPage).getByLabel('Seats wanted').selectOption('2');
    await panel(secondPage).getByRole('button', { name: 'Join the waitlist' }).click();
    await status(secondPage).getByText('You are number 1 for 2 seats.').waitFor();
    await panel(secondPage).getByRole('heading', { name: 'Your place on the waitlist' }).waitFor();
    await expectAccessible(secondPage, 'seat map, on the waitlist');

    // Joining again (from another tab, say) is refused.
    const again = await api.call('POST', `/api/events/${eventId}/waitlist`, { count: 1 }, second.access_token);
    expect(again.status).toBe(409);
  });

  it('offers the seats freed by a cancellation, and the offer link leads to paying for them', async () => {
    const cancelled = await api.call('POST', '/api/cancel-booking', { booking_reference: firstReference }, first.access_token);
    expect(cancelled.status).toBe(200);

    await secondPage.reload();
    await status(secondPage)
      .getByText(/^Seats are held for you until \d{2}:\d{2}\.$/)
      .waitFor();
    await expectAccessible(secondPage, 'seat map, seats offered');
    await screenshot(secondPage, 'waitlist-offer');
    await panel(secondPage).getByRole('link', { name: 'Pay now' }).click();
    await secondPage.waitForURL('**/checkout/*');

    const form = secondPage.getByRole('form', { name: 'Card payment' });
    await form.getByLabel('Name on card').fill('Second Customer');
    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByLabel('Expiry (MM/YY)').fill('12/34');
    await form.getByLabel('CVC').fill('123');
    await form.getByRole('button', { name: /^Pay / }).click();
    await secondPage.getByRole('heading', { name: "You're booked!" }).waitFor();

    await secondPage.goto(`/showtimes/${eventId}`);
    await status(secondPage).getByText('You booked seats from the waitlist.').waitFor();
  });

  it('lets others join and leave (on a phone too), says when one is already on the list, and the admin sees how many wait', async () => {
    const third = await api.register('third@example.test', 'Third Customer');
    const phone = await open(third, 390);
    await panel(phone).getByLabel('Seats wanted').selectOption('1');
    await panel(phone).getByRole('button', { name: 'Join the waitlist' }).click();
    await status(phone).getByText('You are number 1 for 1 seat.').waitFor();
    await expectAccessible(phone, 'seat map on a phone, on the waitlist');
    await screenshot(phone, 'waitlist-phone');
    // Nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Joined meanwhile from elsewhere: the refusal in plain words, and the place it already has.
    const fourth = await api.register('fourth@example.test', 'Fourth Customer');
    const other = await open(fourth);
    await panel(other).getByRole('button', { name: 'Join the waitlist' }).waitFor();
    const elsewhere = await api.call('POST', `/api/events/${eventId}/waitlist`, { count: 3 }, fourth.access_token);
    expect(elsewhere.status).toBe(201);
    await panel(other).getByRole('button', { name: 'Join the waitlist' }).click();
    await panel(other).getByRole('alert').getByText('You are already on the waitlist for this showtime.').waitFor();
    await status(other).getByText('You are number 2 for 3 seats.').waitFor();

    const adminPage = await open(admin);
    await adminPage.goto('/admin/showtimes');
    const row = adminPage.getByRole('row').filter({ hasText: 'Small Hours' });
    await row.getByText('Waitlist: 2').waitFor();
    await expectAccessible(adminPage, 'admin showtimes with a waitlist');

    await panel(phone).getByRole('button', { name: 'Leave the waitlist' }).click();
    await panel(phone).getByRole('button', { name: 'Join the waitlist' }).waitFor();
    await panel(phone).getByRole('heading', { name: 'Sold out: join the waitlist' }).waitFor();

    expect((await api.call('DELETE', `/api/events/${eventId}/waitlist`, undefined, fourth.access_token)).status).toBe(204);
    await adminPage.reload();
    await row.getByText(/booked/).waitFor();
    expect(await row.getByText(/^Waitlist:/).count()).toBe(0);
  });
});
