import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { apiClient, seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ReturnType<typeof apiClient>;
let clerk: LoginResponse;
let buyer: LoginResponse;
let eventId: number;
let seatIds: Map<string, number>;
let adminToken: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
  const programme = await seedProgramme(server.url);
  api = programme.api;
  adminToken = programme.admin.access_token;
  eventId = programme.showtime.event_id;
  const registered = await api.register('clara.counter@example.test', 'Clara Counter');
  const promoted = await api.call(
    'PUT',
    `/api/admin/users/${registered.user.id}/role`,
    { role: 'box_office' },
    programme.admin.access_token,
  );
  expect(promoted.status).toBe(200);
  clerk = await api.login('clara.counter@example.test');
  buyer = await api.register('oliver.online@example.test', 'Oliver Online');
  const seats = await api.call<{ seats: { seat_id: number; label: string }[] }>('GET', `/api/events/${eventId}/seats`);
  seatIds = new Map(seats.body.seats.map((s) => [s.label, s.seat_id]));
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const seat = (row: string, number: number) => page.getByRole('button', { name: new RegExp(`^Row ${row}, seat ${number},`) });
const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('the box office', () => {
  it('sells at the counter while an online buyer races for the same seat: one wins, the other is told', async () => {
    await restoreSession(page, clerk, '/box-office');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Box office' }).waitFor();
    await page.getByRole('heading', { name: 'Open a shift' }).waitFor();
    await page.getByLabel('Opening float').fill('50');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await page.getByRole('heading', { name: 'Sell tickets' }).waitFor();

    await choose(page, 'Showtime', /The Last Lighthouse/);
    // With the keyboard, as on the customers' map: focus a seat, Space picks it.
    await seat('C', 5).focus();
    await page.keyboard.press('Space');
    await seat('C', 6).click();
    await expect.poll(() => seat('C', 6).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Cash given').fill('40');
    await page.getByText('Change: $10.00').waitFor();
    await expectAccessible(page, 'box office sale');

    // The online buyer and the counter go for seat C6 at the same moment.
    const [online] = await Promise.all([
      api.call<{ code?: string }>(
        'POST',
        '/api/book-seats',
        { event_id: eventId, seat_ids: [seatIds.get('C6'), seatIds.get('C7')] },
        buyer.access_token,
      ),
      page.getByRole('button', { name: 'Take cash and sell' }).click(),
    ]);
    const sold = page.getByRole('status').filter({ hasText: /Sold: booking/ });
    const taken = page.getByRole('alert').filter({ hasText: /C6 was just taken/ });
    const sell = page.getByRole('button', { name: 'Take cash and sell' });
    // Settled: sold, or told that the seat was taken with the sale finished (the stream can say so first).
    const settled = async () => {
      if (await sold.isVisible()) return 'sold';
      return (await taken.isVisible()) && (await sell.isEnabled()) ? 'taken' : 'pending';
    };
    await expect.poll(settled, { timeout: 10_000 }).not.toBe('pending');
    const outcome = await settled();

    if (online.status === 201) {
      // The web won seat C6: the counter was told (or saw it go before the sale), and sold C5 alone.
      if (outcome === 'taken') {
        expect(await seat('C', 5).getAttribute('aria-pressed')).toBe('true');
        await sell.click();
      }
      await sold.waitFor();
      expect(await sold.textContent()).toContain('Seats C5 ·');
      expect(await page.getByTestId('change-due').textContent()).toBe('Change due: $25.00');
    } else {
      // The counter won: the online buyer is told which seat is gone.
      expect(online.status).toBe(409);
      expect(online.body.code).toBe('SEATS_UNAVAILABLE');
      expect(outcome).toBe('sold');
      expect(await sold.textContent()).toContain('Seats C5, C6 ·');
      expect(await page.getByTestId('change-due').textContent()).toBe('Change due: $10.00');
    }
    // Seat C6 went to exactly one of them.
    const seats = await api.call<{ seats: { label: string; status: string }[] }>('GET', `/api/events/${eventId}/seats`);
    const c6 = seats.body.seats.find((s) => s.label === 'C6');
    expect(c6?.status).toBe(online.status === 201 ? 'held' : 'booked');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print tickets (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tickets-[A-Z0-9]+\.pdf$/);
    await screenshot(page, 'box-office-sold');
    await expectAccessible(page, 'box office sold');
    await page.getByRole('button', { name: 'Next sale' }).click();
  });

  it('closes the shift with the cash counted, and the report adds up', async () => {
    const expectedText = await page.getByTestId('cash-expected').textContent();
    const report = await api.call<{ sales: { cash: { amount: number } }; cash_expected: number }>(
      'GET',
      `/api/box-office/shifts/${(await api.call<{ shift: { shift_id: number } }>('GET', '/api/box-office/shifts/current', undefined, clerk.access_token)).body.shift.shift_id}/report`,
      undefined,
      clerk.access_token,
    );
    // Float 50 plus the cash sale, and the screen says the same.
    expect(report.body.cash_expected).toBe(50 + report.body.sales.cash.amount);
    expect(expectedText).toBe(`$${report.body.cash_expected.toFixed(2)}`);

    await page.getByLabel('Cash counted').fill(String(report.body.cash_expected - 1));
    await page.getByRole('button', { name: 'Close shift' }).click();
    await page.getByRole('heading', { name: 'Shift closed: report' }).waitFor();
    expect(await page.getByTestId('cash-difference').textContent()).toBe('-$1.00 (short)');
    await screenshot(page, 'box-office-closed');
    await expectAccessible(page, 'box office shift report');
  });

  it('works on a 390 px phone: report, a new shift and the seat map, with no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByLabel('Opening float').fill('20');
    await page.getByRole('button', { name: 'Open shift' }).click();
    await choose(page, 'Showtime', /The Last Lighthouse/);
    await seat('D', 2).click();
    await page.getByRole('radio', { name: 'Card on the terminal' }).check();
    await expect.poll(() => seat('D', 2).getAttribute('aria-pressed')).toBe('true');
    const charge = page.getByRole('button', { name: 'Charge card and sell' });
    await expect.poll(() => charge.isEnabled()).toBe(true);
    // A promo code the customer brings: a wrong one is refused on the field, nothing sold.
    const created = await api.call(
      'POST',
      '/api/admin/promo-codes',
      { code: 'COUNTER10', kind: 'percent', value: 10 },
      adminToken,
    );
    expect(created.status).toBe(201);
    const promo = page.getByLabel('Promo code');
    await promo.fill('NOPE-10');
    await charge.click();
    await page.getByText('There is no such promo code').waitFor();
    expect(await promo.getAttribute('aria-invalid')).toBe('true');
    expect(await noSidewaysScroll()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'box office sale (phone)');
    await promo.fill('counter10');
    await charge.click();
    await page
      .getByRole('status')
      .filter({ hasText: /Sold: booking/ })
      .waitFor();
    expect(await page.getByTestId('sale-discount').textContent()).toMatch(/^Promo code COUNTER10: −\$\d+\.\d\d$/);
    await screenshot(page, 'box-office-phone');
  });

  it('pays out at the counter the cash owed for a cancelled showtime, on a phone, into the shift report', async () => {
    const seats = await api.call<{ seats: { seat_id: number; status: string }[] }>('GET', `/api/events/${eventId}/seats`);
    const free = seats.body.seats.find((s) => s.status === 'available');
    const sale = await api.call<{ booking_reference: string; total_amount: number }>(
      'POST',
      '/api/box-office/sales',
      { event_id: eventId, seat_ids: [free?.seat_id], payment_method: 'cash', cash_given: 100 },
      clerk.access_token,
    );
    expect(sale.status).toBe(201);
    const cancelled = await api.call('POST', `/api/admin/events/${eventId}/cancel`, {}, adminToken);
    expect(cancelled.status).toBe(200);

    const owed = `$${sale.body.total_amount.toFixed(2)}`;
    await page.getByLabel('Booking reference').fill(sale.body.booking_reference.toLowerCase());
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.getByTestId('cash-refund-due').textContent()).toContain(`cash refund due: ${owed}`);
    expect(await noSidewaysScroll()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'box office cash refund due (phone)');
    await page.getByRole('button', { name: `Pay out ${owed} from the drawer` }).click();
    await page.getByRole('status').filter({ hasText: 'Cash paid out' }).waitFor();
    await screenshot(page, 'box-office-cash-refund');

    const shiftId = (
      await api.call<{ shift: { shift_id: number } }>('GET', '/api/box-office/shifts/current', undefined, clerk.access_token)
    ).body.shift.shift_id;
    const report = await api.call<{ refunds: { cash: { count: number; amount: number } } }>(
      'GET',
      `/api/box-office/shifts/${shiftId}/report`,
      undefined,
      clerk.access_token,
    );
    expect(report.body.refunds.cash).toEqual({ count: 1, amount: sale.body.total_amount });
    // The card sale above took a promo code: the report on screen says what codes took off.
    await page.getByRole('rowheader', { name: /^Promo discounts/ }).waitFor();
  });
});
