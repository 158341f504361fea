// The PMD security check passes safe Apex and Visualforce and fails on each kind of insecure code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecker, fixture } from './helpers/run-checker.mjs';

test('sharing, user-mode queries, DML as user and escaped pages pass', () => {
  const { status, output } = runChecker('pmd', [fixture('good')]);
  assert.equal(status, 0, output);
  assert.match(output, /0 findings/);
});

test('insecure Apex and Visualforce fail with the rule and the file', () => {
  const { status, output } = runChecker('pmd', [fixture('broken/insecure')]);
  assert.equal(status, 1, output);
  const expected = [
    /FAIL \S*InsecureQuery\.cls:1:\d+ sev2 pmd:ApexSharingViolations/,
    /FAIL \S*InsecureQuery\.cls:3:\d+ sev2 pmd:ApexSOQLInjection/,
    /FAIL \S*InsecureQuery\.cls:7:\d+ sev2 pmd:ApexCRUDViolation/,
    /FAIL \S*InsecureQueryTest\.cls:\d+:\d+ sev2 pmd:ApexUnitTestClassShouldHaveAsserts/,
    /FAIL \S*Unescaped\.page:3:\d+ sev2 pmd:VfUnescapeEl/
  ];
  for (const pattern of expected) assert.match(output, pattern);
});

test('a class PMD cannot parse fails instead of passing unchecked', () => {
  const { status, output } = runChecker('pmd', [fixture('broken/apex-syntax')]);
  assert.equal(status, 1, output);
  assert.match(output, /FAIL PMD issued a processing error for file '\S*MissingSemicolon\.cls'/);
});
