// The metadata checker: every file resolves, nothing is orphaned, every -meta.xml is well-formed and
// matches the Metadata API types, and references point at files in the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecker, fixture } from './helpers/run-checker.mjs';

test('a valid package passes', () => {
  const { status, output } = runChecker('metadata', [fixture('good/force-app')]);
  assert.equal(status, 0, output);
  assert.match(output, /0 problems/);
});

test('a broken package fails and names each bad file', () => {
  const { status, output } = runChecker('metadata', [fixture('broken/metadata')]);
  assert.equal(status, 1, output);
  const expected = [
    /Orphan\.cls: orphan/,
    /Bogus\.callCenter-meta\.xml: line 4: <bogusElement> is not a field of CallCenter/,
    /Thing__c\.object-meta\.xml: line \d+: CustomObject\/enableReports 'yes' is not boolean/,
    /Thing__c\.object-meta\.xml: line \d+: CustomObject\/sharingModel 'ReadWriteAll' not in SharingModel/,
    /Status__c\.field-meta\.xml: line 4:\d+ not well-formed: Expected closing tag 'label'/,
    /Thing_User\.permissionset-meta\.xml: references Apex class NoSuchClass/
  ];
  for (const pattern of expected) assert.match(output, pattern);
});

test('a file of no known metadata type fails', () => {
  const { status, output } = runChecker('metadata', [fixture('broken/sf-convert')]);
  assert.equal(status, 1, output);
  assert.match(output, /Notes\.weird-meta\.xml: does not resolve to a metadata type/);
});
