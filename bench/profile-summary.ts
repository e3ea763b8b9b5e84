/**
 * node --import tsx bench/profile-summary.ts <file.cpuprofile>...
 *
 * Where a server's main thread spent its time (self time), by package and by function: for the
 * profiles `npm run bench -- --profile` leaves in bench-results/profiles/.
 */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function owner(url: string, name: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const src = /\/(src\/[^/]+\/[^/]+)/.exec(url)?.[1];
  if (src) return src;
  if (url.startsWith('node:')) return url;
  return url ? url.slice(-50) : name;
}

function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `${((us / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    all += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const who = owner(url, functionName || '(anonymous)');
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url.replace(/^file:\/\/.*?\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  });
  console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled`);
  console.log(['  by package / file:', ...top(byOwner, all, 20).map((l) => `    ${l}`)].join('\n'));
  console.log(['  by function:', ...top(byFunction, all, 25).map((l) => `    ${l}`)].join('\n'));
}
