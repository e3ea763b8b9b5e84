import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  programme = await seedProgramme(server.url);
  const { api, admin } = programme;
  const token = admin.access_token;
  // Revenue of about a million: ten gala seats at the highest price a seat can have.
  const gala = await api.hall(token, {
    name: 'Gala Hall',
    rows: 2,
    seats_per_row: 10,
    categories: [{ name: 'gala', from_row: 1, to_row: 2, price_factor: 10 }],
  });
  const film = await api.movie(token, {
    title: 'An Evening of Extraordinarily Expensive Seats',
    description: 'The charity premiere.',
    duration_minutes: 100,
    genre: 'Gala',
    rating: 'PG',
  });
  // Several upcoming showtimes with long titles, a day apart, for the occupancy chart.
  const base = Date.now() + 2 * 86_400_000;
  let galaEvent = 0;
  for (let day = 0; day < 6; day++) {
    const start = new Date(base + day * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const created = await api.showtime(token, {
      movie_id: film.id,
      hall_id: gala.id,
      start_time: start.toISOString(),
      price: 9_999.99,
    });
    if (day === 0) galaEvent = created.event_id;
  }
  const seats = ((await (await fetch(`${server.url}/api/events/${galaEvent}/seats`)).json()) as { seats: Seat[] }).seats;
  const patron = await api.register('patron@example.test', 'Pat Ron');
  const held = await api.hold(
    patron.access_token,
    seats.slice(0, 10).map((s) => s.seat_id),
  );
  await api.pay(patron.access_token, held.booking_reference);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-admin-layout-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(viewport: { width: number; height: number }, path: string) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, programme.admin, path);
  await page.locator('main h1').first().waitFor();
  return { context, page };
}

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Pairs of the elements (by selector) whose boxes overlap. */
const overlapping = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const boxes = Array.from(document.querySelectorAll(sel)).map((el) => ({
      text: el.textContent,
      r: el.getBoundingClientRect(),
    }));
    const pairs: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]?.r;
        const b = boxes[j]?.r;
        if (a && b && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
          pairs.push(`${boxes[i]?.text} / ${boxes[j]?.text}`);
        }
      }
    }
    return { count: boxes.length, pairs };
  }, selector);

describe('admin overview', () => {
  it('keeps a revenue of a million inside its card at 1366 px, with the exact sum beside it', async () => {
    const { context, page } = await adminPage(DESKTOP, '/admin');
    const figure = page.getByTestId('stat-revenue');
    await figure.waitFor();
    expect(await figure.textContent()).toMatch(/^\$1(\.\d)?M$/);
    const card = page.getByRole('group', { name: 'Revenue' });
    // 10 seats at 9,999.99 × 10, plus what the programme sold: the exact sum, in full, under it.
    const exact = await card.getByText(/ in all$/).textContent();
    expect(Number(exact?.replace(/[^\d.]/g, ''))).toBeGreaterThanOrEqual(999_999);
    const fits = await card.evaluate((el) => {
      const outer = el.getBoundingClientRect();
      return Array.from(el.querySelectorAll('p')).every((p) => {
        const r = p.getBoundingClientRect();
        return p.scrollWidth <= p.clientWidth + 1 && r.right <= outer.right + 0.5 && r.left >= outer.left - 0.5;
      });
    });
    expect(fits).toBe(true);
    // The occupancy chart's showtime labels do not run into each other either.
    await page.locator('[class*="yAxis"] text').first().waitFor();
    const labels = await overlapping(page, '[class*="yAxis"] text');
    expect(labels.count).toBeGreaterThanOrEqual(6);
    expect(labels.pairs).toEqual([]);
    await screenshot(page, 'admin-overview-desktop', { fullPage: false });
    await context.close();
  });

  it('lists occupancy a showtime to a line on a phone, nothing overlapping or spilling sideways', async () => {
    const { context, page } = await adminPage(PHONE, '/admin');
    const list = page.getByTestId('occupancy-list');
    await list.waitFor();
    expect(await list.getByRole('listitem').count()).toBeGreaterThanOrEqual(6);
    expect(await list.getByRole('progressbar').count()).toBeGreaterThanOrEqual(6);
    const texts = await overlapping(page, '[data-testid="occupancy-list"] li p');
    expect(texts.pairs).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await list.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-occupancy-phone', { fullPage: false });
    await context.close();
  });
});

describe('admin on a phone', () => {
  it('keeps the sections on one line that scrolls, says there are more, and reaches the last by keyboard', async () => {
    const { context, page } = await adminPage(PHONE, '/admin');
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    const links = nav.getByRole('link');
    expect(await links.count()).toBe(11);
    const tops = await links.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await nav.getByText('Scroll sideways for more sections').waitFor();
    const mail = nav.getByRole('link', { name: 'Mail' });
    expect(((await mail.boundingBox())?.x ?? 0) + ((await mail.boundingBox())?.width ?? 0)).toBeGreaterThan(PHONE.width);
    // The shade on the right edge is showing.
    const shade = await nav.evaluate((el) => {
      const shades = el.querySelector('[data-more-after]');
      return shades ? getComputedStyle(shades, '::after').opacity : null;
    });
    expect(shade).toBe('1');
    await mail.focus();
    const box = await mail.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= PHONE.width).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/admin/mail');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-sections-phone', { fullPage: false });
    await context.close();
  });

  it('marks a table that scrolls sideways: a note, a shade, a named region the keyboard can scroll', async () => {
    const { context, page } = await adminPage(PHONE, '/admin/movies');
    const region = page.getByRole('region', { name: 'Movies table, scrolls sideways' });
    await region.waitFor();
    await page.getByText('Scroll sideways for more columns').waitFor();
    expect(await region.getAttribute('tabindex')).toBe('0');
    const shades = async () =>
      region.evaluate((el) => {
        const frame = el.parentElement as HTMLElement;
        return [getComputedStyle(frame, '::before').opacity, getComputedStyle(frame, '::after').opacity];
      });
    expect(await shades()).toEqual(['0', '1']);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(shades).toEqual(['1', '0']);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-table-phone', { fullPage: false });
    await context.close();
  });

  it('shows no note on a desktop, where the table fits', async () => {
    const { context, page } = await adminPage(DESKTOP, '/admin/movies');
    await page.getByRole('table', { name: 'Movies' }).waitFor();
    expect(await page.getByText('Scroll sideways for more columns').count()).toBe(0);
    expect(await page.getByRole('region', { name: /Movies table/ }).count()).toBe(1);
    expect(await page.getByRole('region', { name: /Movies table/ }).getAttribute('tabindex')).toBeNull();
    await context.close();
  });
});
