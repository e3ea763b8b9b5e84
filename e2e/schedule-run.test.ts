import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminEvent } from '../src/contract/admin.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

/** An admin schedules a run from the Showtimes screen: a preview with a conflict, a change, then the run is created whole. */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let from = '';
let to = '';
let busyFriday = '';
let busyEvent = 0;
const pages: Page[] = [];

const dayKey = (date: Date) => date.toISOString().slice(0, 10);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  programme = await seedProgramme(server.url);
  // Two weeks from four days ahead (clear of the programme's showtime tomorrow): two Fridays and two Saturdays.
  const start = new Date(Date.now() + 4 * 86_400_000);
  from = dayKey(start);
  to = dayKey(new Date(start.getTime() + 13 * 86_400_000));
  const friday = new Date(start);
  while (friday.getUTCDay() !== 5) friday.setUTCDate(friday.getUTCDate() + 1);
  busyFriday = dayKey(friday);
  // The hall is already taken on the first Friday at 19:30 (the cinema's wall time).
  busyEvent = (
    await programme.api.showtime(programme.admin.access_token, {
      movie_id: programme.movie.id,
      hall_id: programme.hall.id,
      start_time: `${busyFriday}T19:30`,
      price: 12,
    })
  ).event_id;
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-schedule-run-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openForm(viewport: { width: number; height: number }) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, programme.admin, '/admin/showtimes');
  await page.getByRole('button', { name: 'Schedule a run' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule a run' });
  await dialog.waitFor();
  await choose(page, 'Movie', 'The Last Lighthouse');
  const halls = dialog.getByPlaceholder('Choose halls');
  await halls.click();
  // The field's own list: the page behind has a hall filter with the same names.
  const list = await halls.getAttribute('aria-controls');
  await page.locator(`[id="${list}"]`).getByRole('option', { name: 'Grand Hall' }).click();
  await page.keyboard.press('Escape');
  await dialog.getByLabel('From').fill(from);
  await dialog.getByLabel('To (included)').fill(to);
  return { context, page, dialog };
}

const showtimesOfMovie = async () =>
  (
    await programme.api.call<AdminEvent[]>(
      'GET',
      `/api/admin/events?movie_id=${programme.movie.id}`,
      undefined,
      programme.admin.access_token,
    )
  ).body;

describe('schedule a run', () => {
  it('previews a conflict, then creates the run once it is changed', async () => {
    const { context, page, dialog } = await openForm(DESKTOP);
    const before = (await showtimesOfMovie()).length;
    // Fridays and Saturdays are ticked to begin with; 19:30 meets the showtime already there.
    expect(await dialog.getByRole('checkbox', { name: 'Fri' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'Sat' }).isChecked()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Times' }).fill('19:30');
    await dialog.getByRole('button', { name: 'Preview' }).click();

    await dialog.getByText('1 of 4 showtimes conflict; change the run and preview again.').waitFor();
    const table = dialog.getByRole('table', { name: 'Showtimes of the run' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    const busy = rows.filter({ hasText: `Hall busy (showtime ${busyEvent}` });
    expect(await busy.count()).toBe(1);
    expect(await busy.locator('td').nth(1).textContent()).toBe('19:30');
    expect(await rows.filter({ hasText: 'None' }).count()).toBe(3);
    // Nothing is created while a showtime conflicts.
    expect(await dialog.getByRole('button', { name: 'Create' }).isDisabled()).toBe(true);
    expect((await showtimesOfMovie()).length).toBe(before);
    await expectAccessible(page, 'schedule a run with a conflict, desktop');
    await screenshot(page, 'admin-schedule-run-conflict', { fullPage: false });

    // Later in the evening the hall is free (the 19:30 film ends 21:28, cleaned by 21:43).
    await dialog.getByRole('textbox', { name: 'Times' }).fill('22:00');
    expect(await table.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText('4 showtimes can be created.').waitFor();
    await dialog.getByRole('button', { name: 'Create 4 showtimes' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const after = await showtimesOfMovie();
    expect(after.length).toBe(before + 4);
    const created = after.filter((e) => e.start_time.slice(11, 16) === '22:00').map((e) => e.start_time.slice(0, 10));
    expect(created).toHaveLength(4);
    expect(created).toContain(busyFriday);
    for (const date of created) expect([5, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    await context.close();
  });

  it('keeps the form and its preview usable on a phone', async () => {
    const { context, page, dialog } = await openForm(PHONE);
    await dialog.getByRole('textbox', { name: 'Times' }).fill('19:30');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    // The run created at 22:00 leaves 19:30 free; only the first Friday's showtime is in the way.
    await dialog.getByText(/of 4 showtimes conflict/).waitFor();
    await dialog.getByRole('table', { name: 'Showtimes of the run' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'schedule a run with a conflict, phone');
    await screenshot(page, 'admin-schedule-run-phone', { fullPage: false });
    await context.close();
  });
});
