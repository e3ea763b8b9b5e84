import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { apiClient, PASSWORD, seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  endBrowserSession,
  fakeToken,
  refreshStatus,
  replaceStoredToken,
  restoreSession,
  signOutThroughMenu,
  storedSession,
} from './support/session.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let customer: LoginResponse;
let eventId: number;
let reference: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const seed = await seedProgramme(server.url);
  eventId = seed.showtime.event_id;
  customer = await seed.api.register('dave@example.test', 'Dave Customer');
  // Something private to find under My bookings.
  const seats = (await seed.api.call<{ seats: { seat_id: number }[] }>('GET', `/api/events/${eventId}/seats`)).body.seats;
  reference = (await seed.api.hold(customer.access_token, [seats[40]?.seat_id ?? 0])).booking_reference;
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

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('an expired session', () => {
  it('sends the user to sign in with a message when the token has expired, then back to the page', async () => {
    // Expired for good: no refresh cookie to renew it with.
    await page.context().clearCookies();
    await restoreSession(page, { ...customer, access_token: fakeToken(nowSeconds() - 60) }, '/bookings');
    await page.getByText('Your session has expired').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await storedSession(page)).toBeNull();
    await signInThroughForm(page);
    await page.waitForURL('**/bookings');
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
  });

  it('does the same when the server rejects a token the browser thought was fine', async () => {
    // The sign-in above left a refresh cookie; signing out on the server revokes it.
    await endBrowserSession(page);
    await restoreSession(page, { ...customer, access_token: fakeToken(nowSeconds() + 3600) }, `/bookings`);
    await page.getByText('Your session has expired').waitFor();
    await signInThroughForm(page);
    await page.waitForURL('**/bookings');
    expect(await page.getByTestId('account').textContent()).toContain('Dave Customer');
  });
});

describe('silent renewal with the refresh cookie', () => {
  it('keeps the user signed in when the stored access token has expired (a reload after 20 minutes)', async () => {
    const { context, page: tab } = await newPage(browser, server.url);
    await tab.goto('/sign-in?next=%2Fbookings');
    await signInThroughForm(tab);
    await tab.waitForURL((url) => url.pathname === '/bookings');
    const signedIn = await storedSession(tab);
    // The refresh token lives only in the HttpOnly cookie, never where scripts can read it.
    expect(JSON.stringify(signedIn)).not.toContain('refresh');
    expect(await tab.evaluate(() => document.cookie)).not.toContain('bmm_refresh');

    const dead = fakeToken(nowSeconds() - 20 * 60);
    await replaceStoredToken(tab, dead);
    const renewed = tab.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));
    await tab.goto('/bookings');
    expect((await renewed).status()).toBe(200);
    await tab.getByRole('heading', { name: 'My bookings' }).waitFor();
    await tab.getByText(reference).first().waitFor();
    expect(new URL(tab.url()).pathname).toBe('/bookings');
    expect(await tab.getByText('Your session has expired').count()).toBe(0);
    const after = await storedSession(tab);
    // A new, live access token replaced the dead one (signed by the server: it has three parts and a later expiry).
    expect(after?.token).not.toBe(dead);
    const exp = JSON.parse(Buffer.from(after?.token?.split('.')[1] ?? '', 'base64url').toString()).exp as number;
    expect(exp).toBeGreaterThan(nowSeconds() + 60);
    expect(after?.user.email).toBe('dave@example.test');
    await context.close();
  });

  it('renews and retries once when the server refuses a token that looked fine, so the page still loads', async () => {
    const { context, page: tab } = await newPage(browser, server.url);
    await tab.goto('/sign-in');
    await signInThroughForm(tab);
    await tab.getByTestId('account').waitFor();
    await replaceStoredToken(tab, fakeToken(nowSeconds() + 600));
    const refreshes: number[] = [];
    tab.on('response', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.status());
    });
    await tab.goto('/bookings');
    await tab.getByText(reference).first().waitFor();
    expect(new URL(tab.url()).pathname).toBe('/bookings');
    // Several calls met the refused token at once; the cookie was spent once, not once each.
    expect(refreshes).toEqual([200]);
    await context.close();
  });
});

describe('two tabs renewing at once', () => {
  it('spends the shared refresh cookie once, so neither tab is signed out and the session survives', async () => {
    const { context, page: first } = await newPage(browser, server.url);
    await first.goto('/sign-in?next=%2Fbookings');
    await signInThroughForm(first);
    await first.waitForURL((url) => url.pathname === '/bookings');
    const second = await context.newPage();
    const refreshes: number[] = [];
    context.on('response', (r) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes.push(r.status());
    });

    // Both tabs find a dead access token (they share localStorage and the cookie) and load together.
    await replaceStoredToken(first, fakeToken(nowSeconds() - 20 * 60));
    await Promise.all([first.goto('/bookings'), second.goto('/bookings')]);
    for (const tab of [first, second]) {
      await tab.getByText(reference).first().waitFor();
      expect(new URL(tab.url()).pathname).toBe('/bookings');
    }
    expect(refreshes).toEqual([200]);
    // Had a used refresh token been sent twice, the server would have revoked the whole session.
    expect(await refreshStatus(first)).toBe(200);
    await context.close();
  });
});

describe('signing out', () => {
  it('ends the session on the server, and Back does not bring private data back', async () => {
    const { context, page: tab } = await newPage(browser, server.url);
    await tab.goto('/sign-in?next=%2Fbookings');
    await signInThroughForm(tab);
    await tab.waitForURL((url) => url.pathname === '/bookings');
    await tab.getByText(reference).first().waitFor();

    await signOutThroughMenu(tab);
    await tab.waitForURL((url) => url.pathname === '/');
    await tab.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await storedSession(tab)).toBeNull();

    await tab.goBack();
    await tab.waitForURL((url) => url.pathname === '/sign-in');
    await tab.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(await tab.getByText(reference).count()).toBe(0);
    expect(await tab.getByTestId('account').count()).toBe(0);
    // The refresh cookie is gone and its session revoked: nothing can renew it.
    expect(await refreshStatus(tab)).toBe(401);
    await context.close();
  });
});

describe('changing the password', () => {
  it('shows field errors, keeps this session, and ends the others', async () => {
    const api = apiClient(server.url);
    const erin = await api.register('erin@example.test', 'Erin Example');
    const { context, page: tab } = await newPage(browser, server.url);
    await restoreSession(tab, erin, '/');
    await tab.getByRole('button', { name: 'Account menu' }).click();
    await tab.getByRole('menuitem', { name: 'Change password' }).click();
    const form = tab.getByRole('form', { name: 'Change password' });

    await form.getByLabel(/^Current password/).fill('not-my-password');
    await form.getByLabel(/^New password/).fill('short');
    await form.getByLabel(/^Repeat new password/).fill('short');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Use at least 8 characters').waitFor();

    await form.getByLabel(/^New password/).fill('a-much-better-password-7');
    await form.getByLabel(/^Repeat new password/).fill('a-much-better-password-7');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('That is not your current password').waitFor();

    await form.getByLabel(/^Current password/).fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await tab.getByText('Password changed').waitFor();
    await screenshot(tab, 'change-password');

    // This browser carries on with a new session; the one signed in elsewhere (the API login) has ended.
    await tab.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My bookings' }).click();
    await tab.getByRole('heading', { name: 'My bookings' }).waitFor();
    expect((await api.call('POST', '/api/auth/refresh', { refresh_token: erin.refresh_token })).status).toBe(401);
    expect((await api.login('erin@example.test', 'a-much-better-password-7')).user.email).toBe('erin@example.test');
    await context.close();
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
