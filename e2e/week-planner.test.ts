import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cinema } from '../src/contract/cinemas.js';
import { businessDate } from '../src/core/cinema-time.js';
import { dayLabel, shiftDate, weekStartOf } from '../src/core/week-planner.js';
import { apiClient } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

/**
 * An admin plans a Tokyo cinema's week: the seeded showtimes sit in their halls' rows (a show at
 * 00:30 on the day before), the film filter thins them out, and a run planned from a hall's day
 * first meets a conflict, then is created and appears.
 */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const ZONE = 'Asia/Tokyo';

let server: RunningServer;
let browser: Browser;
let admin: Awaited<ReturnType<ReturnType<typeof apiClient>['firstAdmin']>>;
let cinema: Cinema;
let day = '';
let week = '';
let label = '';
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  const api = apiClient(server.url);
  admin = await api.firstAdmin();
  const token = admin.access_token;
  const created = await api.call<Cinema>('POST', '/api/admin/cinemas', { name: 'Shinjuku', time_zone: ZONE }, token);
  cinema = created.body;
  const hall1 = await api.hall(token, { name: 'Hall 1', rows: 3, seats_per_row: 4, cinema_id: cinema.id });
  const hall2 = await api.hall(token, { name: 'Hall 2', rows: 3, seats_per_row: 4, cinema_id: cinema.id });
  const dune = await api.movie(token, { title: 'Dune', duration_minutes: 166 });
  const heat = await api.movie(token, { title: 'Heat', duration_minutes: 100 });
  // A day next week in Tokyo: every show of it is in the future.
  day = shiftDate(businessDate(Date.now(), ZONE), 8) as string;
  week = weekStartOf(day) as string;
  label = dayLabel(day);
  const next = shiftDate(day, 1) as string;
  await api.showtime(token, { movie_id: dune.id, hall_id: hall1.id, start_time: `${day}T19:30`, price: 12 });
  await api.showtime(token, { movie_id: heat.id, hall_id: hall2.id, start_time: `${day}T14:00`, price: 12 });
  await api.showtime(token, { movie_id: heat.id, hall_id: hall1.id, start_time: `${next}T00:30`, price: 12 });
  // Another day's show, for the showtimes list's day filter.
  await api.showtime(token, { movie_id: dune.id, hall_id: hall2.id, start_time: `${shiftDate(day, 2)}T19:30`, price: 12 });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-week-planner-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPlanner(viewport: { width: number; height: number }) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, admin, '/admin');
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Week planner' }).click();
  await page.waitForURL('**/admin/planner');
  await page.getByRole('combobox', { name: 'Cinema', exact: true }).selectOption({ label: 'Shinjuku' });
  await page.waitForURL(/cinema=/);
  // Straight to the seeded week and day (the week buttons are checked below).
  const url = new URL(page.url());
  url.searchParams.set('week', week);
  url.searchParams.set('day', day);
  await page.goto(url.pathname + url.search);
  return { context, page };
}

const row = (page: Page, hall: string) => page.locator(`[data-hall-row="${hall}"]`);

