import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  programme = await seedProgramme(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

// Each screen: where it is and what shows it has loaded.
const CUSTOMER = [
  { path: '/', ready: 'Now showing' },
  { path: '/sign-in', ready: null },
  { path: () => `/showtimes/${programme.showtime.event_id}`, ready: 'The Last Lighthouse' },
  { path: '/bookings', ready: 'My bookings' },
  { path: '/account/password', ready: null },
];
const ADMIN = ['/admin', '/admin/movies', '/admin/halls', '/admin/showtimes', '/admin/bookings', '/admin/audit'];

describe.each(WIDTHS)('axe-core at $name width', ({ name, viewport }) => {
  it('finds nothing serious or critical on the customer screens, each with its own title', async () => {
    const buyer = await programme.api.register(`axe-${name}@example.test`, 'Axel Checker');
    const { context, page } = await newPage(browser, server.url, viewport);
    await restoreSession(page, buyer, '/');
    const titles = new Set<string>();
    for (const screen of CUSTOMER) {
      const path = typeof screen.path === 'function' ? screen.path() : screen.path;
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      if (screen.ready) await page.getByRole('heading', { level: 1, name: screen.ready }).waitFor();
      await page.waitForLoadState('networkidle');
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
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, `${path} (${name})`);
      titles.add(await page.title());
    }
    expect(titles.size).toBe(ADMIN.length);
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
