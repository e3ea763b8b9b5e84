import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { addDays, businessDate, formatDate, isoWeekday, parseLocalDate } from '../src/core/cinema-time.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let showDay: string;
const pages: Page[] = [];

/** The Friday starting the film week a business day is in. */
function filmWeekOf(date: string): string {
  const d = parseLocalDate(date);
  if (!d) throw new Error(date);
  return formatDate(addDays(d, -((isoWeekday(d) - 5 + 7) % 7)));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  programme = await seedProgramme(server.url);
  const { api, showtime } = programme;
  const seats = ((await (await fetch(`${server.url}/api/events/${showtime.event_id}/seats`)).json()) as { seats: Seat[] }).seats;
  const patron = await api.register('reports@example.test', 'Rita Ports');
  const held = await api.hold(
    patron.access_token,
    seats.slice(0, 3).map((s) => s.seat_id),
  );
  await api.pay(patron.access_token, held.booking_reference);
  showDay = businessDate(Date.parse(showtime.start_time), 'UTC');
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-reports-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function reportsPage(viewport: { width: number; height: number }) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, programme.admin, '/admin/reports');
  await page.getByRole('heading', { name: 'Sales', exact: true }).waitFor();
  return { context, page };
}

const downloaded = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
};

describe('admin reports screen', () => {
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`shows sales and the distributor week with downloads, accessible at ${viewport.width} px`, async () => {
      const { context, page } = await reportsPage(viewport);
      await expectAccessible(page, `admin reports (${name})`);

      const sales = page.getByRole('form', { name: 'Sales report' });
      await sales.getByLabel('From').fill(showDay);
      await sales.getByLabel('To').fill(showDay);
      await choose(page, 'Group by', 'Day');
      await sales.getByRole('button', { name: 'Show sales' }).click();
      const table = page.getByRole('table', { name: 'Sales' });
      await table.waitFor();
      const row = table.getByRole('row', { name: new RegExp(showDay) });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByRole('cell').nth(1).textContent()).toBe('3');
      expect(await table.getByRole('row', { name: /Total/ }).getByRole('cell').first().textContent()).toBe('3');
      const csv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
      expect(csv.name).toBe(`sales-${showDay}-${showDay}-day.csv`);
      const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe('day,label,admissions,gross (USD),refunds (USD),net (USD)');
      expect(lines[1]).toMatch(new RegExp(`^${showDay},${showDay},3,`));
      expect(lines.at(-1)).toMatch(/^total,/);

      const distributor = page.getByRole('form', { name: 'Distributor report' });
      await choose(page, 'Film', programme.movie.title);
      await distributor.getByLabel('Week starting').fill(filmWeekOf(showDay));
      await distributor.getByRole('button', { name: 'Show week' }).click();
      const week = page.getByRole('table', { name: 'Distributor report' });
      await week.waitFor();
      expect(
        await week
          .getByRole('row', { name: /Week total/ })
          .getByRole('cell')
          .nth(1)
          .textContent(),
      ).toBe('3');
      await expectAccessible(page, `admin reports with results (${name})`);
      const pdf = await downloaded(page, () => page.getByRole('button', { name: 'Download PDF' }).click());
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const weekCsv = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV' }).nth(1).click());
      expect(weekCsv.bytes.toString('utf8')).toContain(`film,${programme.movie.title},cinema,All cinemas`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await screenshot(page, `admin-reports-${name}`);
      await context.close();
    });
  }

  it('names the problem when the week does not start on a Friday', async () => {
    const { context, page } = await reportsPage(DESKTOP);
    const distributor = page.getByRole('form', { name: 'Distributor report' });
    await choose(page, 'Film', programme.movie.title);
    const friday = filmWeekOf(showDay);
    const saturday = new Date(Date.parse(`${friday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await distributor.getByLabel('Week starting').fill(saturday);
    await distributor.getByRole('button', { name: 'Show week' }).click();
    await page.getByText(/must be a Friday/).waitFor();
    await context.close();
  });
});
