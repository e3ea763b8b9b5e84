import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

const HOLD_SECONDS = 10;
let server: RunningServer;
let browser: Browser;
let page: Page;
let eventId: number;

beforeAll(async () => {
  // The shortest hold the server accepts, so the countdown runs out within the test.
  [server, browser] = await Promise.all([startServer({ HOLD_TTL_SECONDS: String(HOLD_SECONDS) }), launchBrowser()]);
  const seed = await seedProgramme(server.url);
  eventId = seed.showtime.event_id;
  const customer = await seed.api.register('erin@example.test', 'Erin');
  ({ page } = await newPage(browser, server.url));
  await restoreSession(page, customer, `/showtimes/${eventId}`);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const seat = (p: Page, label: string) => p.getByRole('button', { name: new RegExp(`^Row ${label[0]}, seat ${label.slice(1)},`) });

describe('a hold that runs out', () => {
  it('shows a pending booking with its countdown and a pay-now action, then releases the seats at zero', async () => {
    await seat(page, 'B2').click();
    await page.getByRole('button', { name: 'Hold seat and pay' }).click();
    await page.waitForURL('**/checkout/*');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My bookings' }).click();
    const card = page.getByRole('article').first();
    await card.getByText('Awaiting payment').waitFor();
    expect(await card.getByRole('timer').textContent()).toMatch(/^00:(0\d|10)$/);
    await card.getByRole('link', { name: 'Pay now' }).click();
    await page.waitForURL('**/checkout/*');

    await page.getByRole('heading', { name: 'Your hold has expired' }).waitFor({ timeout: (HOLD_SECONDS + 5) * 1000 });
    await page.getByRole('link', { name: 'Pick seats again' }).click();
    await page.waitForURL(`**/showtimes/${eventId}`);
    await expect.poll(() => seat(page, 'B2').getAttribute('aria-label'), { timeout: 5_000 }).toMatch(/, available$/);
  });
});
