// `npm run bench`: runs every adapter/bench/*.bench.ts (node --import tsx) one after another and
// prints their figures. Benchmarks print numbers; they assert nothing. Extra arguments are passed on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'adapter', 'bench');
const only = process.argv[2];
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.startsWith(only)))
  .sort();
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, name), ...process.argv.slice(3)], {
    stdio: 'inherit'
  });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
