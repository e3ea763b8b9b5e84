import { readdirSync, readFileSync } from 'node:fs';

/** Where the CPU went during one measured window: % of one core per side, and the machine's busy %. */
export type CpuShare = { server: number; postgres: number; bench: number; machineBusy: number };

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** PostgreSQL's backends and helpers (every database on this server: other users' load shows too). */
function postgresPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') out.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return out;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Starts measuring; the returned function ends the window. `serverPids` is read at both ends (workers). */
export function cpuWindow(serverPids: () => number[]): () => CpuShare {
  const started = performance.now();
  const bench0 = process.cpuUsage();
  const machine0 = machineTicks();
  const per0 = new Map<number, number>();
  const server0 = serverPids();
  const pg0 = postgresPids();
  for (const pid of [...server0, ...pg0]) per0.set(pid, ticksOf(pid));
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = (pids: number[]) =>
      pids.reduce((sum, pid) => sum + Math.max(0, ticksOf(pid) - (per0.get(pid) ?? 0)), 0) / TICKS_PER_SECOND;
    const pct = (cpuSeconds: number) => Math.round((cpuSeconds / seconds) * 100);
    const bench = process.cpuUsage(bench0);
    const machine1 = machineTicks();
    const serverNow = [...new Set([...server0, ...serverPids()])];
    return {
      server: pct(used(serverNow)),
      postgres: pct(used([...new Set([...pg0, ...postgresPids()])])),
      bench: pct((bench.user + bench.system) / 1e6),
      machineBusy: Math.round(((machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total)) * 100),
    };
  };
}

/** Resident memory of a process, in MB: now and at its peak (VmHWM). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}
