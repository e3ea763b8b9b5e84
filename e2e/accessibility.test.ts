import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../src/contract/catalogue.js';
import { IMPORTED_CUSTOMER } from '../src/core/prototype-import.js';
import { openSqliteHandle } from '../src/db/sqlite/handle.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let dir: string;
let seats: Seat[];
let seatIndex = 0;
/** A free seat of the programme's showtime, a different one each call. */
const nextSeat = () => {
  const seat = seats[seatIndex++];
  if (!seat) throw new Error('the hall ran out of seats');
  return seat.seat_id;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bmm-e2e-axe-'));
  [server, browser] = await Promise.all([
    startServer({ DATABASE_URL: `sqlite:${join(dir, 'axe.db')}`, DATA_DIR: dir }),
    launchBrowser(),
  ]);
  programme = await seedProgramme(server.url);
  seats = ((await (await fetch(`${server.url}/api/events/${programme.showtime.event_id}/seats`)).json()) as { seats: Seat[] })
    .seats;
  // The admin's Bookings screen offers "give to customer" only for a booking the prototype import
  // brought in: one paid booking is made to look like that, as the import would leave it.
  const former = await programme.api.register('former-customer@example.test', 'Former Customer');
  const held = await programme.api.hold(former.access_token, [nextSeat()]);
  await programme.api.pay(former.access_token, held.booking_reference);
  const db = openSqliteHandle(join(dir, 'axe.db'));
  // The server is writing too (the payment's outbox effects): wait for its lock rather than fail.
  db.exec('pragma busy_timeout = 10000');
  db.prepare('update users set email = ?, full_name = ? where email = ?').run([
    IMPORTED_CUSTOMER.email,
    IMPORTED_CUSTOMER.full_name,
    'former-customer@example.test',
  ]);
  db.close();
  // An email for the admin's Mail screen.
  await programme.api.call('POST', '/api/auth/forgot-password', { email: 'former-customer-2@example.test' });
  await programme.api.register('mail-reader@example.test', 'Mae Reader');
  await programme.api.call('POST', '/api/auth/forgot-password', { email: 'mail-reader@example.test' });
});

/**
 * Lets late requests finish before axe reads the page. Best effort: on a loaded machine a screen's
 * polling can keep the network from ever being idle for 500 ms, and axe reads the DOM either way.
 */
const settle = (page: Page) => page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Axe with a dialog open: the dialog is there, its × has a name, and the page still has one banner. */
async function expectDialogAccessible(page: Page, name: string | RegExp, screen: string) {
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  // The opening transition is off (reduced motion), but give layout a frame.
  await page.waitForTimeout(50);
  await expectAccessible(page, screen);
  expect(await page.getByRole('banner').count(), `${screen}: one banner landmark`).toBe(1);
  const close = dialog.locator('.mantine-Modal-close, .mantine-Drawer-close');
  if ((await close.count()) > 0) expect(await close.getAttribute('aria-label')).toBeTruthy();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
}

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

// Each screen: where it is and what shows it has loaded.
type Screen = { path: string | ((buyer: Buyer) => Promise<string>); ready: string | null };
type Buyer = Awaited<ReturnType<Awaited<ReturnType<typeof seedProgramme>>['api']['register']>>;
const CUSTOMER: Screen[] = [
  { path: '/', ready: 'Now showing' },
  { path: '/sign-in', ready: null },
  { path: '/forgot-password', ready: 'Forgot your password?' },
  // A link's token is checked when the form is sent; the form itself is what is shown here.
  { path: '/reset-password?token=an-emailed-token-00000000000000', ready: null },
  { path: async () => `/showtimes/${programme.showtime.event_id}`, ready: 'The Last Lighthouse' },
  {
    path: async (buyer) => `/checkout/${(await programme.api.hold(buyer.access_token, [nextSeat()])).booking_reference}`,
    ready: null,
  },
  {
    path: async (buyer) => {
      const held = await programme.api.hold(buyer.access_token, [nextSeat()]);
      await programme.api.pay(buyer.access_token, held.booking_reference);
      return `/bookings/${held.booking_reference}`;
    },
    ready: null,
  },
  { path: '/bookings', ready: 'My bookings' },
  { path: '/account/password', ready: null },
];
const ADMIN = ['/admin', '/admin/movies', '/admin/halls', '/admin/showtimes', '/admin/bookings', '/admin/audit', '/admin/mail'];

