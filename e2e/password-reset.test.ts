import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../src/contract/auth.js';
import { PASSWORD, seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

const EMAIL = 'erin@example.test';
const NEW_PASSWORD = 'a-fresh-start-with-popcorn-9';
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let admin: LoginResponse;

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The reset email the server wrote to DATA_DIR/outbox (no SMTP_URL here), parsed. */
async function resetEmail() {
  const folder = join(dataDir, 'outbox');
  let file: string | undefined;
  await expect
    .poll(
      () => {
        try {
          file = readdirSync(folder).find((name) => name.startsWith('password-reset-') && name.endsWith('.eml'));
        } catch {
          file = undefined;
        }
        return file;
      },
      { timeout: 15_000 },
    )
    .toBeDefined();
  return simpleParser(readFileSync(join(folder, file as string)));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bmm-e2e-mail-'));
  [server, browser] = await Promise.all([startServer({ DATA_DIR: dataDir }), launchBrowser()]);
  const seed = await seedProgramme(server.url);
  admin = seed.admin;
  await seed.api.register(EMAIL, 'Erin Customer');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a forgotten password, through the web app', () => {
  let link: URL;

  it('asks for a link from the sign-in page and is told to check their email', async () => {
    const { context, page } = await newPage(browser, server.url);
    try {
      await page.goto('/sign-in');
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('Email').fill(EMAIL);
      await form.getByRole('link', { name: 'Forgot password?' }).click();
      await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
      const request = page.getByRole('form', { name: 'Forgot password' });
      // The address typed on the sign-in form comes along.
      expect(await request.getByLabel('Email').inputValue()).toBe(EMAIL);
      await expectAccessible(page, 'forgot password');
      await request.getByRole('button', { name: 'Email me a link' }).click();
      await page.getByRole('status').filter({ hasText: 'Check your email' }).waitFor();
      await screenshot(page, 'forgot-password-sent');
    } finally {
      await context.close();
    }

    const mail = await resetEmail();
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(EMAIL);
    expect(mail.subject).toBe('Reset your bookmemovie password');
    const match = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
    expect(match?.[1]).toBeDefined();
    link = new URL(match?.[1] as string);
  });

  it('opens the emailed link on a phone, sets a new password and signs in with it', async () => {
    const { context, page } = await newPage(browser, server.url, PHONE);
    try {
      await page.goto(`${link.pathname}${link.search}`);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'reset password');
      const form = page.getByRole('form', { name: 'Choose a new password' });
      await form.getByLabel(/^New password/).fill(NEW_PASSWORD);
      await form.getByLabel(/^Repeat new password/).fill(NEW_PASSWORD);
      await screenshot(page, 'reset-password-phone');
      await form.getByRole('button', { name: 'Set new password' }).click();

      await page.getByText('Password changed').waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      const signIn = page.getByRole('form', { name: 'Sign in' });
      await signIn.getByLabel('Email').fill(EMAIL);
      await signIn.getByLabel(/^Password/).fill(PASSWORD);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That email and password do not match an account').waitFor();
      await signIn.getByLabel(/^Password/).fill(NEW_PASSWORD);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/');

      // The link worked once: opened again, it says so and offers a new one.
      await page.goto(`${link.pathname}${link.search}`);
      const form2 = page.getByRole('form', { name: 'Choose a new password' });
      await form2.getByLabel(/^New password/).fill('one-more-new-password-10');
      await form2.getByLabel(/^Repeat new password/).fill('one-more-new-password-10');
      await form2.getByRole('button', { name: 'Set new password' }).click();
      await page.getByRole('alert').filter({ hasText: 'already been used' }).waitFor();
      await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('shows the email on the admin Mail screen, in a sandboxed frame, at phone width', async () => {
    const { context, page } = await newPage(browser, server.url, PHONE);
    try {
      await restoreSession(page, admin, '/admin/mail');
      await page.getByRole('heading', { name: /^Messages \(\d+\)$/ }).waitFor();
      await page.getByRole('heading', { name: /^Waiting to be sent/ }).waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'admin mail');
      await page.getByRole('link', { name: 'Reset your bookmemovie password' }).first().click();
      await page.getByRole('heading', { name: 'Reset your bookmemovie password' }).waitFor();
      const frame = page.locator('iframe[title="Email: Reset your bookmemovie password"]');
      expect(await frame.getAttribute('sandbox')).toBe('');
      await page
        .frameLocator('iframe[title="Email: Reset your bookmemovie password"]')
        .getByText('Reset your password')
        .waitFor();
      await page.getByRole('tab', { name: 'Plain text' }).click();
      await page.getByText('The link works once, for 30 minutes.').waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'admin-mail-message-phone');
    } finally {
      await context.close();
    }
  });
});
