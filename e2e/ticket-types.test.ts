import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/**
 * Ticket types in the browser: the admin prices a showtime (child 9 in standard, IMAX at 2 a
 * ticket), a customer picks a child and an adult seat, sees each seat's price before holding and
 * the breakdown at checkout. Every screen passes axe at desktop and phone widths.
 */

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let page: Page | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  programme = await seedProgramme(server.url);
  const card = await programme.api.call(
    'PUT',
    `/api/admin/events/${programme.showtime.event_id}/price-card`,
    {
      ticket_types: [
        { code: 'adult', label: 'Adult' },
        { code: 'child', label: 'Child', prices: { standard: 9 } },
        { code: 'senior', label: 'Senior' },
        { code: 'student', label: 'Student' },
      ],
      format: 'IMAX',
      format_surcharge: 2,
    },
    programme.admin.access_token,
  );
  expect(card.status).toBe(200);
});

afterEach(async (context) => {
  if (page && context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const seat = (p: Page, row: string, number: number) =>
  p.getByRole('button', { name: new RegExp(`^Row ${row}, seat ${number},`) });

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 }, hold: 'Hold 2 seats and pay' },
  { name: 'phone', viewport: { width: 390, height: 844 }, hold: 'Hold 2 seats and pay' },
];

describe.each(WIDTHS)('a child and an adult ticket at $name width', ({ name, viewport, hold }) => {
  it('shows the format and price ranges, prices each seat by its type, and the breakdown at checkout', async () => {
    const buyer = await programme.api.register(`family-${name}@example.test`, 'Fam Ily');
    const opened = await newPage(browser, server.url, viewport);
    page = opened.page;
    const row = name === 'desktop' ? 'C' : 'D';
    await restoreSession(page, buyer, `/showtimes/${programme.showtime.event_id}`);
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).waitFor();
    await page.getByText(/· IMAX$/).waitFor();
    // Standard: child 9 + 2 up to adult 15 + 2.
    await expect.poll(() => page?.getByRole('list', { name: 'Legend' }).textContent()).toContain('$11.00–$17.00');
    expect(await seat(page, row, 5).getAttribute('aria-label')).toBe(`Row ${row}, seat 5, standard, 17.00 USD, available`);

    // Each click is seen taking the seat before the next (a busy machine may still be wiring the map).
    for (const number of [5, 6]) {
      await expect
        .poll(async () => {
          const label = (await seat(page as Page, row, number).getAttribute('aria-label')) ?? '';
          if (!label.endsWith(', selected')) await seat(page as Page, row, number).click();
          return seat(page as Page, row, number).getAttribute('aria-label');
        })
        .toMatch(/, selected$/);
    }
    await page.getByLabel(`Ticket for seat ${row}5`).selectOption('child');
    expect(await page.getByTestId(`ticket-price-${row}5`).textContent()).toBe('$11.00');
    expect(await page.getByTestId(`ticket-price-${row}6`).textContent()).toBe('$17.00');
    await expect.poll(() => page?.getByTestId('selection-total').textContent()).toBe('$28.00');
    await page.getByText('Prices include the IMAX surcharge of $2.00 per ticket.').waitFor();
    await expectAccessible(page, `seat map with ticket types (${name})`);
    await screenshot(page, `ticket-types-seat-map-${name}`);

    await page.getByRole('button', { name: hold }).click();
    await page.waitForURL('**/checkout/*');
    const lines = page.getByTestId('ticket-line');
    await lines.first().waitFor();
    expect(await lines.allTextContents()).toEqual([`Seat ${row}5 · Child$11.00`, `Seat ${row}6 · Adult$17.00`]);
    await page.getByText('Includes a format surcharge of $4.00 in all').waitFor();
    await page.getByText('$28.00').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `checkout with ticket types (${name})`);
    await screenshot(page, `ticket-types-checkout-${name}`);
    await opened.context.close();
  });

  it('lets the admin edit the price card and format in an accessible dialog', async () => {
    const opened = await newPage(browser, server.url, viewport);
    page = opened.page;
    await restoreSession(page, programme.admin, '/admin/showtimes');
    await page.getByRole('button', { name: /^Prices and format of The Last Lighthouse/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Prices: The Last Lighthouse/ });
    await dialog.waitFor();
    await dialog.getByRole('group', { name: 'Child' }).waitFor();
    await page.waitForTimeout(50);
    await expectAccessible(page, `price card dialog (${name})`);

    if (name === 'desktop') {
      await dialog.getByRole('button', { name: 'Add ticket type' }).click();
      await dialog.getByRole('group', { name: 'New ticket type' }).waitFor();
      // The group is named after what is typed into it, so it is found by place.
      const added = dialog.getByRole('group').last();
      await added.getByLabel('Code').fill('member');
      await added.getByLabel('Name customers see').fill('Member');
      await dialog.getByRole('group', { name: 'Member' }).getByLabel('premium').fill('10');
      await dialog.getByRole('button', { name: 'Save prices' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const map = await programme.api.call<{ ticket_types: { code: string; prices: Record<string, number> }[] }>(
        'GET',
        `/api/events/${programme.showtime.event_id}/seats`,
      );
      expect(map.body.ticket_types.find((t) => t.code === 'member')?.prices.premium).toBe(10);
    }
    await opened.context.close();
  });
});
