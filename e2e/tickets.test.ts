import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
let reference = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
  const { showtime } = await seedProgramme(server.url);
  const api = apiClient(server.url);
  const customer = await api.register('tess@example.test', 'Tess Ticket');
  const seats = await api.call<{ seats: { seat_id: number; label: string }[] }>('GET', `/api/events/${showtime.event_id}/seats`);
  const pick = seats.body.seats.filter((s) => s.label === 'D5' || s.label === 'D6').map((s) => s.seat_id);
  reference = (await api.hold(customer.access_token, pick)).booking_reference;
  await restoreSession(page, customer, `/checkout/${reference}`);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every QR image on the page has loaded a real picture. */
const qrImagesLoaded = (p: Page) =>
  p.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLImageElement>('img[data-testid="ticket-qr"]'),
      (img) => img.complete && img.naturalWidth > 0,
    ),
  );

describe('tickets after paying', () => {
  it('the confirmation page shows a QR code per seat, Download PDF and Add to calendar', async () => {
    const form = page.getByRole('form', { name: 'Card payment' });
    await form.getByLabel('Name on card').fill('Tess Ticket');
    await form.getByLabel('Card number').fill('4242 4242 4242 4242');
    await form.getByLabel('Expiry (MM/YY)').fill('12/34');
    await form.getByLabel('CVC').fill('123');
    await form.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL(`**/bookings/${reference}`);
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();

    const tickets = page.getByRole('region', { name: 'Your tickets' });
    for (const seat of ['D5', 'D6']) await tickets.getByRole('img', { name: `QR code of the ticket for seat ${seat}` }).waitFor();
    await expect.poll(() => qrImagesLoaded(page)).toEqual([true, true]);

    const pdf = tickets.getByRole('link', { name: 'Download PDF' });
    const calendar = tickets.getByRole('link', { name: 'Add to calendar' });
    expect(await pdf.getAttribute('href')).toBe(`/api/bookings/${reference}/tickets.pdf`);
    expect(await calendar.getAttribute('href')).toBe(`/api/bookings/${reference}/calendar.ics`);
    const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
    expect(download.suggestedFilename()).toBe(`bookmemovie-${reference}.pdf`);
    const [ics] = await Promise.all([page.waitForEvent('download'), calendar.click()]);
    expect(ics.suggestedFilename()).toBe(`bookmemovie-${reference}.ics`);

    await screenshot(page, 'confirmation-tickets');
    await expectAccessible(page, 'confirmation with tickets');
  });

  it('fits a 390 px phone without sideways scrolling, and stays accessible there', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('region', { name: 'Your tickets' }).getByRole('img').first().waitFor();
    await expect.poll(() => qrImagesLoaded(page)).toEqual([true, true]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'confirmation-tickets-phone');
    await expectAccessible(page, 'confirmation with tickets (phone)');
  });

  it('My bookings shows the tickets on request, with the keyboard', async () => {
    await page.goto('/bookings');
    const card = page.getByRole('article', { name: `Booking ${reference}` });
    const toggle = card.getByRole('button', { name: 'Show tickets' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await card.getByRole('button', { name: 'Hide tickets' }).getAttribute('aria-expanded')).toBe('true');
    await card.getByRole('img', { name: 'QR code of the ticket for seat D5' }).waitFor();
    await card.getByRole('link', { name: 'Download PDF' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'my bookings with tickets (phone)');
  });
});
