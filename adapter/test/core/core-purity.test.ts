import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// The correlator must be a pure function of (state, event, now): ARCHITECTURE.md §3.1.
const CORE = join(dirname(fileURLToPath(import.meta.url)), '../../src/core');
const ALLOWED_PACKAGES = new Set(['zod', 'libphonenumber-js']);
const FORBIDDEN_CALLS: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now)'],
  [/\bnew Date\(\s*\)/, 'reads the clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'reads the clock (performance.now)'],
  [/\bprocess\.hrtime/, 'reads the clock (process.hrtime)'],
  [/\bMath\.random\s*\(/, 'uses randomness (Math.random)'],
  [/\brandomUUID\s*\(/, 'uses randomness (randomUUID)'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'uses timers'],
  [/\bfetch\s*\(/, 'does network I/O (fetch)'],
  [/\bprocess\.(env|argv|stdout|stderr)\b/, 'reads or writes the process environment']
];

/** Every way the file breaks purity, in words. */
export function purityProblems(source: string): string[] {
  const problems: string[] = [];
  const specifiers = [
    ...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)
  ].map((m) => m[1] as string);
  for (const specifier of specifiers) {
    if (specifier.startsWith('./')) continue;
    if (!ALLOWED_PACKAGES.has(specifier)) problems.push(`imports '${specifier}'`);
  }
  for (const [pattern, words] of FORBIDDEN_CALLS) if (pattern.test(source)) problems.push(words);
  return problems;
}

describe('adapter/src/core is pure', () => {
  it('the check itself catches network, filesystem, clock and randomness', () => {
    const impure = [
      "import { readFile } from 'node:fs/promises';",
      "import WebSocket from 'ws';",
      "const http = await import('node:http');",
      "import '../kazoo/kazoo-provider.ts';",
      'const now = Date.now();',
      'const id = Math.random();',
      'setTimeout(() => {}, 5);'
    ].join('\n');
    assert.deepEqual(purityProblems(impure), [
      "imports 'node:fs/promises'",
      "imports 'ws'",
      "imports 'node:http'",
      "imports '../kazoo/kazoo-provider.ts'",
      'reads the clock (Date.now)',
      'uses randomness (Math.random)',
      'uses timers'
    ]);
  });

  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  it('has source files to check', () => assert.ok(files.length >= 5, `only ${files.length} files found in ${CORE}`));
  for (const file of files) {
    it(`${file} imports nothing from the network, filesystem, clock or randomness`, () => {
      assert.deepEqual(purityProblems(readFileSync(join(CORE, file), 'utf8')), []);
    });
  }
});
