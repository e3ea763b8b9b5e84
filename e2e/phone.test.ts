import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { apiClient } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let eventId: number;
let seatIds: Map<string, number>;
let rival: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const api = apiClient(server.url);
  const admin = (await api.firstAdmin()).access_token;
  const movie = await api.movie(admin, {
    title: 'The Extraordinarily Long and Winding Road Back Home',
    description: 'A title long enough to wrap on a phone.',
    duration_minutes: 124,
    genre: 'Drama',
    rating: 'PG',
  });
  // 18 seats a row: the hall that did not fit a phone's width.
  const hall = await api.hall(admin, { name: 'Wide Hall', rows: 10, seats_per_row: 18, categories: [] });
  const start = new Date(Date.now() + 26 * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  eventId = (await api.showtime(admin, { movie_id: movie.id, hall_id: hall.id, start_time: start.toISOString(), price: 12 }))
    .event_id;
  const seats = (await (await fetch(`${server.url}/api/events/${eventId}/seats`)).json()) as { seats: Seat[] };
  seatIds = new Map(seats.seats.map((s) => [s.label, s.seat_id]));
  rival = (await api.register('rival@example.test', 'Rita Rival')).access_token;
  const buyer = await api.register('pat@example.test', 'Pat Phone');
  ({ context, page } = await newPage(browser, server.url, PHONE));
  await restoreSession(page, buyer, `/showtimes/${eventId}`);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(page, `failed-phone-${ctx.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const seat = (row: string, number: number) => page.getByRole('button', { name: new RegExp(`^Row ${row}, seat ${number},`) });
const box = async (locator: ReturnType<Page['locator']>) => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
};
const inViewport = async (locator: ReturnType<Page['locator']>) => {
  const b = await box(locator);
  return b.y >= 0 && b.y + b.height <= PHONE.height && b.x >= 0 && b.x + b.width <= PHONE.width;
};
const sidewaysOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the seat map on a phone (390×844)', () => {
  it('has seats of at least 28 px, no sideways page scroll, and the Hold bar in sight', async () => {
    await seat('A', 1).waitFor();
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor();
    const first = await box(seat('E', 9));
    expect(first.width).toBeGreaterThanOrEqual(28);
    expect(first.height).toBeGreaterThanOrEqual(28);
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    const hold = page.getByTestId('selection-bar').getByRole('button', { name: /Hold/ });
    expect(await inViewport(hold)).toBe(true);
    await expectAccessible(page, 'seat map, phone');
  });

  it('picks seats; the bar shows them and the total, with Hold reachable without scrolling', async () => {
    await seat('E', 9).click();
    await seat('E', 10).click();
    const bar = page.getByTestId('selection-bar');
    expect(await bar.getByTestId('selection-total').textContent()).toBe('$24.00');
    expect(await bar.getByTestId('selection-seats').textContent()).toBe('2 seats: E9, E10');
    // Scrolled to the top of the page, the bar is still at the bottom of the screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await inViewport(bar.getByRole('button', { name: 'Hold 2 seats and pay' }))).toBe(true);
    expect(await inViewport(bar.getByTestId('selection-total'))).toBe(true);
    await screenshot(page, 'phone-seat-map-selection', { fullPage: false });
  });

  it('zooms in and out with buttons, and fits a whole row to the width', async () => {
    const before = (await box(seat('E', 9))).width;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(async () => (await box(seat('E', 9))).width).toBeGreaterThan(before + 4);
    await page.getByRole('button', { name: 'Fit to width' }).click();
    const fitted = [await box(seat('E', 1)), await box(seat('E', 18))];
    expect(fitted[0]?.x).toBeGreaterThanOrEqual(0);
    expect((fitted[1]?.x ?? 0) + (fitted[1]?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'phone-seat-map-fit', { fullPage: false });
    await page.getByRole('button', { name: 'Fit to width' }).click();
    await expect.poll(async () => (await box(seat('E', 9))).width).toBeGreaterThanOrEqual(28);
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
  });

  it('shows the "seat taken" notice in the bar, on screen, when someone else takes a picked seat', async () => {
    await seat('E', 11).click();
    await apiClient(server.url).hold(rival, [seatIds.get('E11') as number]);
    const notice = page.getByTestId('selection-bar').getByText(/Seat E11 was just taken/);
    // The seat stream usually brings the news first; if not, the refused hold does.
    const pushed = await notice.waitFor({ timeout: 4000 }).then(
      () => true,
      () => false,
    );
    if (!pushed) await page.getByTestId('selection-bar').getByRole('button', { name: 'Hold 3 seats and pay' }).click();
    await notice.waitFor();
    expect(await inViewport(notice)).toBe(true);
    expect(await page.getByTestId('selection-bar').getByTestId('selection-seats').textContent()).toBe('2 seats: E9, E10');
    await expectAccessible(page, 'seat map with a notice, phone');
  });
});

describe('checkout on a phone', () => {
  it('keeps the countdown in sight, shows the test cards whole and fills the name from the account', async () => {
    await page.getByTestId('selection-bar').getByRole('button', { name: 'Hold 2 seats and pay' }).click();
    await page.waitForURL('**/checkout/*');
    const form = page.getByRole('form', { name: 'Card payment' });
    expect(await form.getByLabel('Name on card').inputValue()).toBe('Pat Phone');
    for (const number of ['4242 4242 4242 4242', '4000 0000 0000 0002']) {
      const use = form.getByRole('button', { name: `Use test card ${number}` });
      const b = await box(use);
      expect(b.x + b.width, `Use ${number} inside the screen`).toBeLessThanOrEqual(PHONE.width);
    }
    await form.getByRole('button', { name: 'Use test card 4242 4242 4242 4242' }).click();
    expect(await form.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
    await form.getByLabel('Expiry (MM/YY)').fill('12/34');
    await form.getByLabel('CVC').fill('123');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await inViewport(page.getByRole('timer'))).toBe(true);
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-checkout', { fullPage: false });
    await expectAccessible(page, 'checkout, phone');
    await form.getByRole('button', { name: 'Pay $24.00' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
  });
});

describe('My bookings on a phone', () => {
  it('separates upcoming from past and cuts off neither badges nor titles', async () => {
    // A hold left unpaid (awaiting payment) and a cancelled booking beside the paid one.
    const api = apiClient(server.url);
    const buyer = await api.login('pat@example.test');
    await api.hold(buyer.access_token, [seatIds.get('G5') as number]);
    const dropped = await api.hold(buyer.access_token, [seatIds.get('H5') as number]);
    await api.call('POST', '/api/cancel-booking', { booking_reference: dropped.booking_reference }, buyer.access_token);
    await page.goto('/bookings');
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    const past = page.getByRole('region', { name: 'Past and cancelled' });
    await expect.poll(() => upcoming.getByRole('article').count()).toBe(2);
    expect(await past.getByRole('article').count()).toBe(1);
    // Nothing clipped: every badge label and film title shows all of its text.
    const clipped = await page.evaluate(() =>
      Array.from(document.querySelectorAll('article .mantine-Badge-label, article p'))
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    );
    expect(clipped).toEqual([]);
    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-my-bookings');
    await expectAccessible(page, 'my bookings, phone');
  });
});
