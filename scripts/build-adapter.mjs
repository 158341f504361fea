#!/usr/bin/env node
// Builds the adapter's runtime: adapter/src (TypeScript) → adapter/dist/cti-adapter.js, one ES module
// with every dependency left to node_modules. adapter/bin/cti-adapter.js runs it when it is newer
// than every source file, and the sources through tsx otherwise. tsx's loader runs on a thread of
// its own in Node 20 (module.register), a second V8 heap of ≈ 35 MiB in every adapter process, and
// transpiles each module at start; the built file costs neither. Types are checked by `tsc`, not here.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Writes adapter/dist/cti-adapter.js from `entry` (default: the CLI) and returns its path;
 * `define` replaces expressions at build time (esbuild's option of that name).
 */
export async function buildAdapter({
  entry = join(root, 'adapter/src/cli/main.ts'),
  outfile = join(root, 'adapter/dist/cti-adapter.js'),
  define = {}
} = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    // Dependencies stay packages: better-sqlite3 is native, and pino and jsforce load files of their own.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    define
  });
  return outfile;
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const outfile = await buildAdapter();
  console.log(`built ${outfile}`);
}
