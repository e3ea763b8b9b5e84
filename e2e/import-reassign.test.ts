import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { openSqliteHandle } from '../src/db/sqlite/handle.js';
import { apiClient, PASSWORD } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const naive = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '000');

/** A small prototype database: an admin, one film, a showtime tomorrow with one booking. */
function writePrototype(file: string) {
  const db = openSqliteHandle(file);
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR, hashed_password VARCHAR, full_name VARCHAR, role VARCHAR(5),
      is_active BOOLEAN, created_at DATETIME, updated_at DATETIME);
    CREATE TABLE movies (id INTEGER PRIMARY KEY, title VARCHAR, description TEXT);
    CREATE TABLE events (id INTEGER PRIMARY KEY, movie_id INTEGER, start_time DATETIME, created_at DATETIME);
    CREATE TABLE seats (id INTEGER PRIMARY KEY, event_id INTEGER, price FLOAT, description VARCHAR, status VARCHAR(6),
      locked_at DATETIME, booking_reference VARCHAR, created_at DATETIME);`);
  const hash = bcrypt.hashSync(PASSWORD, 10).replace(/^\$2a\$/, '$2b$');
  db.prepare('insert into users values (1, ?, ?, ?, ?, 1, ?, null)').run([
    'boss@cinema.test',
    hash,
    'Cinema Boss',
    'ADMIN',
    naive(Date.now()),
  ]);
  db.prepare("insert into movies values (1, 'Prototype Nights', 'From before')").run([]);
  db.prepare('insert into events values (1, 1, ?, ?)').run([naive(Date.now() + 86_400_000), naive(Date.now())]);
  const seat = db.prepare(
    'insert into seats (event_id, price, description, status, booking_reference) values (1, 15.0, ?, ?, ?)',
  );
  for (let n = 1; n <= 6; n++) seat.run([`A${n}`, n <= 2 ? 'booked' : 'open', n <= 2 ? 'IMP42' : null]);
  db.close();
}

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let boss: LoginResponse;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bmm-e2e-import-'));
  const prototype = join(dir, 'movie_ticketing.db');
  const database = `sqlite:${join(dir, 'bookmemovie.db')}`;
  writePrototype(prototype);
  const imported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import-prototype.ts', prototype], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: database, SECRET_KEY: 'x'.repeat(40) },
    encoding: 'utf8',
  });
  if (imported.status !== 0) throw new Error(`import failed: ${imported.stdout}${imported.stderr}`);
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: database }), launchBrowser()]);
  ({ page } = await newPage(browser, server.url));
  const api = apiClient(server.url);
  boss = await api.login('boss@cinema.test');
  await api.register('alice@cinema.test', 'Alice Liddell');
}, 120_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an imported booking in Admin > Bookings', () => {
  it('is given to its customer by keyboard, then shows their email', async () => {
    await restoreSession(page, boss, '/admin/bookings');
    await page.getByRole('table', { name: 'Bookings' }).waitFor();
    await expectAccessible(page, 'admin bookings with an imported booking');
    const give = page.getByRole('button', { name: 'Imported: give to customer, booking IMP42' });
    await give.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Give booking IMP42 to a customer' });
    await form.getByLabel(/Customer's email/).fill('nobody@cinema.test');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByText('No active account has the email nobody@cinema.test').isVisible()).toBe(true);
    // The dialog's close button is named; axe is not run with it open, since every Mantine modal's
    // <header> counts as a second banner landmark (a theme-wide matter, not this dialog's).
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Close' }).count()).toBe(1);
    await form.getByLabel(/Customer's email/).fill('alice@cinema.test');
    await form.getByRole('button', { name: 'Give booking' }).click();
    const row = page.getByRole('row', { name: /IMP42/ });
    await expect.poll(() => row.textContent()).toContain('alice@cinema.test');
    expect(await page.getByRole('button', { name: /Imported: give to customer/ }).count()).toBe(0);

    const alice = await apiClient(server.url).login('alice@cinema.test');
    const mine = await apiClient(server.url).call<{ booking_reference: string }[]>(
      'GET',
      '/api/bookings',
      undefined,
      alice.access_token,
    );
    expect(mine.body.map((b) => b.booking_reference)).toEqual(['IMP42']);
  });

  it('fits a phone (390 px) without sideways scrolling of the page', async () => {
    const phone = await newPage(browser, server.url, { width: 390, height: 844 });
    try {
      await restoreSession(phone.page, boss, '/admin/bookings');
      await phone.page.getByRole('table', { name: 'Bookings' }).waitFor();
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await phone.context.close();
    }
  });
});
