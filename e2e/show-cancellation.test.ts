import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/** An admin cancels a showtime with a paid booking from the Showtimes screen and follows the refund and email. */

let server: RunningServer;
let browser: Browser;
let page: Page;
let reference = '';
let customerToken = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
  const { admin, showtime } = await seedProgramme(server.url);
  const api = apiClient(server.url);
  const customer = await api.register('carla@example.test', 'Carla Cancelled');
  customerToken = customer.access_token;
  const seats = await api.call<{ seats: { seat_id: number; label: string }[] }>('GET', `/api/events/${showtime.event_id}/seats`);
  const pick = seats.body.seats.filter((s) => s.label === 'E5' || s.label === 'E6').map((s) => s.seat_id);
  reference = (await api.hold(customerToken, pick)).booking_reference;
  await api.pay(customerToken, reference);
  await restoreSession(page, admin, '/admin/showtimes');
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('cancelling a showtime from the admin screen', () => {
  it('asks first, then shows the refunds and emails going out until all are done', async () => {
    await page.getByRole('button', { name: /^Cancel The Last Lighthouse at / }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this showtime?' });
    await dialog.getByLabel(/Message to customers/).fill('The projector broke down. We are sorry.');
    await expectAccessible(page, 'cancel showtime dialog');
    await dialog.getByRole('button', { name: 'Cancel showtime and refund' }).click();

    const done = page.getByRole('dialog', { name: 'Showtime cancelled' });
    await done.getByText('1 bookings cancelled').waitFor();
    await expect
      .poll(() => done.getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('All refunds settled and all customers emailed.');
    expect(await done.getByText(/Refunds: 1 of 1 settled/).isVisible()).toBe(true);
    await screenshot(page, 'showtime-cancelled-progress');
    await expectAccessible(page, 'cancellation progress');
    await done.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Cancelled', { exact: true }).waitFor();

    // The customer's booking says so, and the money came back.
    const booking = await apiClient(server.url).call<{ status: string; cancel_reason: string; refund_amount: number }>(
      'GET',
      `/api/bookings/${reference}`,
      undefined,
      customerToken,
    );
    expect(booking.body).toMatchObject({ status: 'cancelled', cancel_reason: 'show_cancelled' });
    expect(booking.body.refund_amount).toBeGreaterThan(0);
  });

  it('fits a phone: the progress dialog and the table stay usable at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('button', { name: /^Cancellation progress of The Last Lighthouse/ }).click();
    const done = page.getByRole('dialog', { name: 'Showtime cancelled' });
    await done.getByRole('status').waitFor();
    await expectAccessible(page, 'cancellation progress (phone)');
  });
});
