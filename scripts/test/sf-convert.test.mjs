// `sf project convert source` runs offline and its package.xml lists the types the package ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecker, fixture } from './helpers/run-checker.mjs';

test('a complete package converts and lists every required type', () => {
  const { status, output } = runChecker('sf-convert', [fixture('good/force-app')]);
  assert.equal(status, 0, output);
  for (const type of ['CustomObject', 'CustomField', 'ApexClass', 'ApexTrigger', 'PermissionSet', 'ApexPage']) {
    assert.match(output, new RegExp(`ok {3}package\\.xml lists ${type} `));
  }
});

test('a file of no known type makes the conversion fail and is named', () => {
  const { status, output } = runChecker('sf-convert', [fixture('broken/sf-convert')]);
  assert.equal(status, 1, output);
  assert.match(output, /Notes\.weird-meta\.xml: Could not infer a metadata type/);
});

test('a page without its -meta.xml and missing permission sets are reported', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sf-convert-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(fixture('good/force-app'), dir, { recursive: true });
  rmSync(join(dir, 'main/default/permissionsets'), { recursive: true });
  rmSync(join(dir, 'main/default/pages/Things.page-meta.xml'));

  const { status, output } = runChecker('sf-convert', [dir]);
  assert.equal(status, 1, output);
  assert.match(output, /does not list PermissionSet/);
  assert.match(output, /does not list ApexPage although the source has \S*Things\.page/);
});
