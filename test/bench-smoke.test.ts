import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../bench/lib/options.js';
import { testDialect } from './helpers/database.js';

// The benchmark is not part of `npm test`; this tiny run of it is, so that it cannot rot.
// `--smoke`: 1-second windows, 20 buyers, 50 stream clients, on the database the suite runs on.

type Figure = { key: string; value: number; reference?: number; ratio?: number };
type Scenario = { figures: Figure[]; status5xx: number; skipped?: string; details?: { audit?: { clean: boolean } } };

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { env: process.env });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run bench -- --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bmm-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every scenario and reports numeric figures, no 5xx and a clean sell-out', async () => {
    const dialect = testDialect();
    const out = join(dir, 'smoke.json');
    const { code, output } = await runBench(['--smoke', `--db=${dialect}`, `--out=${out}`]);
    expect(code, output).toBe(0);
    expect(output).toContain('| Scenario |');

    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      databases: Record<string, { scenarios: Record<string, Scenario> }>;
    };
    expect(Object.keys(report.databases)).toEqual([dialect]);
    const scenarios = report.databases[dialect]?.scenarios ?? {};
    for (const id of SCENARIOS) {
      const scenario = scenarios[id];
      expect(scenario, id).toBeDefined();
      if (id === 'cluster' && dialect === 'sqlite') {
        expect(scenario?.skipped).toMatch(/PostgreSQL/);
        continue;
      }
      expect(scenario?.skipped, `${id}: ${scenario?.skipped}`).toBeUndefined();
      expect(scenario?.figures.length, id).toBeGreaterThan(0);
      for (const figure of scenario?.figures ?? []) {
        expect(Number.isFinite(figure.value), `${id}.${figure.key}`).toBe(true);
        if (figure.reference !== undefined) expect(Number.isFinite(figure.reference), `${id}.${figure.key} reference`).toBe(true);
      }
      expect(scenario?.status5xx, `${id}: 5xx responses`).toBe(0);
    }
    for (const id of ['seatMap', 'listing', 'cluster'] as const) {
      const rps = scenarios[id]?.figures.find((f) => f.key === 'rps');
      if (rps) expect(rps.value * (rps.reference ?? 0), `${id}: both sides served`).toBeGreaterThan(0);
    }
    expect(scenarios.rush?.details?.audit?.clean, 'every seat sold exactly once').toBe(true);
    expect(scenarios.fanOut?.figures.find((f) => f.key === 'missing')?.value, 'every client got every hold').toBe(0);
    // Alone it takes about 50 s here (every scenario, cut short); beside the rest of the suite on two
    // cores it can take twice that. Its figures are not judged here, only that they exist.
  }, 180_000);
});
