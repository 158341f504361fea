// `npm run bench`: runs every adapter/bench/*.bench.ts (node --import tsx) one after another,
// prints their figures, and writes the figures they report (`BENCH_RESULT {json}` lines) to
// bench-results.json at the repository root. Benchmarks print numbers; they assert nothing.
// `npm run bench -- delivery` runs only the benches whose name starts with "delivery".
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAdapter } from './build-adapter.mjs';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'adapter', 'bench');
const only = process.argv[2];
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.startsWith(only)))
  .sort();
// Benches that start `cti-adapter` measure the built adapter, as deployed.
await buildAdapter();
const figures = {};
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, name), ...process.argv.slice(3)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('BENCH_RESULT ')) Object.assign(figures, JSON.parse(line.slice('BENCH_RESULT '.length)));
    else if (line) process.stdout.write(`${line}\n`);
  }
  if (result.status !== 0) failed += 1;
}
const out = join(root, 'bench-results.json');
// "burst.requestsPer1000Calls" → { burst: { requestsPer1000Calls } }
const nested = {};
for (const [key, value] of Object.entries(figures)) {
  const parts = key.split('.');
  let node = nested;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
}
writeFileSync(out, `${JSON.stringify(nested, null, 2)}\n`);
process.stdout.write(`\n== figures (written to bench-results.json)\n`);
for (const [key, value] of Object.entries(figures)) process.stdout.write(`${key.padEnd(40)} ${value}\n`);
process.exitCode = failed ? 1 : 0;
