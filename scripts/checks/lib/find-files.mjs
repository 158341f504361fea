// Shared by the offline checkers: list files under a directory, skipping what never ships.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '__tests__', '.sf', '.sfdx']);

/**
 * Lists files under `target` (or `target` itself when it is a file) accepted by `keep`, sorted.
 * @param {string} target a directory or a file
 * @param {(path: string) => boolean} keep
 * @returns {string[]}
 */
export function findFiles(target, keep) {
  if (!existsSync(target)) throw new Error(`${target} does not exist`);
  if (!statSync(target).isDirectory()) return keep(target) ? [target] : [];
  const out = [];
  for (const name of readdirSync(target)) {
    if (name.startsWith('.') || SKIPPED_DIRS.has(name)) continue;
    const full = join(target, name);
    if (statSync(full).isDirectory()) out.push(...findFiles(full, keep));
    else if (keep(full)) out.push(full);
  }
  return out.sort();
}
