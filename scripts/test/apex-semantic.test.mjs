// The Apex semantic checker (apex-ls) catches what the parser cannot: here a local list that hides a
// constant of the same name (Apex names ignore case), which Salesforce refuses to compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runChecker, fixture } from './helpers/run-checker.mjs';

const classPath = 'force-app/main/default/classes/NameClash.cls';

test('a name clash that breaks compilation fails and names the file and line', () => {
  const { status, output } = runChecker('apex-semantic', [fixture('broken/apex-semantic')]);
  assert.equal(status, 1, output);
  assert.match(output, /NameClash\.cls/);
  assert.match(output, /line 7 .*Comparing incompatible types/);
});

test('the same class with the clash renamed passes', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'apex-semantic-'));
  try {
    cpSync(fixture('broken/apex-semantic'), workspace, { recursive: true });
    const source = readFileSync(join(workspace, classPath), 'utf8');
    writeFileSync(
      join(workspace, classPath),
      source.replaceAll('ended.', 'endedStatuses.').replace('> ended', '> endedStatuses')
    );
    const { status, output } = runChecker('apex-semantic', [workspace]);
    assert.equal(status, 0, output);
    assert.match(output, /apex-semantic: 0 issue/);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});
