import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { apiClient } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminLogin: Awaited<ReturnType<ReturnType<typeof apiClient>['firstAdmin']>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  adminLogin = await apiClient(server.url).firstAdmin();
  ({ context, page } = await newPage(browser, server.url, DESKTOP));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await screenshot(page, `failed-hall-shapes-${ctx.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const sidewaysOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const position = (row: string, n: number) => page.getByRole('button', { name: new RegExp(`^Row ${row}, position ${n}:`) });

describe('the hall editor', () => {
  it('paints aisles and wheelchair spaces on a rectangle, keeps the text form in step, and saves', async () => {
    await restoreSession(page, adminLogin, '/admin/halls');
    await page.getByRole('button', { name: 'New hall' }).click();
    const form = page.getByRole('form', { name: 'New hall' });
    await form.getByLabel('Hall name').fill('Aisle Hall');
    await form.getByRole('textbox', { name: 'Rows', exact: true }).fill('4');
    await form.getByRole('textbox', { name: 'Seats per row' }).fill('8');
    await form.getByRole('button', { name: 'Start from a rectangle' }).click();
    const text = form.getByRole('textbox', { name: 'Layout as text' });
    expect(await text.inputValue()).toBe('A: SSSSSSSS\nB: SSSSSSSS\nC: SSSSSSSS\nD: SSSSSSSS');

    // An aisle down the middle: paint position 5 of every row as a gap, by mouse and by keyboard.
    await choose(page, 'Paint', 'Gap (aisle)');
    await position('A', 5).click();
    await position('B', 5).click();
    await position('B', 5).press('ArrowDown');
    await page.keyboard.press('Enter');
    await position('D', 5).focus();
    await page.keyboard.press('Enter');
    await choose(page, 'Paint', 'Wheelchair space');
    await position('D', 1).click();
    await choose(page, 'Paint', 'Companion seat');
    await position('D', 2).click();
    expect(await text.inputValue()).toBe('A: SSSS_SSS\nB: SSSS_SSS\nC: SSSS_SSS\nD: WCSS_SSS');

    // The text form paints the grid back: a premium back row.
    await form.getByRole('button', { name: 'Add category' }).click();
    await form.getByLabel('Category 1 name').fill('premium');
    await form.getByLabel('Price ×').fill('1.5');
    await text.fill('A: SSSS_SSSS\nB: SSSS_SSSS\nC: [premium]SSSS_SSSS\nD: WCSS_SSCW');
    await expect.poll(() => position('D', 8).getAttribute('aria-label')).toBe('Row D, position 8: companion seat 7, standard');
    const preview = form.getByRole('img', { name: /Preview of the hall: 32 seats/ });
    await preview.waitFor();
    await screenshot(page, 'hall-editor-aisles');
    await expectAccessible(page, 'hall editor');

    await form.getByRole('button', { name: 'Create hall' }).click();
    const card = page.getByRole('article', { name: 'Aisle Hall' });
    await card.waitFor();
    expect(await card.textContent()).toContain('4 rows · 32 seats · 2 wheelchair spaces');
    const halls = await apiClient(server.url).call<{ name: string; layout: { text: string } }[]>(
      'GET',
      '/api/admin/halls',
      undefined,
      adminLogin.access_token,
    );
    expect(halls.body.find((h) => h.name === 'Aisle Hall')?.layout.text).toBe(
      'A: SSSS_SSSS\nB: SSSS_SSSS\nC: [premium]SSSS_SSSS\nD: WCSS_SSCW',
    );
  });

  it('shows a line the text form cannot read, and fits a phone', async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.getByRole('button', { name: 'New hall' }).click();
      const form = page.getByRole('form', { name: 'New hall' });
      await form.getByRole('textbox', { name: 'Layout as text' }).fill('A: SSQS');
      await form.getByText('The text form has problems').waitFor();
      await form.getByText('line 1: "Q" is not a seat letter').waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'hall editor, phone');
      await page.keyboard.press('Escape');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });
});

describe('the seat map of a shaped hall', () => {
  let eventId: number;
  let ids: Map<string, number>;

  beforeAll(async () => {
    const api = apiClient(server.url);
    const token = adminLogin.access_token;
    const movie = await api.movie(token, { title: 'Wide Aisles', duration_minutes: 100 });
    const hall = await api.hall(token, {
      name: 'Shaped Hall',
      layout: { text: ['A: SSSS__SSSS', 'B: SSSS__SSSS', 'C: SSSS__SSSS', 'D: WCSS__SSCW', 'E: XSSS__SSSX'].join('\n') },
    });
    const start = new Date(Date.now() + 26 * 3_600_000);
    start.setUTCMinutes(0, 0, 0);
    eventId = (await api.showtime(token, { movie_id: movie.id, hall_id: hall.id, start_time: start.toISOString(), price: 12 }))
      .event_id;
    const seats = (await (await fetch(`${server.url}/api/events/${eventId}/seats`)).json()) as { seats: Seat[] };
    ids = new Map(seats.seats.map((s) => [s.label, s.seat_id]));
    const buyer = await api.register('ada@example.test', 'Ada Aisle');
    // Two seats of row C taken, so C1 would be left alone by C2 and C3.
    await api.hold(buyer.access_token, [ids.get('C4') as number]);
    await restoreSession(page, buyer, `/showtimes/${eventId}`);
  });

  const seat = (name: RegExp) => page.getByRole('button', { name });

  it('draws aisles as space, names wheelchair spaces, and leaves blocked seats out of sale', async () => {
    await seat(/^Row A, seat 4,/).waitFor();
    const a4 = await seat(/^Row A, seat 4,/).boundingBox();
    const a5 = await seat(/^Row A, seat 5,/).boundingBox();
    if (!a4 || !a5) throw new Error('not laid out');
    // Two gap positions between them: more than two seat widths apart.
    expect(a5.x - a4.x).toBeGreaterThan(a4.width * 2.5);
    await seat(/^Row D, wheelchair space 1, standard, 12\.00 USD, available$/).waitFor();
    await seat(/^Row D, companion seat 2,/).waitFor();
    expect(await seat(/^Row E, seat 1, out of service$/).getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByTestId('count-available').textContent()).toBe('37 available');
    await screenshot(page, 'seat-map-shaped-hall');
    await expectAccessible(page, 'seat map, shaped hall');
  });

  it('asks before selling a wheelchair space to someone who may not need it', async () => {
    await seat(/^Row D, wheelchair space 1,/).click();
    const dialog = page.getByRole('dialog', { name: 'Do you need a wheelchair space?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'No, choose another seat' }).click();
    expect(await seat(/^Row D, wheelchair space 1,/).getAttribute('aria-pressed')).toBe('false');
  });

  it('warns about a seat left alone and offers a choice that leaves none in one click', async () => {
    await seat(/^Row C, seat 2,/).click();
    await seat(/^Row C, seat 3,/).click();
    const warning = page.getByTestId('seat-choice-warning');
    await warning.getByText('This choice would leave seat C1 empty on its own').waitFor();
    await expectAccessible(page, 'seat map with a single-seat warning');
    await warning.getByRole('button', { name: /^Take .* instead$/ }).click();
    await warning.waitFor({ state: 'detached' });
    // Still two seats, and none of them leaves C1 alone.
    expect(await page.locator('button[aria-pressed="true"][data-seat-id]').count()).toBe(2);
    await seat(/^Row C, seat 2,/).click();
  });

  it('finds the best seats for a group from the keyboard', async () => {
    // The server's choice, as the API gives it: side by side in one row.
    const best = await apiClient(server.url).call<{ seat_ids: number[]; together: boolean }>(
      'POST',
      `/api/events/${eventId}/best-seats`,
      { count: 3 },
    );
    expect(best.body.together).toBe(true);
    const count = page.getByRole('textbox', { name: 'Seats', exact: true });
    await count.fill('3');
    await count.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Best seats for 3');
    await page.keyboard.press('Enter');
    const picked = () =>
      page
        .locator('button[aria-pressed="true"][data-seat-id]')
        .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seat-id'))).sort((a, b) => a - b));
    await expect.poll(picked, { timeout: 5000 }).toEqual(best.body.seat_ids);
  });

  it('fits a phone: no sideways page scroll, best seats in reach', async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.reload();
      await seat(/^Row A, seat 1,/).waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: /^Best seats for/ }).waitFor();
      await screenshot(page, 'seat-map-shaped-hall-phone');
      await expectAccessible(page, 'seat map, shaped hall, phone');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });
});