describe('week planner', () => {
  it('shows the week in hall rows, filters by film, and plans a run with a conflict first', async () => {
    const { context, page } = await openPlanner(DESKTOP);
    const dune = `Dune 19:30–22:16, Hall 1, ${label}, cleaning until 22:31`;
    const late = `Heat 00:30–02:10, Hall 1, ${label}, cleaning until 02:25`;
    const afternoon = `Heat 14:00–15:40, Hall 2, ${label}, cleaning until 15:55`;
    await row(page, 'Hall 1').getByRole('button', { name: dune, exact: true }).waitFor();
    // Half past midnight belongs to the evening before, in the same hall's row.
    await row(page, 'Hall 1').getByRole('button', { name: late, exact: true }).waitFor();
    await row(page, 'Hall 2').getByRole('button', { name: afternoon, exact: true }).waitFor();
    expect(await row(page, 'Hall 2').getByRole('button', { name: /^Dune/ }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: `${label}, 3 showtimes` }).getAttribute('aria-selected')).toBe('true');
    // The film block starts where 19:30 is and its hatched cleaning tail follows it.
    const block = row(page, 'Hall 1').getByRole('button', { name: dune, exact: true });
    expect(await block.locator('span').first().textContent()).toContain('Dune');
    expect(await block.locator('[class*="cleaning"]').count()).toBe(1);
    await expectAccessible(page, 'week planner, desktop');
    await screenshot(page, 'admin-week-planner', { fullPage: false });

    await page.getByRole('combobox', { name: 'Film', exact: true }).selectOption({ label: 'Dune' });
    await page.getByRole('button', { name: late, exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: afternoon, exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: dune, exact: true }).count()).toBe(1);
    await page.getByRole('combobox', { name: 'Film', exact: true }).selectOption({ label: 'All films' });

    // The week moves a week at a time in the cinema's dates.
    await page.getByRole('button', { name: 'Next week' }).click();
    await page
      .getByTestId('planner-week')
      .getByText(dayLabel(shiftDate(week, 7) as string))
      .waitFor();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByTestId('planner-week').getByText(dayLabel(week)).waitFor();
    await page.getByRole('tab', { name: new RegExp(`^${label},`) }).click();

    // A run in Hall 1 that day: 19:30 (the form's first time) meets Dune.
    await page.getByRole('button', { name: `Create a run in Hall 1 on ${label}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule a run' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('From').inputValue()).toBe(day);
    expect(await dialog.getByLabel('To (included)').inputValue()).toBe(day);
    await choose(page, 'Movie', 'Heat');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText('1 of 1 showtimes conflict; change the run and preview again.').waitFor();
    expect(
      await dialog
        .getByRole('table', { name: 'Showtimes of the run' })
        .getByText(/Hall busy/)
        .count(),
    ).toBe(1);
    await expectAccessible(page, 'run from the week planner with a conflict');

    await dialog.getByRole('textbox', { name: 'Times' }).fill('10:00');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText('1 showtimes can be created.').waitFor();
    await dialog.getByRole('button', { name: 'Create 1 showtimes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, 'Hall 1')
      .getByRole('button', { name: `Heat 10:00–11:40, Hall 1, ${label}, cleaning until 11:55`, exact: true })
      .waitFor();
    expect(await page.getByRole('tab', { name: `${label}, 4 showtimes` }).count()).toBe(1);

    // A click on an empty time in Hall 2 (10:05, six hours into the 04:00 day) plans a run there, then.
    const track = row(page, 'Hall 2').locator('[title^="Click an empty time"]');
    const box = await track.boundingBox();
    if (!box) throw new Error('no track');
    await page.mouse.click(box.x + (box.width * (6 * 60 + 5)) / (24 * 60), box.y + box.height / 2);
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Times' }).inputValue()).toBe('10:00');
    expect(await dialog.getByLabel('From').inputValue()).toBe(day);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('filters the planner by hall, and the showtimes list by business day, hall and film', async () => {
    const { context, page } = await openPlanner(DESKTOP);
    const dune = `Dune 19:30–22:16, Hall 1, ${label}, cleaning until 22:31`;
    const afternoon = `Heat 14:00–15:40, Hall 2, ${label}, cleaning until 15:55`;
    await row(page, 'Hall 2').getByRole('button', { name: afternoon, exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Hall', exact: true }).selectOption({ label: 'Hall 1' });
    await page.getByRole('button', { name: afternoon, exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: dune, exact: true }).count()).toBe(1);

    await page.goto('/admin/showtimes');
    const rows = page.locator('main table tbody tr');
    await page.getByRole('combobox', { name: 'Filter by cinema' }).selectOption({ label: 'Shinjuku' });
    await expect.poll(() => rows.count()).toBe(5);
    await page.getByLabel('Filter by day').fill(day);
    // The business day: Dune 19:30 and Heat 14:00, Heat 10:00 (planned above) and Heat at 00:30 the next morning.
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.filter({ hasText: 'Dune' }).count()).toBe(1);
    await page.getByRole('combobox', { name: 'Filter by hall' }).selectOption({ label: 'Hall 2' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Heat');
    await page.getByRole('combobox', { name: 'Filter by hall' }).selectOption({ label: 'All halls' });
    await page.getByRole('combobox', { name: 'Filter by film' }).selectOption({ label: 'Dune' });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Hall 1');
    await expectAccessible(page, 'showtimes list filtered');
    await context.close();
  });

  it('works on a phone: the day scrolls sideways inside its box, blocks stay reachable', async () => {
    const { context, page } = await openPlanner(PHONE);
    const dune = page.getByRole('button', { name: `Dune 19:30–22:16, Hall 1, ${label}, cleaning until 22:31`, exact: true });
    await dune.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await dune.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').first().waitFor();
    await page.keyboard.press('Escape');
    await expectAccessible(page, 'week planner, phone');
    await screenshot(page, 'admin-week-planner-phone', { fullPage: false });
    await context.close();
  });
});
