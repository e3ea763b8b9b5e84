import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const SECRET_KEY = 'bench-secret-key-that-is-long-enough-0123456789';
/** Production signs tickets with a supplied key (a base64url Ed25519 seed); the bench's is fixed. */
export const TICKET_SIGNING_KEY = 'YmVuY2gtdGlja2V0LXNpZ25pbmcta2V5LTMyYnl0ZXM';
export const HOLD_TTL_SECONDS = 600;

/** A process the benchmark started and will stop: a server under test or a ceiling server. */
export type Child = {
  name: string;
  pid: number;
  base: string;
  /** This process and its children (cluster workers). */
  pids(): number[];
  stop(): Promise<void>;
};

const running = new Set<ChildProcess>();
let profileDir: string | undefined;

/** With a directory, servers under test start with --cpu-prof and leave their profiles there. */
export function profileServersInto(dir: string | undefined) {
  profileDir = dir;
}
// If the benchmark dies, it takes its servers with it (by their own pids, nothing else).
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Direct children of `pid` (the cluster's workers), read from /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return out;
}

async function waitUntilReady(child: ChildProcess, url: string, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited before it was ready:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`not ready within ${timeoutMs} ms:\n${log()}`);
}

async function startProcess(
  name: string,
  nodeArgs: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
  readyText?: RegExp,
): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, `${base}${readyPath}`, () => output);
  // A cluster answers as soon as its first worker listens: wait for the primary's word that all do.
  const deadline = Date.now() + 30_000;
  while (readyText && !readyText.test(output)) {
    if (Date.now() > deadline) throw new Error(`${name}: no "${readyText.source}" within 30 s:\n${output}`);
    await sleep(50);
  }
  const pid = child.pid as number;
  return {
    name,
    pid,
    base,
    pids: () => [pid, ...childPids(pid)],
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const workers = childPids(pid);
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        for (const worker of workers) process.kill(worker, 'SIGKILL');
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** The service as deployed: `src/cli/start.ts`, or `start-cluster.ts` with WORKERS, in a process of its own. */
export async function startService(options: { databaseUrl: string; workers?: number }): Promise<Child> {
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SECRET_KEY,
    TICKET_SIGNING_KEY,
    LOG_LEVEL: 'warn',
    HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS),
    // The fan-out scenario opens thousands of seat streams from this one address.
    MAX_STREAMS_PER_CLIENT: '100000',
    MAX_STREAMS: '100000',
    ...(options.workers ? { WORKERS: String(options.workers) } : {}),
  };
  const script = options.workers ? 'src/cli/start-cluster.ts' : 'src/cli/start.ts';
  const name = options.workers ? `start:cluster (${options.workers} worker${options.workers > 1 ? 's' : ''})` : 'start';
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startProcess(name, [...profile, script], env, port, '/ready', options.workers ? /with \d+ workers/ : undefined);
}

/** A bare node:http reference server (bench/ceiling-servers.ts) in a process of its own. */
export async function startCeiling(
  mode: 'static' | 'sse',
): Promise<Child & { setBody(body: string, contentType?: string): Promise<void> }> {
  const port = await freePort();
  const child = await startProcess(
    `ceiling ${mode}`,
    ['bench/ceiling-servers.ts', mode, String(port)],
    { ...process.env },
    port,
    '/__ready',
  );
  return {
    ...child,
    async setBody(body, contentType = 'application/json; charset=utf-8') {
      const response = await fetch(`${child.base}/__body`, { method: 'PUT', body, headers: { 'content-type': contentType } });
      if (response.status !== 204) throw new Error(`ceiling: PUT /__body answered ${response.status}`);
    },
  };
}

/** Starts several processes at once; if one fails, stops the others and throws. */
export async function startAll<T extends readonly Promise<Child>[]>(
  starts: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failure.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<Child>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
