// CallDataSelector builds its SOQL from one FIELDS list at run time, so the Apex compiler no longer checks those
// names. A field that does not exist fails every query in the org ("No such column"), and a field SoftphoneViews
// reads but the selector does not query throws SObjectException ("retrieved via SOQL without querying the
// requested field") on every remoting call. This test catches both offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers/run-checker.mjs';

const classes = join(repoRoot, 'force-app/main/default/classes');
const fieldsDir = join(repoRoot, 'force-app/main/default/objects/CallData__c/fields');
const selectorSource = readFileSync(join(classes, 'CallDataSelector.cls'), 'utf8');
const viewsSource = readFileSync(join(classes, 'SoftphoneViews.cls'), 'utf8');

/** The quoted names in `List<String> FIELDS = new List<String>{ ... }`. */
function selectedFields(source) {
  const block = /List<String>\s+FIELDS\s*=\s*new List<String>\s*\{([^}]*)\}/.exec(source);
  assert.ok(block, 'CallDataSelector declares one FIELDS list');
  return [...block[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** Names that are neither standard fields read here nor a custom field or lookup in the package. */
function unknownFields(fields) {
  return fields.filter((name) => {
    if (name === 'Id' || name === 'OwnerId') return false;
    const custom = name.replace(/__r\.Name$/, '__c');
    return !existsSync(join(fieldsDir, `${custom}.field-meta.xml`));
  });
}

/** CallData__c fields SoftphoneViews reads from `record.` that the selector does not select. */
function unqueriedReads(views, fields) {
  const reads = [...views.matchAll(/record\.(\w+__r\?\.Name|\w+)/g)].map((m) => m[1].replace('?', ''));
  return [...new Set(reads)].filter((name) => !fields.includes(name));
}

test('every field the selector queries exists in the package', () => {
  assert.deepEqual(unknownFields(selectedFields(selectorSource)), []);
});

test('every field a call view reads is queried', () => {
  assert.deepEqual(unqueriedReads(viewsSource, selectedFields(selectorSource)), []);
});

test('a misspelt or dropped field is reported', () => {
  const broken = selectorSource.replace("'FromName__c'", "'FromNam__c'").replace("'Lead__r.Name',", '');
  const fields = selectedFields(broken);
  assert.deepEqual(unknownFields(fields), ['FromNam__c']);
  assert.deepEqual(unqueriedReads(viewsSource, fields), ['FromName__c', 'Lead__r.Name']);
});
