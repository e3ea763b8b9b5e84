import type { Page } from 'playwright-core';
import type { LoginResponse } from '../../src/contract/auth.js';

/** Puts a session where the web app keeps it, as if the user had signed in on this device before. */
export async function restoreSession(page: Page, login: Pick<LoginResponse, 'access_token' | 'user'>, path = '/') {
  await page.goto('/sign-in');
  await page.evaluate(
    (value) => localStorage.setItem('bmm.session', value),
    JSON.stringify({ token: login.access_token, user: login.user }),
  );
  await page.goto(path);
}

/** A JWT-shaped token: readable claims, meaningless signature. */
export function fakeToken(expiresAtSeconds: number): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: '1', role: 'user', exp: expiresAtSeconds })}.${'x'.repeat(43)}`;
}

/** Picks an option of a Mantine Select by its label. */
export async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  // Within that field's list: a page may also have native selects, whose options share the role.
  await page.getByRole('listbox', { name: label, exact: true }).getByRole('option', { name: option }).click();
}

/** What the web app keeps in localStorage for the signed-in user, or null. */
export function storedSession(page: Page): Promise<{ token: string | null; user: { email: string } } | null> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('bmm.session') ?? 'null'));
}

/** Replaces only the access token the web app stored (the refresh cookie stays as it is). */
export async function replaceStoredToken(page: Page, token: string) {
  await page.evaluate((value) => {
    const stored = JSON.parse(localStorage.getItem('bmm.session') ?? 'null');
    localStorage.setItem('bmm.session', JSON.stringify({ ...stored, token: value }));
  }, token);
}

/** Ends this browser's server-side session the way the app does: logout revokes it and clears the refresh cookie. */
export async function endBrowserSession(page: Page) {
  const status = await page.evaluate(async () => {
    const response = await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return response.status;
  });
  if (status !== 204) throw new Error(`logout answered ${status}`);
}

/** Whether the browser's refresh cookie would still renew the session (it does rotate it when it does). */
export function refreshStatus(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return response.status;
  });
}

/** Signs out through the header's account menu (desktop width). */
export async function signOutThroughMenu(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}
