// The Apex syntax checker passes valid Apex and names the file, line and column of a syntax error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecker, fixture } from './helpers/run-checker.mjs';

test('valid classes and triggers pass', () => {
  const { status, output } = runChecker('apex-parse', [fixture('good')]);
  assert.equal(status, 0, output);
  assert.match(output, /ok {3}\S*ThingService\.cls/);
  assert.match(output, /ok {3}\S*ThingTrigger\.trigger/);
});

test('a missing semicolon fails with file:line:column', () => {
  const { status, output } = runChecker('apex-parse', [fixture('broken/apex-syntax')]);
  assert.equal(status, 1, output);
  assert.match(output, /MissingSemicolon\.cls:4:\d+ missing ';' at 'return'/);
});
