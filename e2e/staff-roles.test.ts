import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { choose, restoreSession } from './support/session.js';

/** An admin gives accounts their roles on the Staff and roles screen; the accounts see it on their next request. */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let una: LoginResponse;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  programme = await seedProgramme(server.url);
  una = await programme.api.register('una@example.test', 'Una Usher');
  await programme.api.register('abe@example.test', 'Abe Admin');
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-staff-roles-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(
  viewport: { width: number; height: number },
  login: Pick<LoginResponse, 'access_token' | 'user'>,
  path: string,
) {
  const { context, page } = await newPage(browser, server.url, viewport);
  pages.push(page);
  await restoreSession(page, login, path);
  await page.locator('main h1').first().waitFor();
  return { context, page };
}

const account = (page: Page, email: string) => page.locator(`li[data-account="${email}"]`);

describe('staff and roles', () => {
  it('makes a customer an usher, who then sees the Door link', async () => {
    const { context, page } = await open(DESKTOP, programme.admin, '/admin/staff');
    await page.getByRole('link', { name: 'Staff and roles' }).and(page.locator('[aria-current="page"]')).waitFor();
    await page.getByRole('textbox', { name: 'Search accounts' }).fill('una@');
    await expect.poll(() => page.getByRole('list', { name: 'Accounts' }).getByRole('listitem').count()).toBe(1);
    const row = account(page, 'una@example.test');
    const picker = row.getByRole('combobox', { name: 'Role of Una Usher' });
    expect(await picker.inputValue()).toBe('user');
    await picker.focus();
    await picker.selectOption('usher');
    await row.getByText('Una Usher is now usher.').waitFor();
    expect(await picker.inputValue()).toBe('usher');
    await expectAccessible(page, 'staff and roles, desktop');
    await screenshot(page, 'admin-staff-desktop', { fullPage: false });

    // The filter by role finds her among the ushers.
    await page.getByRole('textbox', { name: 'Search accounts' }).fill('');
    await choose(page, 'Show role', 'Usher (door)');
    await expect
      .poll(() => page.getByRole('list', { name: 'Accounts' }).getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('una@example.test')]);
    await context.close();

    // Her browser still holds the session from before the change (role: user); its next request tells it otherwise.
    expect(una.user.role).toBe('user');
    const door = await open(DESKTOP, una, '/');
    await door.page.getByRole('banner').getByRole('link', { name: 'Door' }).waitFor();
    await door.page.goto('/door');
    await door.page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(door.page.url()).toMatch(/\/door$/);
    await door.context.close();
  });

  it('asks before making someone an admin, and does nothing when the admin keeps it', async () => {
    const { context, page } = await open(DESKTOP, programme.admin, '/admin/staff');
    const row = account(page, 'abe@example.test');
    const picker = row.getByRole('combobox', { name: 'Role of Abe Admin' });
    await picker.selectOption('admin');
    const dialog = page.getByRole('dialog', { name: 'Make Abe Admin an admin?' });
    await dialog.waitFor();
    await expectAccessible(page, 'make-admin confirmation');
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await picker.inputValue()).toBe('user');
    const stored = await programme.api.call<{ role: string }[]>(
      'GET',
      '/api/admin/users?query=abe',
      undefined,
      programme.admin.access_token,
    );
    expect(stored.body.map((u) => u.role)).toEqual(['user']);

    await picker.selectOption('admin');
    await dialog.getByRole('button', { name: 'Make admin' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Abe Admin is now admin.').waitFor();
    const after = await programme.api.call<{ role: string }[]>(
      'GET',
      '/api/admin/users?query=abe',
      undefined,
      programme.admin.access_token,
    );
    expect(after.body.map((u) => u.role)).toEqual(['admin']);
    await context.close();
  });

  it("shows the server's refusal beside the admin's own account and keeps its role", async () => {
    const { context, page } = await open(DESKTOP, programme.admin, '/admin/staff');
    const email = programme.admin.user.email;
    const row = account(page, email);
    await row.getByText('You', { exact: true }).waitFor();
    const picker = row.getByRole('combobox', { name: /^Role of / });
    await picker.selectOption('usher');
    const alert = row.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not changed.*You cannot change your own role/);
    expect(await picker.inputValue()).toBe('admin');
    await expectAccessible(page, 'staff and roles with a refusal');
    await context.close();
  });

  it('fits a phone: no sideways scrolling, pickers at full width, axe clean', async () => {
    const { context, page } = await open(PHONE, programme.admin, '/admin/staff');
    await account(page, 'una@example.test').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'staff and roles, phone');
    await screenshot(page, 'admin-staff-phone');
    await context.close();
  });
});
