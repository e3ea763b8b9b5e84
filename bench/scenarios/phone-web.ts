import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import type { ScenarioContext } from '../lib/context.js';
import { startService } from '../lib/processes.js';
import { type Figure, type ScenarioResult, valueFigure } from '../lib/report.js';
import { percentile, round } from '../lib/stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A mid-range phone on a good 4G link, as Chromium's DevTools throttle it.
const CPU_SLOWDOWN = 4;
const NETWORK = { offline: false, latency: 150, downloadThroughput: (9_000_000 / 8) | 0, uploadThroughput: (1_500_000 / 8) | 0 };
const USABLE_TARGET_MS = 2000;

// Installed before the app runs: notes when the first element matching the selector is in the page
// and can take a click (enabled, laid out), so "usable" means what a thumb would find. A string, not
// a function: tsx's name-keeping helpers do not exist inside the page.
const watchForUsable = (selector: string) => `(() => {
  const check = () => {
    if (window.__usableAt !== undefined) return;
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el && !el.disabled && el.getClientRects().length > 0) {
      window.__usableAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

type Load = { fcp: number; lcp: number; usable: number };

async function measureLoad(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (globalThis as unknown as { __usableAt?: number }).__usableAt !== undefined, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  // LCP settles once the page stops changing; a short pause lets the observer report its last entry.
  await page.waitForTimeout(500);
  return page.evaluate(
    () =>
      new Promise<Load>((resolve) => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        const usable = (globalThis as unknown as { __usableAt: number }).__usableAt;
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ fcp, usable, lcp: entries[entries.length - 1]?.startTime ?? Number.NaN });
        }).observe({ type: 'largest-contentful-paint' as 'mark', buffered: true });
      }),
  );
}

/** One cold visit (empty cache, fresh context) per run, at 390×844 under the throttling above. */
async function coldVisits(base: string, path: string, usableSelector: string, runs: number): Promise<Load[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    const loads: Load[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({
        baseURL: base,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await page.addInitScript({ content: watchForUsable(usableSelector) });
      loads.push(await measureLoad(page, path));
      await context.close();
    }
    return loads;
  } finally {
    await browser.close();
  }
}

function figures(prefix: string, label: string, loads: Load[]): Figure[] {
  const m = (pick: (l: Load) => number) => round(percentile(loads.map(pick), 50), 0);
  return [
    valueFigure({ key: `${prefix}Fcp`, label: `${label}: first contentful paint`, unit: 'ms', value: m((l) => l.fcp) }),
    valueFigure({ key: `${prefix}Lcp`, label: `${label}: largest contentful paint`, unit: 'ms', value: m((l) => l.lcp) }),
    valueFigure(
      {
        key: `${prefix}Usable`,
        label: `${label}: until ${prefix === 'home' ? 'a showtime' : 'a seat'} can be clicked`,
        unit: 'ms',
        value: m((l) => l.usable),
      },
      { below: USABLE_TARGET_MS, text: `< ${USABLE_TARGET_MS} ms` },
    ),
  ];
}

/**
 * 7. The web app on a phone: cold loads of the home page and of a seat map at 390×844 with a 4×
 * slower CPU, 9 Mbps down and 150 ms latency (Chromium DevTools throttling), served by the
 * production build. Medians of several fresh visits.
 */
export async function phoneWebScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const base = { id: 'phoneWeb' as const, title: 'Web app on a phone', status5xx: 0 };
  if (!existsSync(CHROMIUM)) return { ...base, figures: [], skipped: `no Chromium at ${CHROMIUM}` };
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs', 'web'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the web app did not build');
  const runs = ctx.options.smoke ? 1 : 5;
  const service = await startService({ databaseUrl: ctx.databaseUrl });
  try {
    const home = await coldVisits(service.base, '/', 'a[href^="/showtimes/"]', runs);
    const seatMap = await coldVisits(
      service.base,
      `/showtimes/${ctx.seeded.readEventId}`,
      'button[data-status="available"]',
      runs,
    );
    ctx.log(`  home ${JSON.stringify(home)}\n  seat map ${JSON.stringify(seatMap)}`);
    return {
      ...base,
      figures: [...figures('home', 'Home', home), ...figures('seatMap', 'Seat map', seatMap)],
      details: { runs, home, seatMap, cpuSlowdown: CPU_SLOWDOWN, network: NETWORK },
    };
  } finally {
    await service.stop();
  }
}