describe.each(WIDTHS)('axe-core at $name width', ({ name, viewport }) => {
  it('finds nothing serious or critical on the customer screens, each with its own title', async () => {
    const buyer = await programme.api.register(`axe-${name}@example.test`, 'Axel Checker');
    const { context, page } = await newPage(browser, server.url, viewport);
    await restoreSession(page, buyer, '/');
    const titles = new Set<string>();
    for (const screen of CUSTOMER) {
      const path = typeof screen.path === 'function' ? await screen.path(buyer) : screen.path;
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      if (screen.ready) await page.getByRole('heading', { level: 1, name: screen.ready }).waitFor();
      await settle(page);
      await expectAccessible(page, `${path} (${name})`);
      titles.add(await page.title());
    }
    expect(titles.size, [...titles].join(' | ')).toBe(CUSTOMER.length);
    await context.close();
  });

  it('finds nothing serious or critical on the admin screens', async () => {
    const { context, page } = await newPage(browser, server.url, viewport);
    await restoreSession(page, programme.admin, '/admin');
    const titles = new Set<string>();
    for (const path of ADMIN) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await settle(page);
      await expectAccessible(page, `${path} (${name})`);
      titles.add(await page.title());
    }
    expect(titles.size).toBe(ADMIN.length);
    // One email opened from the Mail screen.
    await page.goto('/admin/mail');
    await page
      .getByRole('link', { name: /Reset your bookmemovie password/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 2, name: /Reset your bookmemovie password/ }).waitFor();
    await settle(page);
    await expectAccessible(page, `/admin/mail/:id (${name})`);
    await context.close();
  });

  it('finds nothing serious or critical with a dialog open, and no second banner', async () => {
    const buyer = await programme.api.register(`dialogs-${name}@example.test`, 'Dee Alog');
    const held = await programme.api.hold(buyer.access_token, [nextSeat()]);
    await programme.api.pay(buyer.access_token, held.booking_reference);
    const { context, page } = await newPage(browser, server.url, viewport);
    await restoreSession(page, buyer, '/bookings');
    await page.getByRole('button', { name: 'Cancel booking' }).first().click();
    await expectDialogAccessible(page, 'Cancel this booking?', `cancel-booking dialog (${name})`);
    if (name === 'phone') {
      await page.getByRole('button', { name: 'Open menu' }).click();
      await expectDialogAccessible(page, 'Menu', `menu drawer (${name})`);
    }

    await restoreSession(page, programme.admin, '/admin/movies');
    await page.getByRole('button', { name: 'Add movie' }).click();
    await expectDialogAccessible(page, 'Add a movie', `add-movie dialog (${name})`);
    await page
      .getByRole('button', { name: /^Delete/ })
      .first()
      .click();
    await expectDialogAccessible(page, /Delete/, `delete-movie dialog (${name})`);
    await page.goto('/admin/halls');
    await page.getByRole('button', { name: 'New hall' }).click();
    await expectDialogAccessible(page, 'New hall', `new-hall dialog (${name})`);
    await page.goto('/admin/showtimes');
    await page.getByRole('button', { name: 'Schedule showtime' }).click();
    await expectDialogAccessible(page, 'Schedule a showtime', `schedule-showtime dialog (${name})`);
    await page.goto('/admin/bookings');
    await page
      .getByRole('button', { name: /^Imported: give to customer/ })
      .first()
      .click();
    await expectDialogAccessible(page, 'Give this booking to its customer', `reassign dialog (${name})`);
    await page
      .getByRole('button', { name: /^Cancel booking / })
      .first()
      .click();
    await expectDialogAccessible(page, 'Cancel this booking?', `staff cancel dialog (${name})`);
    await context.close();
  });
});

describe('reduced motion', () => {
  /** The longest transition or animation any element of the page has, in milliseconds. */
  const longestMotion = (page: Page) =>
    page.evaluate(() => {
      const ms = (value: string) =>
        Math.max(
          0,
          ...value.split(',').map((v) => (v.trim().endsWith('ms') ? Number.parseFloat(v) : Number.parseFloat(v) * 1000)),
        );
      let longest = 0;
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const pseudo of [null, '::before', '::after']) {
          const style = getComputedStyle(el, pseudo);
          longest = Math.max(longest, ms(style.transitionDuration), ms(style.animationDuration));
        }
      }
      return { longest, scrollBehavior: getComputedStyle(document.documentElement).scrollBehavior };
    });

  it('turns off transitions, animations and smooth scrolling when the system asks for less motion', async () => {
    const { context, page } = await newPage(browser, server.url, { width: 390, height: 844 });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto(`/showtimes/${programme.showtime.event_id}`);
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).waitFor();
    await page.locator('button[data-status="available"]').first().waitFor();
    // Without the preference the page does move (seats and showtime buttons ease), so the check can fail.
    expect((await longestMotion(page)).longest).toBeGreaterThan(50);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    const reduced = await longestMotion(page);
    expect(reduced.longest).toBeLessThanOrEqual(0.01);
    expect(reduced.scrollBehavior).toBe('auto');
    // The phone menu opens at once: no sliding drawer.
    await page.getByRole('button', { name: 'Open menu' }).click();
    const drawer = page.getByRole('dialog', { name: 'Menu' });
    await drawer.waitFor();
    expect((await longestMotion(page)).longest).toBeLessThanOrEqual(0.01);
    await context.close();
  });
});

describe('keyboard and focus', () => {
  it('offers a skip link first and moves focus to the new page heading on navigation', async () => {
    const { context, page } = await newPage(browser, server.url, { width: 1366, height: 900 });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Now showing' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Now showing');
    await page
      .getByRole('link', { name: /^The Last Lighthouse, / })
      .first()
      .click();
    await expect
      .poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`))
      .toBe('H1 The Last Lighthouse');
    expect(await page.title()).toBe('The Last Lighthouse · bookmemovie');
    await context.close();
  });
});
