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
  await page.getByRole('option', { name: option }).click();
}
