import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cinema } from '../src/contract/cinemas.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/** A customer with more than one cinema picks one on the home page; the choice filters the listings and survives a reload. */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  programme = await seedProgramme(server.url);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-cinema-picker-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function home(viewport: { width: number; height: number }) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  // Every day at once, so the check is about the cinema, not about which day is shown first.
  await page.goto('/?day=all');
  await page.getByRole('heading', { name: 'Now showing', level: 1 }).waitFor();
  return { context, page };
}

const showtimeLink = (page: Page, eventId: number) => page.locator(`a[href="/showtimes/${eventId}"]`);

describe('choosing a cinema', () => {
  it('offers no choice while there is one cinema', async () => {
    const { context, page } = await home(DESKTOP);
    await showtimeLink(page, programme.showtime.event_id).waitFor();
    expect(await page.getByRole('combobox', { name: 'Cinema' }).count()).toBe(0);
    await context.close();
  });

  it('filters the listings by the chosen cinema and remembers it across reloads', async () => {
    const { api, admin } = programme;
    const token = admin.access_token;
    const harbour = await api.call<Cinema>(
      'POST',
      '/api/admin/cinemas',
      { name: 'Harbour Screens', time_zone: 'Asia/Tokyo' },
      token,
    );
    expect(harbour.status).toBe(201);
    const hall = await api.hall(token, { name: 'Pier Hall', rows: 4, seats_per_row: 8, cinema_id: harbour.body.id });
    const film = await api.movie(token, {
      title: 'Tides of Tokyo Bay',
      description: 'Ferries, rain and one last crossing.',
      duration_minutes: 95,
      genre: 'Drama',
      rating: 'PG',
    });
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const harbourShow = await api.showtime(token, {
      movie_id: film.id,
      hall_id: hall.id,
      start_time: start.toISOString(),
      price: 14,
    });

    const { context, page } = await home(DESKTOP);
    const picker = page.getByRole('combobox', { name: 'Cinema' });
    await picker.waitFor();
    // The first cinema is chosen to begin with: its showtime is listed, the harbour's is not.
    const options = await picker.locator('option').allTextContents();
    expect(options).toContain('Harbour Screens');
    expect(options).toHaveLength(2);
    await showtimeLink(page, programme.showtime.event_id).waitFor();
    expect(await showtimeLink(page, harbourShow.event_id).count()).toBe(0);
    await expectAccessible(page, 'home with a choice of cinema, desktop');

    // By keyboard: focus the picker and choose the harbour.
    await picker.focus();
    await picker.selectOption({ label: 'Harbour Screens' });
    await showtimeLink(page, harbourShow.event_id).waitFor();
    expect(await showtimeLink(page, programme.showtime.event_id).count()).toBe(0);
    // Its time reads in the cinema's zone with the zone named (this browser is in UTC): 10:00 UTC is 19:00 in Tokyo.
    expect(await showtimeLink(page, harbourShow.event_id).textContent()).toContain('19:00 (Tokyo)');

    await page.reload();
    await page.getByRole('heading', { name: 'Now showing', level: 1 }).waitFor();
    await showtimeLink(page, harbourShow.event_id).waitFor();
    expect(await page.getByRole('combobox', { name: 'Cinema' }).inputValue()).toBe(String(harbour.body.id));
    expect(await showtimeLink(page, programme.showtime.event_id).count()).toBe(0);
    await screenshot(page, 'home-cinema-picker-desktop', { fullPage: false });
    await context.close();

    // A phone: the picker fits, and axe finds nothing.
    const phone = await home(PHONE);
    await phone.page.getByRole('combobox', { name: 'Cinema' }).waitFor();
    await showtimeLink(phone.page, programme.showtime.event_id).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page, 'home with a choice of cinema, phone');
    await screenshot(phone.page, 'home-cinema-picker-phone', { fullPage: false });
    await phone.context.close();
  });
});
