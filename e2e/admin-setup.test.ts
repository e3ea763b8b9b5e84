import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, PASSWORD } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession, signOutThroughMenu } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const adminNav = (p: Page, section: string) =>
  p.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: section }).click();

/** Local wall-clock time for a datetime-local input, `days` from now at hh:mm. */
function localInput(days: number, hh: number, mm: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hh)}:${pad(mm)}`;
}

describe('first-time admin set-up, then the catalogue through the admin screens', () => {
  it('offers set-up while no admin exists and shows the server’s field errors', async () => {
    await page.goto('/sign-in');
    await page.getByRole('tab', { name: 'Admin set-up' }).click();
    const form = page.getByRole('form', { name: 'Create admin account' });
    await form.getByLabel('Full name').fill('Cinema Boss');
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByLabel(/^Password/).fill('short');
    await form.getByRole('button', { name: 'Create admin account' }).click();
    await expect.poll(() => form.getByText('Enter a valid email address').isVisible()).toBe(true);
    expect(await form.getByText(/Use at least 8 characters/).isVisible()).toBe(true);

    await form.getByLabel('Email').fill('boss@cinema.test');
    await form.getByLabel(/^Password/).fill(PASSWORD);
    await form.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL('**/admin');
    const account = page.getByTestId('account');
    await expect.poll(() => account.textContent()).toContain('Cinema Boss');
    expect(await account.textContent()).toContain('admin');
  });

  it('adds a movie', async () => {
    await adminNav(page, 'Movies');
    await page.getByRole('button', { name: 'Add movie' }).click();
    const form = page.getByRole('form', { name: 'Add movie' });
    await form.getByRole('textbox', { name: 'Title', exact: true }).fill('Orbit of Nine');
    await form.getByLabel('Duration (minutes)').fill('134');
    await form.getByLabel('Genre').fill('Science fiction');
    await form.getByLabel('Age rating').fill('PG-13');
    await form.getByLabel('Poster URL').fill('not a url');
    await form.getByRole('button', { name: 'Add movie' }).click();
    await expect.poll(() => form.getByText(/full web address/).isVisible()).toBe(true);
    await form.getByLabel('Poster URL').fill('');
    await form.getByRole('button', { name: 'Add movie' }).click();
    const table = page.getByRole('table', { name: 'Movies' });
    await table.getByRole('cell', { name: 'Orbit of Nine', exact: true }).waitFor();
    await form.waitFor({ state: 'detached' });

    // A second film, edited and then deleted (it has no bookings, so the server allows it).
    await page.getByRole('button', { name: 'Add movie' }).click();
    await form.getByRole('textbox', { name: 'Title', exact: true }).fill('Working Title');
    await form.getByRole('button', { name: 'Add movie' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit Working Title' }).click();
    const edit = page.getByRole('form', { name: 'Edit movie' });
    await edit.getByRole('textbox', { name: 'Title', exact: true }).fill('Quiet Hours');
    await edit.getByLabel('Genre').fill('Romance');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await table.getByRole('cell', { name: 'Romance' }).waitFor();
    await page.getByRole('button', { name: 'Delete Quiet Hours' }).click();
    await page.getByRole('dialog', { name: 'Delete this movie?' }).getByRole('button', { name: 'Delete movie' }).click();
    await expect.poll(() => table.getByRole('cell', { name: 'Quiet Hours', exact: true }).count()).toBe(0);
  });

  it('lists the set-up, the sign-in and the movie changes in the audit log, in plain words, with filters and paging', async () => {
    await adminNav(page, 'Audit log');
    const table = page.getByRole('table', { name: 'Audit log' });
    const rows = table.getByRole('row');
    const created = rows.filter({ hasText: 'Movie added' });
    await created.first().waitFor();
    // Two movies were added, one edited and deleted: newest first, each by the admin, from this machine.
    expect(await created.filter({ hasText: 'boss@cinema.test' }).count()).toBe(2);
    const cells = created.first().getByRole('cell');
    expect(await cells.nth(3).textContent()).toBe('Succeeded');
    expect(await cells.nth(4).textContent()).toMatch(/^Movie \d+/);
    expect(await rows.nth(1).textContent()).toContain('Movie deleted');
    expect(await rows.filter({ hasText: 'Movie changed' }).count()).toBe(1);
    expect(await created.first().textContent()).toContain('127.0.0.1');
    expect(await table.textContent()).not.toMatch(/movie\.create|POST \/api/);
    // The set-up made the first admin (no one signed in yet), and the app then signed them in.
    const setUp = rows.filter({ hasText: 'Admin created' });
    expect(await setUp.getByRole('cell').nth(1).textContent()).toBe('anonymous');
    expect(await setUp.getByRole('cell').nth(4).textContent()).toBe('boss@cinema.testfirst-time set-up');
    const signedIn = rows.filter({ hasText: 'Signed in' });
    expect(await signedIn.count()).toBe(1);
    expect(await signedIn.textContent()).toMatch(/boss@cinema\.test.*Signed in.*Succeeded.*boss@cinema\.test.*127\.0\.0\.1/);
    await screenshot(page, 'admin-audit');

    await choose(page, 'Action', 'Movie deleted');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('Movie deleted');
    await choose(page, 'Target type', 'Booking');
    await page.getByText('No matching entries').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(7);
    await choose(page, 'Target type', 'Account');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(7);

    // Older pages come from before_id: 60 more changes than one page holds.
    const api = apiClient(server.url);
    const admin = await api.login('boss@cinema.test');
    const scratch = await api.movie(admin.access_token, { title: 'Scratch' });
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const title = i % 2 ? 'Scratch' : `Scratch ${i}`;
      statuses.add((await api.call('PUT', `/api/admin/movies/${scratch.id}`, { title }, admin.access_token)).status);
    }
    statuses.add((await api.call('DELETE', `/api/admin/movies/${scratch.id}`, undefined, admin.access_token)).status);
    expect([...statuses]).toEqual([200, 204]);
    await page.reload();
    await choose(page, 'Target type', 'Movie');
    await page.getByText('Showing the latest 50 entries').waitFor();
    expect(await rows.count()).toBe(51);
    await page.getByRole('button', { name: 'Load older' }).click();
    await page.getByText(/^56 entries · that is the oldest$/).waitFor();
    expect(await page.getByRole('button', { name: 'Load older' }).count()).toBe(0);
    expect(await rows.last().textContent()).toContain('Movie added');

    const { context: phoneContext, page: phone } = await newPage(browser, server.url, { width: 375, height: 812 });
    await restoreSession(phone, admin, '/admin/audit');
    // At phone width the log is a list of blocks, each leading with what happened.
    const items = phone.getByRole('list', { name: 'Audit log' }).getByRole('listitem');
    await items.first().waitFor();
    expect(await items.first().textContent()).toMatch(/^Movie deletedMovie \d+Succeededboss@cinema\.test from 127\.0\.0\.1/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'admin-audit-phone', { fullPage: false });
    await phoneContext.close();
  });

  it('creates a hall with categories and a live preview', async () => {
    await adminNav(page, 'Halls');
    await page.getByRole('button', { name: 'New hall' }).click();
    const form = page.getByRole('form', { name: 'New hall' });
    await form.getByLabel('Hall name').fill('Studio 1');
    await form.getByRole('textbox', { name: 'Rows' }).fill('6');
    await form.getByRole('textbox', { name: 'Seats per row' }).fill('10');
    await form.getByRole('button', { name: 'Start from a rectangle' }).click();
    await expect.poll(() => form.getByText('Preview · 60 seats').isVisible()).toBe(true);
    await form.getByRole('button', { name: 'Add category' }).click();
    await form.getByLabel('Category 1 name').fill('premium');
    await form.getByLabel('Price ×').fill('1.5');
    // Rows D to F are premium: the text form switches the category for a row.
    const rows = ['A', 'B', 'C', 'D', 'E', 'F'].map((r) => `${r}: ${r >= 'D' ? '[premium]' : ''}${'S'.repeat(10)}`);
    await form.getByRole('textbox', { name: 'Layout as text' }).fill(rows.join('\n'));
    await expect.poll(() => form.getByText('Preview · 60 seats').isVisible()).toBe(true);
    await form.getByRole('button', { name: 'Create hall' }).click();
    const card = page.getByRole('article', { name: 'Studio 1' });
    await card.getByText('premium · ×1.5').waitFor();

    await card.getByRole('button', { name: 'Edit Studio 1' }).click();
    const edit = page.getByRole('form', { name: 'Edit hall' });
    await edit.getByLabel('Price ×').fill('1.25');
    await edit.getByRole('button', { name: 'Save hall' }).click();
    await card.getByText('premium · ×1.25').waitFor();
  });

  it('schedules a showtime, and refuses an overlapping one in plain words', async () => {
    await adminNav(page, 'Showtimes');
    await page.getByText('No showtimes scheduled').waitFor();
    for (const attempt of ['first', 'overlap'] as const) {
      await page.getByRole('button', { name: 'Schedule showtime' }).click();
      const form = page.getByRole('form', { name: 'Schedule showtime' });
      await choose(page, 'Movie', 'Orbit of Nine');
      await choose(page, 'Hall', /Studio 1/);
      await form.getByLabel('Starts').fill(localInput(1, 19, attempt === 'first' ? 30 : 45));
      await form.getByRole('textbox', { name: 'Base price' }).fill('12');
      await form.getByRole('button', { name: 'Schedule' }).click();
      if (attempt === 'first') {
        await page.getByRole('table', { name: 'Showtimes' }).getByRole('cell', { name: 'Orbit of Nine', exact: true }).waitFor();
      } else {
        await form.getByText(/The hall is busy then: this would overlap “Orbit of Nine” at/).waitFor();
        await form.getByRole('button', { name: 'Cancel' }).click();
      }
    }
    const table = page.getByRole('table', { name: 'Showtimes' });
    expect(await table.getByRole('row').count()).toBe(2);

    await page.getByRole('button', { name: /^Edit Orbit of Nine at / }).click();
    const edit = page.getByRole('form', { name: 'Edit showtime' });
    await edit.getByRole('textbox', { name: 'Base price' }).fill('13.5');
    await edit.getByRole('button', { name: 'Save showtime' }).click();
    await table.getByRole('cell', { name: '$13.50' }).waitFor();
  });

  it('explains why a movie with bookings cannot be deleted and marks its showtime protected', async () => {
    const api = apiClient(server.url);
    const customer = await api.register('first.customer@example.test', 'First Customer');
    const [showtime] = (await api.call<{ event_id: number }[]>('GET', '/api/events')).body;
    const seats = (await api.call<{ seats: { seat_id: number }[] }>('GET', `/api/events/${showtime?.event_id}/seats`)).body.seats;
    await api.hold(customer.access_token, [seats[0]?.seat_id ?? 0]);
    // A paid booking too, so the overview has a sale to chart.
    const buyer = await api.register('second.customer@example.test', 'Second Customer');
    const sale = await api.hold(
      buyer.access_token,
      seats.slice(30, 33).map((s) => s.seat_id),
    );
    await api.pay(buyer.access_token, sale.booking_reference);

    await page.reload();
    await page.getByRole('img', { name: 'Protected: has active bookings' }).waitFor();

    await adminNav(page, 'Movies');
    await page.getByRole('button', { name: 'Delete Orbit of Nine' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this movie?' });
    await dialog.getByRole('button', { name: 'Delete movie' }).click();
    await dialog.getByText(/pending or confirmed bookings; cancel those first/).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await page.getByRole('cell', { name: 'Orbit of Nine', exact: true }).isVisible()).toBe(true);
  });

  it('shows the overview figures and charts', async () => {
    await adminNav(page, 'Overview');
    await expect.poll(() => page.getByTestId('stat-showtimes').textContent()).toBe('1');
    expect(await page.getByTestId('stat-seats').textContent()).toBe('60');
    expect(await page.getByTestId('stat-pending').textContent()).toBe('1');
    expect(await page.getByTestId('stat-confirmed').textContent()).toBe('1');
    expect(await page.getByTestId('stat-occupancy').textContent()).toBe('5.0%');
    await page.getByRole('heading', { name: 'Occupancy per upcoming showtime' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForTimeout(300);
    await screenshot(page, 'admin-overview');
  });

  it('finds a booking by email, showtime and status, and cancels it', async () => {
    await adminNav(page, 'Bookings');
    await page.getByRole('textbox', { name: 'Search' }).fill('first.customer');
    await choose(page, 'Showtime', /^Orbit of Nine/);
    await choose(page, 'Status', 'Awaiting payment');
    const table = page.getByRole('table', { name: 'Bookings' });
    await table.getByRole('cell', { name: 'first.customer@example.test' }).waitFor();
    // The filters apply one request at a time: wait for the last one's rows, not the first one's.
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('button', { name: /^Cancel booking / }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this booking?' });
    await dialog.getByText('Nothing has been charged for this booking').waitFor();
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByText('No bookings found').waitFor();

    await choose(page, 'Status', 'Cancelled');
    await table.getByRole('cell', { name: 'first.customer@example.test' }).waitFor();
    expect(await table.getByText('Cancelled').count()).toBe(1);
  });

  it('hides the set-up form once an admin exists', async () => {
    await signOutThroughMenu(page);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto('/sign-in?tab=setup');
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Admin set-up' }).count()).toBe(0);
  });
});
