import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminEvent, Hall } from '../src/contract/admin.js';
import type { Cinema } from '../src/contract/cinemas.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

/**
 * An admin whose browser is in UTC schedules showtimes for a Los Angeles cinema: the form takes
 * the cinema's wall time, refuses one the clocks skip, and asks which one when the clocks repeat it.
 */

const DESKTOP = { width: 1366, height: 900 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let hall: Hall;
let runHall: Hall;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  programme = await seedProgramme(server.url);
  const token = programme.admin.access_token;
  const sunset = await programme.api.call<Cinema>(
    'POST',
    '/api/admin/cinemas',
    { name: 'Sunset Screens', time_zone: 'America/Los_Angeles' },
    token,
  );
  expect(sunset.status).toBe(201);
  hall = await programme.api.hall(token, { name: 'Vista Hall', rows: 4, seats_per_row: 8, cinema_id: sunset.body.id });
  runHall = await programme.api.hall(token, { name: 'Canyon Hall', rows: 4, seats_per_row: 8, cinema_id: sunset.body.id });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-cinema-time-forms-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const showtimesOfHall = async (id = hall.id) =>
  (await programme.api.call<AdminEvent[]>('GET', `/api/admin/events?hall_id=${id}`, undefined, programme.admin.access_token))
    .body;

async function openNewShowtime(page: Page, start: string) {
  await page.getByRole('button', { name: 'Schedule showtime' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule a showtime' });
  await dialog.waitFor();
  await choose(page, 'Movie', 'The Last Lighthouse');
  await choose(page, 'Hall', /^Vista Hall/);
  const starts = dialog.getByLabel('Starts (Los Angeles time)');
  await starts.fill(start);
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  return { dialog, starts };
}

describe("showtime forms in the cinema's wall time", () => {
  it('schedules 19:30 Los Angeles time from a UTC browser and shows 19:30 back in the edit form', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await restoreSession(page, programme.admin, '/admin/showtimes');
    const { dialog } = await openNewShowtime(page, '2100-01-15T19:30');
    await dialog.waitFor({ state: 'hidden' });

    const [created] = (await showtimesOfHall()).filter((e) => e.start_time.startsWith('2100-01-15'));
    expect(created?.start_time).toBe('2100-01-15T19:30:00-08:00');
    expect(created?.time_zone).toBe('America/Los_Angeles');

    // The list names the cinema's zone (this browser reads UTC), and the edit form shows the wall time typed.
    await page.getByLabel('Filter by day').fill('2100-01-15');
    const edit = page.getByRole('button', { name: /^Edit The Last Lighthouse at .*19:30 \(Los Angeles\)$/ });
    await edit.click();
    const form = page.getByRole('dialog', { name: 'Edit showtime' });
    await form.waitFor();
    expect(await form.getByLabel('Starts (Los Angeles time)').inputValue()).toBe('2100-01-15T19:30');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });

    // The prices dialog names the showtime in the cinema's time too.
    await page.getByRole('button', { name: /^Prices and format of The Last Lighthouse at .*19:30 \(Los Angeles\)$/ }).click();
    await page.getByRole('dialog', { name: /^Prices: The Last Lighthouse, .*19:30 \(Los Angeles\)$/ }).waitFor();
    await context.close();
  });

  it('refuses a time the clocks skip, with the reason under the start time', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await restoreSession(page, programme.admin, '/admin/showtimes');
    const before = (await showtimesOfHall()).length;
    // 2100-03-14: Los Angeles springs forward from 02:00 to 03:00.
    const { dialog, starts } = await openNewShowtime(page, '2100-03-14T02:30');
    const message = dialog.getByText(/does not exist in Los Angeles that day: the clocks jump forward an hour/);
    await message.waitFor();
    expect(await starts.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.isVisible()).toBe(true);
    expect((await showtimesOfHall()).length).toBe(before);
    await expectAccessible(page, 'showtime form, a time the clocks skip');
    await screenshot(page, 'admin-showtime-nonexistent-time', { fullPage: false });
    await context.close();
  });

  it('asks which one when the clocks repeat a time, and creates the one chosen', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await restoreSession(page, programme.admin, '/admin/showtimes');
    // 2100-11-07: Los Angeles falls back from 02:00 PDT to 01:00 PST, so 01:30 comes twice.
    const { dialog } = await openNewShowtime(page, '2100-11-07T01:30');
    const which = dialog.getByRole('radiogroup', { name: 'Which 01:30?' });
    await which.waitFor();
    const first = which.getByRole('radio', { name: '01:30 PDT (first)' });
    const second = which.getByRole('radio', { name: '01:30 PST (second)' });
    expect(await first.isChecked()).toBe(false);
    expect(await second.isChecked()).toBe(false);
    await dialog.getByText(/happens twice in Los Angeles that day/).waitFor();
    await expectAccessible(page, 'showtime form, a time the clocks repeat');
    await screenshot(page, 'admin-showtime-repeated-time', { fullPage: false });

    // Saving without a choice asks for one; nothing is created.
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.getByText('Choose the first or the second').waitFor();
    expect((await showtimesOfHall()).filter((e) => e.start_time.startsWith('2100-11-07'))).toHaveLength(0);

    await second.check();
    await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = (await showtimesOfHall()).filter((e) => e.start_time.startsWith('2100-11-07'));
    expect(created.map((e) => e.start_time)).toEqual(['2100-11-07T01:30:00-08:00']);
    await context.close();
  });

  it('lets a run choose the first or the second of a repeated time, after its preview lists the conflict', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await restoreSession(page, programme.admin, '/admin/showtimes');
    await page.getByRole('button', { name: 'Schedule a run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule a run' });
    await dialog.waitFor();
    await choose(page, 'Movie', 'The Last Lighthouse');
    const halls = dialog.getByPlaceholder('Choose halls');
    await halls.click();
    const list = await halls.getAttribute('aria-controls');
    await page.locator(`[id="${list}"]`).getByRole('option', { name: 'Canyon Hall' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('From').fill('2100-11-07');
    await dialog.getByLabel('To (included)').fill('2100-11-07');
    await dialog.getByRole('checkbox', { name: 'Sun' }).check();
    await dialog.getByRole('textbox', { name: 'Times' }).fill('01:30');
    await dialog.getByRole('button', { name: 'Preview' }).click();

    await dialog.getByText('1 of 1 showtimes conflict; change the run and preview again.').waitFor();
    await dialog.getByText(/This time happens twice that day \(clocks go back\)/).waitFor();
    const choice = dialog.getByRole('combobox', { name: 'When a time happens twice' });
    await expectAccessible(page, 'schedule a run with a repeated time');
    await choice.selectOption({ label: 'Use the second (after the clocks go back)' });
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText('1 showtimes can be created.').waitFor();
    await dialog.getByRole('button', { name: 'Create 1 showtimes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await showtimesOfHall(runHall.id)).map((e) => e.start_time)).toEqual(['2100-11-07T01:30:00-08:00']);
    await context.close();
  });
});
