// PushTopicInstaller's Apex constants are the pushTopic block of softphoneContract.json, which the
// softphone and the Salesforce stand-in read. This test fails when the two drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './helpers/run-checker.mjs';

const packageDir = join(repoRoot, 'force-app/main/default');
const contract = JSON.parse(readFileSync(join(packageDir, 'staticresources/softphoneContract.json'), 'utf8')).pushTopic;
const installerSource = readFileSync(join(packageDir, 'classes/PushTopicInstaller.cls'), 'utf8');

/** Apex constant name → contract key. */
const CONSTANTS = {
  TOPIC_NAME: 'name',
  API_VERSION: 'apiVersion',
  NOTIFY_FOR_FIELDS: 'notifyForFields',
  NOTIFY_FOR_OPERATION_CREATE: 'notifyForOperationCreate',
  NOTIFY_FOR_OPERATION_UPDATE: 'notifyForOperationUpdate',
  NOTIFY_FOR_OPERATION_DELETE: 'notifyForOperationDelete',
  NOTIFY_FOR_OPERATION_UNDELETE: 'notifyForOperationUndelete',
  QUERY: 'query'
};

/** Reads `static final <Type> NAME = <literal>;` declarations into JS values. */
function apexConstants(source) {
  const values = {};
  const declaration =
    /static\s+final\s+(String|Decimal|Boolean)\s+(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[\d.]+|true|false)\s*;/g;
  for (const [, type, name, literal] of source.matchAll(declaration)) {
    if (type === 'String') values[name] = literal.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (type === 'Decimal') values[name] = Number(literal);
    else values[name] = literal === 'true';
  }
  return values;
}

/** Lists the differences between the Apex constants and the contract. */
function drift(source) {
  const values = apexConstants(source);
  return Object.entries(CONSTANTS)
    .filter(([constant, key]) => values[constant] !== contract[key])
    .map(
      ([constant, key]) =>
        `${constant}=${JSON.stringify(values[constant])} but pushTopic.${key}=${JSON.stringify(contract[key])}`
    );
}

test('PushTopicInstaller creates exactly the topic the contract describes', () => {
  assert.deepEqual(drift(installerSource), []);
});

test('a changed constant is reported as drift', () => {
  const changed = installerSource.replace("'Referenced'", "'All'").replace('CallId__c, ', '');
  assert.deepEqual(
    drift(changed).map((line) => line.split('=')[0]),
    ['NOTIFY_FOR_FIELDS', 'QUERY'],
    'both the notify mode and the query drift are caught'
  );
});

test('the query is one Salesforce accepts for a filtered PushTopic', () => {
  assert.ok(contract.name.length <= 25, 'a PushTopic name has at most 25 characters');
  assert.ok(contract.query.length <= 1300, 'a PushTopic query has at most 1300 characters');
  assert.doesNotMatch(contract.query, /\b(LIMIT|ORDER BY|GROUP BY|NOT)\b/i, 'no clause PushTopic queries refuse');
  const fields = /^SELECT (.+) FROM CallData__c$/.exec(contract.query)[1].split(/,\s*/);
  assert.ok(fields.includes('Id') && fields.includes(contract.channelFilter), 'Id and the filter field are selected');
  for (const field of fields.filter((f) => f.endsWith('__c'))) {
    assert.ok(existsSync(join(packageDir, 'objects/CallData__c/fields', `${field}.field-meta.xml`)), `${field} exists`);
  }
});
