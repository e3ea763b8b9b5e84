import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './support/api.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * The browser here runs on the server's machine, so to be a visitor from elsewhere it sends
 * X-Forwarded-For on every request, as it would through a reverse proxy: then the server asks
 * for the set-up code it printed in its log at start.
 */

let server: RunningServer;
let browser: Browser;
let remote: { context: BrowserContext; page: Page };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  remote = await newPage(browser, server.url);
  await remote.context.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.7' });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(remote.page, `failed-${context.task.name.replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const setupCodeInLog = () => /set-up code ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})/.exec(server.log())?.[1];

describe('first-time admin set-up from another machine', () => {
  it('on the server’s own machine the set-up form asks for no code', async () => {
    const local = await newPage(browser, server.url);
    try {
      await local.page.goto('/sign-in?tab=setup');
      const form = local.page.getByRole('form', { name: 'Create admin account' });
      await form.getByLabel('Full name').waitFor();
      expect(await form.getByLabel('Set-up code').count()).toBe(0);
    } finally {
      await local.context.close();
    }
  });

  it('asks for the code from the log, refuses a wrong one on its field, and accepts the right one', async () => {
    const code = setupCodeInLog();
    expect(code, server.log()).toBeDefined();
    const { page } = remote;
    await page.goto('/sign-in');
    await page.getByRole('tab', { name: 'Admin set-up' }).click();
    const form = page.getByRole('form', { name: 'Create admin account' });
    const codeField = form.getByLabel('Set-up code');
    await codeField.waitFor();
    expect(await form.getByText("Printed in the server's log when it started").isVisible()).toBe(true);

    await form.getByLabel('Full name').fill('Remote Boss');
    await form.getByLabel('Email').fill('remote-boss@cinema.test');
    await form.getByLabel(/^Password/).fill(PASSWORD);
    await codeField.fill('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA');
    await form.getByRole('button', { name: 'Create admin account' }).click();
    await expect.poll(() => form.getByText('That set-up code is not right').isVisible()).toBe(true);
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('/sign-in');

    await codeField.fill((code ?? '').toLowerCase());
    await form.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL('**/admin');
    await expect.poll(() => page.getByTestId('account').textContent()).toContain('Remote Boss');
  });
});
