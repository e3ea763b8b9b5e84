import type { CpuShare } from './cpu.js';
import { type Dialect, SCENARIOS, type ScenarioId } from './options.js';
import { round } from './stats.js';

/** One reported number, beside the reference measured in the same run when it has one. */
export type Figure = {
  key: string;
  label: string;
  unit: 'req/s' | 'ms' | 'MB' | 's' | 'count' | 'x';
  value: number;
  reference?: number;
  referenceLabel?: string;
  /** value / reference */
  ratio?: number;
  target?: string;
  met?: boolean;
};

export type ScenarioResult = {
  id: ScenarioId;
  title: string;
  figures: Figure[];
  /** Responses with a 5xx status, over every request the scenario sent. */
  status5xx: number;
  /** CPU (% of one core) during the main measured windows: the service's and the reference's. */
  cpu?: { service?: CpuShare; reference?: CpuShare };
  details?: Record<string, unknown>;
  skipped?: string;
};

type Goal = { atLeast?: number; atMost?: number; below?: number; text: string };

function judge(x: number, goal?: Goal): boolean | undefined {
  if (!goal) return undefined;
  if (goal.atLeast !== undefined) return x >= goal.atLeast;
  if (goal.atMost !== undefined) return x <= goal.atMost;
  if (goal.below !== undefined) return x < goal.below;
  return undefined;
}

/** A figure judged by its ratio to the reference. */
export function ratioFigure(
  f: Pick<Figure, 'key' | 'label' | 'unit' | 'value' | 'reference' | 'referenceLabel'>,
  goal?: Goal,
): Figure {
  const ratio = f.reference ? round(f.value / f.reference, 2) : 0;
  return { ...f, ratio, ...(goal ? { target: goal.text, met: judge(ratio, goal) } : {}) };
}

/** A figure judged by its own value (a reference, if given, is shown beside it). */
export function valueFigure(
  f: Pick<Figure, 'key' | 'label' | 'unit' | 'value'> & Partial<Pick<Figure, 'reference' | 'referenceLabel'>>,
  goal?: Goal,
): Figure {
  const ratio = f.reference ? round(f.value / f.reference, 2) : undefined;
  return { ...f, ...(ratio !== undefined ? { ratio } : {}), ...(goal ? { target: goal.text, met: judge(f.value, goal) } : {}) };
}

export function fmt(n: number, unit: Figure['unit']): string {
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  const text = n.toLocaleString('en-US', { maximumFractionDigits: digits });
  if (unit === 'count' || unit === 'x') return text;
  return `${text} ${unit}`;
}

function cell(f: Figure | undefined, skipped?: string): string {
  if (skipped) return `— (${skipped})`;
  if (!f) return '—';
  const mark = f.met === undefined ? '' : f.met ? ' ✅' : ' ❌';
  if (f.reference === undefined) return `${fmt(f.value, f.unit)}${mark}`;
  return `${fmt(f.value, f.unit)} vs ${fmt(f.reference, f.unit)} = **${f.ratio}×**${mark}`;
}

export type DatabaseRun = { dialect: Dialect; scenarios: Partial<Record<ScenarioId, ScenarioResult>>; error?: string };

const TITLES: Record<ScenarioId, string> = {
  seatMap: '1 Seat-map reads',
  listing: '2 Showtime listing',
  rush: '3 Premiere rush',
  fanOut: '4 Live fan-out',
  loginStorm: '5 Login storm',
  cluster: '6 Two workers',
  phoneWeb: '7 Web app on a phone',
};

const NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** The one table: a row per figure, a column per database; each cell "service vs reference = ratio". */
export function renderTable(runs: DatabaseRun[]): string {
  const head = `| Scenario | Figure (service vs reference) | Target | ${runs.map((r) => NAMES[r.dialect]).join(' | ')} |`;
  const rule = `|---|---|---|${runs.map(() => '---|').join('')}`;
  const lines = [head, rule];
  for (const id of SCENARIOS) {
    const results = runs.map((r) => r.scenarios[id]);
    if (results.every((r) => r === undefined)) continue;
    const keys: { key: string; label: string; referenceLabel?: string; target?: string }[] = [];
    for (const result of results) {
      for (const f of result?.figures ?? []) {
        if (!keys.some((k) => k.key === f.key))
          keys.push({ key: f.key, label: f.label, referenceLabel: f.referenceLabel, target: f.target });
      }
    }
    if (keys.length === 0) keys.push({ key: '-', label: '' });
    keys.forEach((k, i) => {
      const label = k.referenceLabel ? `${k.label} (vs ${k.referenceLabel})` : k.label;
      const cells = results.map((r) =>
        cell(
          r?.figures.find((f) => f.key === k.key),
          r?.skipped ?? (r ? undefined : 'not run'),
        ),
      );
      lines.push(`| ${i === 0 ? TITLES[id] : ''} | ${label} | ${k.target ?? ''} | ${cells.join(' | ')} |`);
    });
  }
  return lines.join('\n');
}

/**
 * Where the CPU went, in % of one core: the server under test (or the reference server), every
 * postgres process, this load-generating process, and the rest of the machine (other users).
 */
export function renderCpuTable(runs: DatabaseRun[], cores: number): string {
  const lines = [
    '| Database | Scenario | Side | server | postgres | bench (load) | everything else | machine busy |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const run of runs) {
    for (const id of SCENARIOS) {
      const cpu = run.scenarios[id]?.cpu;
      for (const side of ['service', 'reference'] as const) {
        const c = cpu?.[side];
        if (!c) continue;
        const others = Math.max(0, c.machineBusy * cores - c.server - c.postgres - c.bench);
        lines.push(
          `| ${NAMES[run.dialect]} | ${TITLES[id]} | ${side} | ${c.server}% | ${c.postgres}% | ${c.bench}% | ${others}% | ${c.machineBusy}% of ${cores} cores |`,
        );
      }
    }
  }
  return lines.join('\n');
}
