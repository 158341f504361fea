// The repo-wide prettier and ESLint stages really fail on bad input. The broken fixtures are outside
// those runs (.prettierignore, eslint.config.js), so these tests feed them in explicitly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot, fixture } from './helpers/run-checker.mjs';

/** `prettier --check` with the repo's config but without its ignore file. */
function prettierCheck(file) {
  const prettier = join(repoRoot, 'node_modules/.bin/prettier');
  const result = spawnSync(prettier, ['--check', '--ignore-path', '/dev/null', file], {
    cwd: repoRoot,
    encoding: 'utf8'
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('prettier --check fails on a badly formatted file and names it', () => {
  const { status, output } = prettierCheck(fixture('broken/format/badly-formatted.mjs'));
  assert.notEqual(status, 0, output);
  assert.match(output, /badly-formatted\.mjs/);
});

test("prettier --check fails on Apex that Salesforce's parser rejects", () => {
  const { status, output } = prettierCheck(fixture('broken/apex-syntax/classes/MissingSemicolon.cls'));
  assert.equal(status, 2, output);
  assert.match(output, /MissingSemicolon\.cls: Error: Unexpected token 'return'/);
});

test('prettier --check passes a formatted Apex class', () => {
  const { status, output } = prettierCheck(fixture('good/force-app/main/default/classes/ThingService.cls'));
  assert.equal(status, 0, output);
});

test('ESLint flags innerHTML in a Lightning web component', async () => {
  const eslint = new ESLint({ cwd: repoRoot, ignore: false });
  const source = readFileSync(fixture('broken/lwc/unsafeBanner/unsafeBanner.js'), 'utf8');
  // Linted as if it lived in the package, so the LWC rules of eslint.config.js apply.
  const [result] = await eslint.lintText(source, {
    filePath: join(repoRoot, 'force-app/main/default/lwc/unsafeBanner/unsafeBanner.js')
  });
  const rules = result.messages.map((m) => m.ruleId);
  assert.ok(rules.includes('@lwc/lwc/no-inner-html'), `expected @lwc/lwc/no-inner-html, got ${rules.join(', ')}`);
  assert.ok(result.errorCount > 0, 'the finding is an error, so the eslint stage fails');
});
