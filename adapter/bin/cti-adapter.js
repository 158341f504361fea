#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node --max-semi-space-size=8 --compact-on-every-full-gc
// The package bin. Runs the built adapter (adapter/dist/cti-adapter.js, made by `npm run build`)
// when it is newer than every file in adapter/src, so an edited source is never run stale; runs the
// TypeScript sources through tsx otherwise (a fresh clone before its first build, a developer's edit).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const adapterDir = join(import.meta.dirname, '..');
const built = join(adapterDir, 'dist', 'cti-adapter.js');

/** The newest modification time (ms) of the files under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

function builtIsCurrent() {
  try {
    return statSync(built).mtimeMs >= newestSource(join(adapterDir, 'src'));
  } catch {
    return false; // not built yet
  }
}

if (builtIsCurrent()) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
