import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FirstLoad, firstLoads } from './support/first-load.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist/web');
/** Issue 14: what a customer's phone downloads before it can be used, gzip as the server sends it. */
const BUDGET_GZIP_BYTES = 150_000;
/**
 * The screens opened on a phone: each a lazy route a visit can start on (`*Page.tsx` outside
 * admin), the door scanner included. The box office runs on the counter's computer and has a
 * budget of its own.
 */
const phoneScreen = (src: string) => /^features\/(?!admin\/|box-office\/).+Page\.tsx$/.test(src);
/** The box office's first load: the seat map, the sale form and the shift report. */
const COUNTER_BUDGET_GZIP_BYTES = 220_000;

let loads: FirstLoad[];

beforeAll(() => {
  // Builds only when a source is newer than dist/web (as npm run test:e2e does before this suite).
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs', 'web'], { cwd: ROOT, stdio: 'inherit' });
  expect(build.status, 'the web app builds').toBe(0);
  loads = firstLoads(DIST, (src) => phoneScreen(src) || src === 'features/box-office/BoxOfficePage.tsx');
  console.log(
    loads.map((l) => `${l.name.padEnd(42)} ${String(l.gzipBytes).padStart(8)} B gzip  (${l.plainBytes} B plain)`).join('\n'),
  );
});

describe('first-visit JavaScript of the web app', () => {
  it('stays within 150 KB gzipped for the home page and for a visit that starts on any customer screen', () => {
    const screens = loads.filter((l) => l.name !== 'entry').map((l) => l.name);
    // The screens really are lazy chunks: were one folded back into the entry, it would not be listed.
    for (const screen of [
      'seat-map/SeatMapPage',
      'checkout/CheckoutPage',
      'bookings/MyBookingsPage',
      'auth/SignInPage',
      'door/DoorPage',
    ]) {
      expect(screens).toContain(`features/${screen}.tsx`);
    }
    const over = loads
      .filter((l) => (l.name === 'entry' || phoneScreen(l.name)) && l.gzipBytes > BUDGET_GZIP_BYTES)
      .map((l) => `${l.name}: ${l.gzipBytes} B`);
    expect(over, `over the ${BUDGET_GZIP_BYTES} B budget`).toEqual([]);
  });

  it('keeps the box office, a lazy screen of its own, within 220 KB gzipped on the counter computer', () => {
    const counter = loads.find((l) => l.name === 'features/box-office/BoxOfficePage.tsx');
    expect(counter, 'the box office is a lazy chunk').toBeDefined();
    expect(counter?.gzipBytes).toBeLessThanOrEqual(COUNTER_BUDGET_GZIP_BYTES);
  });

  it('leaves the admin screens, charts, menus and dialogs out of the first load', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; src?: string }
    >;
    const sourceOf = new Map(Object.values(manifest).map((c) => [c.file, c.src ?? '']));
    const entry = loads.find((l) => l.name === 'entry');
    const sources = (entry?.files ?? []).map((file) => sourceOf.get(file) ?? file);
    expect(sources.some((src) => src.startsWith('features/admin/'))).toBe(false);
    const lazyOnes = ['features/admin/AdminRoutes.tsx', 'layout/AccountMenu.tsx', 'layout/MobileMenu.tsx'];
    for (const src of lazyOnes) {
      const chunk = Object.values(manifest).find((c) => c.src === src);
      expect(chunk, `${src} is a chunk of its own`).toBeDefined();
      expect(entry?.files).not.toContain(chunk?.file);
    }
  });

  it('counts what index.html names and what it imports, gzipped', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const entry = loads.find((l) => l.name === 'entry');
    const script = /<script[^>]*\ssrc="\/([^"]+)"/.exec(html)?.[1];
    expect(entry?.files).toContain(script);
    // Every preloaded module is counted too.
    for (const [, file] of html.matchAll(/rel="modulepreload"[^>]*href="\/([^"]+)"/g)) expect(entry?.files).toContain(file);
    expect(entry?.gzipBytes).toBeLessThan(entry?.plainBytes ?? 0);
  });
});
