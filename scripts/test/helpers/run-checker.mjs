// Runs one of the offline checkers (scripts/checks/<name>.mjs) the way `npm test` does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const fixture = (...parts) => join(repoRoot, 'scripts/test/fixtures', ...parts);

/**
 * @param {string} name checker name, e.g. `metadata`
 * @param {string[]} args its arguments
 * @returns {{ status: number | null, output: string }}
 */
export function runChecker(name, args) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/checks', `${name}.mjs`), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
