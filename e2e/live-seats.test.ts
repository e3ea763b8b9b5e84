import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedProgramme } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;
let eventId: number;
let seed: Awaited<ReturnType<typeof seedProgramme>>;

const seat = (p: Page, row: string, number: number) =>
  p.getByRole('button', { name: new RegExp(`^Row ${row}, seat ${number},`) });
const statusOf = async (p: Page, row: string, number: number) =>
  (await seat(p, row, number).getAttribute('aria-label'))?.split(', ').at(-1);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  seed = await seedProgramme(server.url);
  eventId = seed.showtime.event_id;
  const [a, b] = await Promise.all([
    seed.api.register('alice@example.test', 'Alice'),
    seed.api.register('bob@example.test', 'Bob'),
  ]);
  for (const [login, assign] of [
    [a, (p: Page) => (alice = p)],
    [b, (p: Page) => (bob = p)],
  ] as const) {
    const { context, page } = await newPage(browser, server.url);
    contexts.push(context);
    await restoreSession(page, login, `/showtimes/${eventId}`);
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    assign(page);
  }
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') {
    await screenshot(alice, 'failed-live-alice');
    await screenshot(bob, 'failed-live-bob');
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

describe('two buyers on the same seat map', () => {
  it("shows one buyer's hold as unavailable to the other within a second, without a reload", async () => {
    await seat(alice, 'D', 6).click();
    await seat(alice, 'D', 7).click();
    await seat(bob, 'D', 7).click();
    await seat(bob, 'D', 8).click();
    expect(await statusOf(bob, 'D', 7)).toBe('selected');

    // The clock starts when the server has taken the seats (Alice's hold answered).
    const holdAnswered = alice.waitForResponse((response) => response.url().endsWith('/api/book-seats'));
    await alice.getByRole('button', { name: 'Hold 2 seats and pay' }).click();
    expect((await holdAnswered).status()).toBe(201);
    const held = Date.now();
    await expect.poll(() => statusOf(bob, 'D', 6), { timeout: 1_000, interval: 50 }).toBe('held');
    expect(Date.now() - held).toBeLessThan(1_000);
    await alice.waitForURL('**/checkout/*');

    // Bob had picked D7 too: it is dropped from his selection, with a notice saying why.
    await expect.poll(() => statusOf(bob, 'D', 7), { timeout: 1_000 }).toBe('held');
    await bob.getByText('Seat D7 was just taken by someone else and has been removed from your selection.').waitFor();
    expect(await bob.getByRole('list', { name: 'Selected seats' }).textContent()).toMatch(/^D8/);
    expect(await bob.getByTestId('count-held').textContent()).toBe('2 held');
  });

  it('shows a sale made elsewhere as booked, and the page never reloaded', async () => {
    await bob.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    const customer = await seed.api.register('carol@example.test', 'Carol');
    const seats = (await seed.api.call<{ seats: { seat_id: number; label: string }[] }>('GET', `/api/events/${eventId}/seats`))
      .body.seats;
    const ids = seats.filter((s) => ['G5', 'G6', 'G7'].includes(s.label)).map((s) => s.seat_id);
    const hold = await seed.api.hold(customer.access_token, ids);
    await seed.api.pay(customer.access_token, hold.booking_reference);
    await expect.poll(() => statusOf(bob, 'G', 6), { timeout: 1_000, interval: 50 }).toBe('booked');
    expect(await bob.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    await seat(bob, 'E', 5).click();
    // Park the pointer so no tooltip covers the map in the picture.
    await bob.mouse.move(0, 0);
    await bob.waitForTimeout(400);
    await screenshot(bob, 'seat-map');
  });
});
