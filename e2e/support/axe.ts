import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// Evaluated rather than added as a <script>: the app's Content-Security-Policy allows no inline script.
const AXE_SOURCE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

/**
 * Moderate findings we accept, each with its reason. Anything serious or critical fails, and so
 * does a moderate finding missing from this list.
 */
export const ACCEPTED_MODERATE: Record<string, string> = {
  // Mantine's notification container and portalled menus sit outside the landmarks by design; the
  // content in them is announced through their own live regions or roles.
  region: 'Mantine portals (notifications, tooltips) render outside the landmarks',
};

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] };

/** Runs axe-core on the page as it is now; fails on serious or critical findings and unlisted moderate ones. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } })
      .axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const failing = violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical' || (v.impact === 'moderate' && !(v.id in ACCEPTED_MODERATE)),
  );
  const describe = (v: Violation) =>
    `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`;
  expect(failing.map(describe).join('\n'), `axe on ${screen}`).toBe('');
}
