import { parseArgs } from 'node:util';

/** Reads `--name value` options, failing with a usage line when a required one is missing. */
export function readOptions<K extends string>(argv: string[], names: readonly K[], usage: string): Record<K, string> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
    strict: true,
  });
  const missing = names.filter((n) => typeof values[n] !== 'string' || values[n] === '');
  if (missing.length > 0) throw new Error(`missing --${missing.join(', --')}\nusage: ${usage}`);
  return values as Record<K, string>;
}

/** Whether `--name` is on the command line (as `--name value` or `--name=value`), before any `--`. */
export function hasOption(argv: string[], name: string): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
}
