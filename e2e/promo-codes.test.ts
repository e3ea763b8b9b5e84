import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/**
 * Promo codes in the browser: the admin creates a 10% code on the Promo codes screen, a customer
 * enters it on the seat map before holding and sees the discount and the lower total at
 * checkout. Every screen passes axe at desktop and phone widths.
 */

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let page: Page | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  programme = await seedProgramme(server.url);
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
const money = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 }, row: 'C' },
  { name: 'phone', viewport: { width: 390, height: 844 }, row: 'D' },
];

describe.each(WIDTHS)('a promo code at $name width', ({ name, viewport, row }) => {
  const code = `SAVE10-${name.toUpperCase()}`;

  it('the admin creates a code on the Promo codes screen', async () => {
    const opened = await newPage(browser, server.url, viewport);
    page = opened.page;
    await restoreSession(page, programme.admin, '/admin/promo-codes');
    await page.getByRole('button', { name: 'Create promo code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a promo code' });
    await dialog.waitFor();
    await page.waitForTimeout(50);
    await expectAccessible(page, `promo code form (${name})`);
    await dialog.getByRole('textbox', { name: 'Code' }).fill(code.toLowerCase());
    await dialog.getByLabel('Percent off').fill('10');
    await dialog.getByLabel('Total uses').fill('5');
    await dialog.getByRole('button', { name: 'Create code' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('promo-row').filter({ hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('10% off');
    expect(await row.textContent()).toContain('0 of 5');
    await expectAccessible(page, `promo codes list (${name})`);
    await screenshot(page, `promo-codes-admin-${name}`);
    await opened.context.close();
  });

  it('a customer enters it before holding and sees the discount at checkout', async () => {
    const buyer = await programme.api.register(`promo-${name}@example.test`, 'Pro Mo');
    const opened = await newPage(browser, server.url, viewport);
    page = opened.page;
    await restoreSession(page, buyer, `/showtimes/${programme.showtime.event_id}`);
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).waitFor();
    await seat(page, row, 3).click();
    await seat(page, row, 4).click();
    const subtotal = money(await page.getByTestId('selection-total').first().textContent());
    expect(subtotal).toBeGreaterThan(0);

    // A wrong code is refused by name and holds nothing; the right one (any case) is applied.
    const field = page.getByRole('textbox', { name: 'Promo code' });
    await field.fill('NOPE-123');
    await page.getByRole('button', { name: 'Hold 2 seats and pay' }).click();
    await page.getByText('There is no such promo code. Nothing was held.').waitFor();
    await expectAccessible(page, `seat map with a refused promo code (${name})`);
    await field.fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Hold 2 seats and pay' }).click();
    await page.waitForURL('**/checkout/*');
    const discount = page.getByTestId('promo-discount');
    await discount.waitFor();
    const off = Math.round(subtotal * 10) / 100;
    expect(await discount.textContent()).toBe(`Promo code ${code}−$${off.toFixed(2)}`);
    await page
      .getByText(`$${(subtotal - off).toFixed(2)}`)
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `checkout with a promo code (${name})`);
    await screenshot(page, `promo-codes-checkout-${name}`);
    await opened.context.close();
  });
});
