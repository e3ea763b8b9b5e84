import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { PASSWORD, seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { fakeToken, restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let customer: LoginResponse;
let eventId: number;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const seed = await seedProgramme(server.url);
  eventId = seed.showtime.event_id;
  customer = await seed.api.register('dave@example.test', 'Dave Customer');
  ({ page } = await newPage(browser, server.url));
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInThroughForm(p: Page) {
  const form = p.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill('dave@example.test');
  await form.getByLabel(/^Password/).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

describe('a customer account and the admin screens', () => {
  it('cannot reach the admin screens, and the server refuses the calls with 403', async () => {
    await restoreSession(page, customer, '/admin');
    await page.getByRole('heading', { name: 'This area is for cinema staff' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Admin sections' }).count()).toBe(0);

    const statuses = await page.evaluate(async (token) => {
      const paths = ['/api/admin/analytics', '/api/admin/movies', '/api/admin/bookings'];
      const answers = await Promise.all(paths.map((path) => fetch(path, { headers: { authorization: `Bearer ${token}` } })));
      const create = await fetch('/api/admin/movies', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Sneaky' }),
      });
      return [...answers, create].map((r) => r.status);
    }, customer.access_token);
    expect(statuses).toEqual([403, 403, 403, 403]);
  });
});

describe('an expired session', () => {
  it('sends the user to sign in with a message when the token has expired, then back to the page', async () => {
    await restoreSession(page, { ...customer, access_token: fakeToken(Math.floor(Date.now() / 1000) - 60) }, '/bookings');
    await page.getByText('Your session has expired').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signInThroughForm(page);
    await page.waitForURL('**/bookings');
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
  });

  it('does the same when the server rejects a token the browser thought was fine', async () => {
    await restoreSession(page, { ...customer, access_token: fakeToken(Math.floor(Date.now() / 1000) + 3600) }, `/bookings`);
    await page.getByText('Your session has expired').waitFor();
    await signInThroughForm(page);
    await page.waitForURL('**/bookings');
    expect(await page.getByTestId('account').textContent()).toContain('Dave Customer');
  });
});

describe('phone width', () => {
  it('fits browse, seat map and sign-in into 375 px without sideways scrolling', async () => {
    const { context, page: phone } = await newPage(browser, server.url, { width: 375, height: 812 });
    for (const path of ['/', `/showtimes/${eventId}`, '/sign-in']) {
      await phone.goto(path);
      await phone.waitForLoadState('networkidle');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await phone.goto(`/showtimes/${eventId}`);
    await phone.getByRole('button', { name: /^Row A, seat 1,/ }).waitFor();
    await screenshot(phone, 'seat-map-phone');
    await phone.getByRole('button', { name: 'Open menu' }).click();
    await phone.getByRole('dialog', { name: 'Menu' }).getByRole('link', { name: 'Showtimes' }).waitFor();
    await context.close();
  });
});
