import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import type { Ticket } from '../src/contract/tickets.js';
import { apiClient } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { CHROMIUM, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/*
 * The door screen with a camera: Chromium's fake camera plays a .y4m video made from a ticket's
 * QR image (GET /api/tickets/{id}/qr.png). The camera is chosen when the browser starts, so each
 * ticket shown to a camera gets a browser of its own: door 1 sees ticket 1, door 2 sees ticket 2.
 *
 * Door 1's video shows the QR code for 2 s, then a white frame for 3 s, and loops (Chromium
 * replays the file). The scanner takes a code once per sighting (a code counts again only after
 * 2 s out of view: useCameraScanner SAME_CODE_QUIET_MS), so the first sighting admits the ticket
 * and the next one, the same ticket shown again, is refused as already used.
 */

const FFMPEG = '/usr/bin/ffmpeg';
const FRAME = 'scale=480:360:force_original_aspect_ratio=decrease,pad=480:360:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p';

let server: RunningServer;
let dir: string;
let usher: LoginResponse;
let customer: LoginResponse;
let eventId: number;
let tickets: Ticket[];
const opened: Browser[] = [];
let current: Page | undefined;

function ffmpeg(args: string[]) {
  const run = spawnSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
}

/** A video of the ticket's QR code: always in view, or 2 s in view then 3 s of white, looping. */
async function ticketVideo(ticket: Ticket, name: string, { withGap }: { withGap: boolean }): Promise<string> {
  const response = await fetch(`${server.url}/api/tickets/${ticket.ticket_id}/qr.png`, {
    headers: { authorization: `Bearer ${customer.access_token}` },
  });
  expect(response.status).toBe(200);
  const png = join(dir, `${name}.png`);
  writeFileSync(png, Buffer.from(await response.arrayBuffer()));
  const video = join(dir, `${name}.y4m`);
  if (withGap) {
    ffmpeg([
      ...['-loop', '1', '-t', '2', '-i', png],
      ...['-f', 'lavfi', '-t', '3', '-i', 'color=c=white:s=480x360'],
      ...['-filter_complex', `[0:v]${FRAME},setsar=1[a];[1:v]format=yuv420p,setsar=1[b];[a][b]concat=n=2:v=1[out]`],
      ...['-map', '[out]', '-r', '10', '-f', 'yuv4mpegpipe', video],
    ]);
  } else {
    ffmpeg(['-loop', '1', '-i', png, '-t', '2', '-vf', FRAME, '-r', '10', '-f', 'yuv4mpegpipe', video]);
  }
  return video;
}

/** A browser whose camera plays `video`, with camera permission for the app, signed in as the usher on /door. */
async function doorBrowser(video: string, viewport = { width: 1366, height: 900 }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  opened.push(browser);
  const context: BrowserContext = await browser.newContext({
    baseURL: server.url,
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  await context.grantPermissions(['camera'], { origin: server.url });
  const page = await context.newPage();
  current = page;
  await restoreSession(page, usher, '/door');
  await page.getByRole('heading', { name: 'Door', level: 1 }).waitFor();
  return { browser, context, page };
}

async function openShowtime(page: Page, doorName: string) {
  await page.getByRole('button', { name: /The Night Usher/ }).click();
  await page.getByText(/Door pack saved at/).waitFor();
  const name = page.getByLabel("This door's name");
  await name.fill(doorName);
}

const verdict = (page: Page) => page.getByTestId('door-verdict');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bmm-door-'));
  server = await startServer({ CINEMA_TIME_ZONE: 'UTC' });
  const api = apiClient(server.url);
  const admin = await api.firstAdmin();
  const movie = await api.movie(admin.access_token, { title: 'The Night Usher', duration_minutes: 100 });
  const hall = await api.hall(admin.access_token, { name: 'Studio 2', rows: 4, seats_per_row: 8 });
  // Starts in 30 minutes: its doors (an hour before the start) are open.
  const showtime = await api.showtime(admin.access_token, {
    movie_id: movie.id,
    hall_id: hall.id,
    start_time: new Date(Date.now() + 30 * 60_000).toISOString(),
    price: 12,
  });
  eventId = showtime.event_id;
  customer = await api.register('cleo@example.test', 'Cleo Customer');
  const seats = await api.call<{ seats: { seat_id: number; label: string }[] }>('GET', `/api/events/${eventId}/seats`);
  const pick = seats.body.seats.filter((s) => ['C6', 'C7', 'C8'].includes(s.label)).map((s) => s.seat_id);
  const booking = await api.hold(customer.access_token, pick);
  await api.pay(customer.access_token, booking.booking_reference);
  tickets = (
    await api.call<Ticket[]>('GET', `/api/bookings/${booking.booking_reference}/tickets`, undefined, customer.access_token)
  ).body;
  expect(tickets.map((t) => t.seat)).toEqual(['C6', 'C7', 'C8']);

  const account = await api.register('uma@cinema.test', 'Uma Usher');
  const promoted = await api.call('PUT', `/api/admin/users/${account.user.id}/role`, { role: 'usher' }, admin.access_token);
  expect(promoted.status).toBe(200);
  usher = await api.login('uma@cinema.test');
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && current)
    await screenshot(current, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  for (const browser of opened) await browser.close().catch(() => undefined);
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const checkIns = async () => {
  const api = apiClient(server.url);
  const admin = await api.login('boss@cinema.test');
  const list = await api.call<{
    admitted: number;
    tickets: { ticket_id: number; status: string; device_id: string | null }[];
    duplicate_scans: { ticket_id: number; device_id: string | null }[];
  }>('GET', `/api/admin/events/${eventId}/check-ins`, undefined, admin.access_token);
  return list.body;
};

describe('the door screen', () => {
  it('admits a ticket held up to the camera once, and says "Already used" when it is shown again', async () => {
    const video = await ticketVideo(tickets[0] as Ticket, 'ticket-c6', { withGap: true });
    const { page, browser } = await doorBrowser(video);
    await openShowtime(page, 'door 1');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Admitted 0 of 3' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Start camera' }).click();
    await verdict(page).getByText('Admitted — Row C, seat 6').waitFor();
    await page.getByText('Admitted 1 of 3').waitFor();
    await screenshot(page, 'door-admitted');
    // The same ticket, shown again after it left the camera's view.
    await verdict(page)
      .getByText(/^Already used at \d\d:\d\d \(door 1\)$/)
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'door-already-used');

    const after = await checkIns();
    expect(after.tickets.find((t) => t.ticket_id === tickets[0]?.ticket_id)).toMatchObject({
      status: 'used',
      device_id: 'door 1',
    });
    expect(after.admitted).toBe(1);
    expect(after.duplicate_scans.length).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: 'Stop camera' }).click();
    await expectAccessible(page, 'door (1366 x 900)');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'door-phone');
    await expectAccessible(page, 'door (390 x 844)');
    // The screen's shell is kept by its service worker, for opening it with no network.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
      .toBe(`${server.url}/door-sw.js`);
    await browser.close();
  });

  it('checks tickets offline, shows the scans waiting, and syncs them when the network is back', async () => {
    const video = await ticketVideo(tickets[1] as Ticket, 'ticket-c7', { withGap: false });
    const { page, context } = await doorBrowser(video, { width: 390, height: 844 });
    await openShowtime(page, 'door 2');
    await page.getByText('Admitted 1 of 3').waitFor();

    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline — 0 scans waiting' }).waitFor();
    // Meanwhile another door admits C8 (this device's pack does not know it yet).
    const api = apiClient(server.url);
    const elsewhere = await api.call(
      'POST',
      '/api/staff/check-in',
      { code: tickets[2]?.qr, device_id: 'door 9', event_id: eventId },
      usher.access_token,
    );
    expect(elsewhere.status).toBe(200);

    await page.getByRole('button', { name: 'Start camera' }).click();
    await verdict(page).getByText('Admitted — Row C, seat 7').waitFor();
    await verdict(page)
      .getByText(/checked on this device \(offline\)/)
      .waitFor();
    await page.getByRole('button', { name: 'Stop camera' }).click();
    // C8 typed in by hand: the device admits it from its pack.
    await page.getByLabel('Ticket code or booking reference').fill(tickets[2]?.qr.toLowerCase() ?? '');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await verdict(page).getByText('Admitted — Row C, seat 8').waitFor();
    // C6 was admitted at door 1 before this device saved its pack: refused offline too.
    await page.getByLabel('Ticket code or booking reference').fill(tickets[0]?.qr ?? '');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await verdict(page)
      .getByText(/^Already used at \d\d:\d\d \(door 1\)$/)
      .waitFor();
    await page.getByRole('status').filter({ hasText: 'Offline — 2 scans waiting' }).waitFor();
    await screenshot(page, 'door-offline');
    expect((await checkIns()).tickets.find((t) => t.ticket_id === tickets[1]?.ticket_id)?.status).toBe('valid');

    // Reopened with no network: the service worker's shell, the saved showtimes, pack and queue.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline — 2 scans waiting' }).waitFor();
    await page.getByText('Admitted 3 of 3').waitFor();

    await context.setOffline(false);
    await page.getByText('Scans sent from this device that were not admitted').waitFor();
    await page.getByText(/^Duplicate: Row C, seat 8 had already been admitted at \d\d:\d\d \(door 9\)$/).waitFor();
    await expect.poll(() => page.getByText(/scans waiting|Sending/).count()).toBe(0);
    await screenshot(page, 'door-synced');

    const after = await checkIns();
    expect(after.tickets.find((t) => t.ticket_id === tickets[1]?.ticket_id)).toMatchObject({
      status: 'used',
      device_id: 'door 2',
    });
    expect(after.tickets.find((t) => t.ticket_id === tickets[2]?.ticket_id)).toMatchObject({
      status: 'used',
      device_id: 'door 9',
    });
    expect(after.duplicate_scans).toContainEqual(
      expect.objectContaining({ ticket_id: tickets[2]?.ticket_id, device_id: 'door 2' }),
    );
    await expectAccessible(page, 'door after a sync (390 x 844)');
  });

  it('is not for customers: the navigation leaves it out and the page refuses them', async () => {
    const video = await ticketVideo(tickets[0] as Ticket, 'ticket-any', { withGap: false });
    const { page } = await doorBrowser(video);
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Door' }).count()).toBe(1);
    await restoreSession(page, customer, '/door');
    await page.getByRole('heading', { name: 'This area is for cinema staff' }).waitFor();
    await page.getByText(/needs a staff account/).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Door' }).count()).toBe(0);
  });
});
