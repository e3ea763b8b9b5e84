import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let eventId: number;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
  eventId = (await seedProgramme(server.url)).showtime.event_id;
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const seat = (p: Page, row: string, number: number) =>
  p.getByRole('button', { name: new RegExp(`^Row ${row}, seat ${number},`) });
const focusedSeatName = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

async function payWith(p: Page, cardNumber: string) {
  const form = p.getByRole('form', { name: 'Card payment' });
  await form.getByLabel('Name on card').fill('Ann Example');
  await form.getByLabel('Card number').fill(cardNumber);
  await form.getByLabel('Expiry (MM/YY)').fill('12/34');
  await form.getByLabel('CVC').fill('123');
  await form.getByRole('button', { name: /^Pay / }).click();
}

describe('a customer books, pays, finds and cancels a booking', () => {
  let reference = '';

  it('picks three seats with the keyboard, is asked to sign in, registers and keeps the selection', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /^The Last Lighthouse, .*Grand Hall/ }).click();
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor();

    // The one seat in the tab order is the first free one; arrows move, Space and Enter toggle.
    await seat(page, 'A', 1).focus();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'])
      await page.keyboard.press(key);
    expect(await focusedSeatName(page)).toBe('Row C, seat 5, standard, 15.00 USD, available');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect(await focusedSeatName(page)).toBe('Row C, seat 7, standard, 15.00 USD, selected');
    for (const n of [5, 6, 7]) expect(await seat(page, 'C', n).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('selection-total').textContent()).toBe('$45.00');
    await screenshot(page, 'seat-map-keyboard');

    await page.getByRole('button', { name: 'Sign in to hold these seats' }).click();
    await page.getByText('Sign in to book').waitFor();
    await page.getByRole('tab', { name: 'Create account' }).click();
    const form = page.getByRole('form', { name: 'Create account' });
    await form.getByLabel('Full name').fill('Ann Example');
    await form.getByLabel('Email').fill('ann@example.test');
    await form.getByLabel(/^Password/).fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL((url) => url.pathname === `/showtimes/${eventId}`);
    await expect.poll(() => page.getByRole('list', { name: 'Selected seats' }).textContent()).toMatch(/C5.*C6.*C7/);
  });

  it('holds the seats and pays with the approving test card', async () => {
    await page.getByRole('button', { name: 'Hold 3 seats and pay' }).click();
    await page.waitForURL('**/checkout/*');
    expect(await page.getByRole('timer').textContent()).toMatch(/^(10:00|09:\d\d)$/);
    await page.getByText('4242 4242 4242 4242').waitFor();
    await payWith(page, '4242 4242 4242 4242');
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    reference = (await page.getByTestId('booking-reference').textContent()) ?? '';
    expect(reference).toMatch(/^[A-Z0-9]{6,}$/);
  });

  it('finds the booking under My bookings and cancels it with the refund stated', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My bookings' }).click();
    const card = page.getByRole('article', { name: `Booking ${reference}` });
    await card.getByText('Confirmed').waitFor();
    expect(await card.textContent()).toContain('$45.00');
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this booking?' });
    await dialog.getByText('You will be refunded $45.00 in full').waitFor();
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await card.getByText('Cancelled').waitFor();
    await card.getByText('Refunded $45.00').waitFor();
  });

  it('shows the cancelled seats as available again', async () => {
    await page.goto(`/showtimes/${eventId}`);
    for (const n of [5, 6, 7]) {
      await expect.poll(() => seat(page, 'C', n).getAttribute('aria-label')).toMatch(/, available$/);
    }
    expect(await page.getByTestId('count-available').textContent()).toBe('96 available');
  });
});

describe('a declined card, then an approved one', () => {
  it('keeps the hold after a decline and confirms with another card', async () => {
    await page.goto(`/showtimes/${eventId}`);
    await seat(page, 'E', 3).click();
    await seat(page, 'E', 4).click();
    expect(await page.getByTestId('selection-total').textContent()).toBe('$36.00');
    await page.getByRole('button', { name: 'Hold 2 seats and pay' }).click();
    await page.waitForURL('**/checkout/*');
    // The refund policy is stated before paying.
    expect(await page.getByTestId('refund-policy').textContent()).toMatch(/^Free cancellation until /);

    await payWith(page, '4000 0000 0000 0002');
    await page.getByRole('alert').filter({ hasText: 'Your card was declined' }).waitFor();
    expect(page.url()).toContain('/checkout/');
    expect(await page.getByRole('timer').isVisible()).toBe(true);

    await page.getByRole('form', { name: 'Card payment' }).getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('form', { name: 'Card payment' }).getByRole('button', { name: 'Pay $36.00' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
  });

  it('cancels one of the two seats: only it is refunded, the other stays booked', async () => {
    const reference = (await page.getByTestId('booking-reference').textContent()) ?? '';
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My bookings' }).click();
    const card = page.getByRole('article', { name: `Booking ${reference}` });
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this booking?' });
    await dialog.getByText('You will be refunded $36.00 in full').waitFor();
    await dialog.getByRole('checkbox', { name: 'E4' }).uncheck();
    await dialog.getByText('You will be refunded $18.00 in full').waitFor();
    await dialog.getByRole('button', { name: 'Cancel 1 seat' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByText('Confirmed').waitFor();
    // The booking reference is random and may itself contain "E3": leave it out of the check.
    const seatsShown = async () => ((await card.textContent()) ?? '').replace(reference, '');
    await expect.poll(seatsShown).not.toContain('E3');
    expect(await seatsShown()).toContain('E4');
    await page.goto(`/showtimes/${eventId}`);
    await expect.poll(() => seat(page, 'E', 3).getAttribute('aria-label')).toMatch(/, available$/);
    expect(await seat(page, 'E', 4).getAttribute('aria-label')).toMatch(/, booked$|, sold$|unavailable/);
  });
});
