import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { wallTimeAt } from '../src/core/cinema-time.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/** The admin overview: today's showtimes first, then the weekday × hour heat map with its table, and sales by ticket type. */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// A cinema zone where it is about noon now, so a showtime in an hour is on today's business day
// (which starts at 04:00) whatever time the test runs.
const offsetHours = 12 - new Date().getUTCHours();
const ZONE = offsetHours === 0 ? 'UTC' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let todayEvent = 0;
let todayStart = 0;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: ZONE }), launchBrowser()]);
  programme = await seedProgramme(server.url);
  const { api, admin, movie, hall } = programme;
  todayStart = Date.now() + 3_600_000;
  todayStart -= todayStart % 60_000;
  todayEvent = (
    await api.showtime(admin.access_token, {
      movie_id: movie.id,
      hall_id: hall.id,
      start_time: new Date(todayStart).toISOString(),
      price: 10,
    })
  ).event_id;
  const seats = ((await (await fetch(`${server.url}/api/events/${todayEvent}/seats`)).json()) as { seats: Seat[] }).seats;
  const customer = await api.register('tess@example.test', 'Tess Today');
  const held = await api.hold(
    customer.access_token,
    seats.slice(0, 3).map((s) => s.seat_id),
  );
  await api.pay(customer.access_token, held.booking_reference);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-admin-overview-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function overview(viewport: { width: number; height: number }) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, programme.admin, '/admin');
  await page.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
  return { context, page };
}

describe('admin overview', () => {
  it("lists today's showtimes first, with sold of capacity and checked in", async () => {
    const { context, page } = await overview(DESKTOP);
    const today = page.getByRole('list', { name: /^Showtimes today at / });
    const item = today.locator(`li[data-event="${todayEvent}"]`);
    await item.waitFor();
    expect(await today.getByRole('listitem').count()).toBe(1);
    const text = await item.textContent();
    expect(text).toContain('The Last Lighthouse');
    expect(text).toContain(`3 / ${programme.hall.total_seats} sold`);
    expect(text).toContain('0 checked in');
    // "Today" comes before the other figures.
    const headings = await page.locator('main h2').allTextContents();
    expect(headings[0]).toBe('Today');
    await expectAccessible(page, 'admin overview, desktop');
    await screenshot(page, 'admin-overview-today', { fullPage: true });
    await context.close();
  });

  it('gives the heat map a table with the same figures, and shows it on request', async () => {
    const { context, page } = await overview(DESKTOP);
    const wall = wallTimeAt(todayStart, ZONE);
    const weekday = WEEKDAYS[(new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7] ?? '';
    const table = page.getByRole('table', { name: 'Occupancy by weekday and hour' });
    const row = table.getByRole('row', { name: new RegExp(`^${weekday} ${String(wall.hour).padStart(2, '0')}:00`) });
    await row.waitFor({ state: 'attached' });
    expect(await row.textContent()).toContain(`3 of ${programme.hall.total_seats}`);
    const toggle = page.getByRole('button', { name: 'Show the figures as a table' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Hide the figures as a table' }).waitFor();
    expect(await row.isVisible()).toBe(true);

    const sales = page.getByRole('table', { name: 'Sales by ticket type' });
    const adult = sales.getByRole('row', { name: /^adult/i });
    expect(await adult.locator('td').first().textContent()).toBe('3');
    await expectAccessible(page, 'admin overview with the heat map table shown');
    await context.close();
  });

  it('fits a phone without spilling sideways, axe clean', async () => {
    const { context, page } = await overview(PHONE);
    await page.locator(`li[data-event="${todayEvent}"]`).waitFor();
    await page.getByTestId('heatmap-grid').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'admin overview, phone');
    await screenshot(page, 'admin-overview-phone', { fullPage: true });
    await context.close();
  });
});
