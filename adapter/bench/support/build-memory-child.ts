// The memory child built the way `npm run build` builds the adapter (one ES module, dependencies
// left to node_modules), so the RSS it prints is that of the adapter a deployment runs: no tsx
// loader thread (≈ 35 MiB of its own) and no transpiler in the process.
import { join } from 'node:path';
import { buildAdapter } from '../../../scripts/build-adapter.mjs';

const adapterDir = join(import.meta.dirname, '..', '..');

/** Builds memory-child.ts into adapter/dist/bench (inside the repository, so node_modules resolve) and returns the file. */
export async function buildMemoryChild(): Promise<string> {
  return buildAdapter({
    entry: join(import.meta.dirname, 'memory-child.ts'),
    outfile: join(adapterDir, 'dist', 'bench', 'memory-child.js'),
    // scripted-day.ts finds the Kazoo fixtures next to itself; bundled, it must still look there.
    define: { 'import.meta.dirname': JSON.stringify(join(adapterDir, 'test', 'app', 'support')) }
  });
}
