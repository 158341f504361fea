// The CallData__c object in the package is the one the adapter writes (adapter/src/core/call-data.ts)
// and the one issue 2 names: API names, types, picklist values, keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DIRECTIONS, STATUSES, RESULTS, PROJECTION_FIELDS } from '../../adapter/src/core/call-data.ts';
import { repoRoot } from './helpers/run-checker.mjs';

const objectsDir = join(repoRoot, 'force-app/main/default/objects');
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'value' });
const field = (object, name) => {
  const path = join(objectsDir, object, 'fields', `${name}.field-meta.xml`);
  assert.ok(existsSync(path), `${object}.${name} exists`);
  return parser.parse(readFileSync(path, 'utf8')).CustomField;
};
const picklistValues = (name) => field('CallData__c', name).valueSet.valueSetDefinition.value.map((v) => v.fullName);

test('every field the adapter projects exists on CallData__c', () => {
  for (const name of PROJECTION_FIELDS) field('CallData__c', name);
});

test('the upsert keys are external ids', () => {
  const callId = field('CallData__c', 'CallId__c');
  assert.deepEqual(
    [callId.type, callId.length, callId.externalId, callId.unique, callId.caseSensitive],
    ['Text', '255', 'true', 'true', 'true']
  );
  const interaction = field('CallData__c', 'InteractionId__c');
  assert.deepEqual([interaction.type, interaction.length, interaction.externalId], ['Text', '80', 'true']);
  const pbxUser = field('User', 'PbxUserId__c');
  assert.deepEqual([pbxUser.type, pbxUser.externalId, pbxUser.unique], ['Text', 'true', 'true']);
  assert.equal(field('User', 'PbxExtension__c').type, 'Text');
});

test('picklists hold exactly the values the adapter writes', () => {
  assert.deepEqual(picklistValues('Direction__c'), [...DIRECTIONS]);
  assert.deepEqual(picklistValues('Status__c'), [...STATUSES]);
  assert.deepEqual(picklistValues('Result__c'), [...RESULTS]);
  assert.equal(field('CallData__c', 'Result__c').valueSet.restricted, 'true', 'Result__c is restricted');
  assert.equal(field('CallData__c', 'WrapUpCode__c').valueSet.valueSetName, 'WrapUpCode', 'admins edit wrap-up codes');
});

test('field types match the design', () => {
  const expected = {
    RingStartedAt__c: 'DateTime',
    AnsweredAt__c: 'DateTime',
    EndedAt__c: 'DateTime',
    RingSeconds__c: 'Number',
    TalkSeconds__c: 'Number',
    DurationSeconds__c: 'Number',
    HasRecording__c: 'Checkbox',
    CalledBack__c: 'Checkbox',
    Contact__c: 'Lookup',
    Lead__c: 'Lookup',
    Account__c: 'Lookup',
    Notes__c: 'LongTextArea',
    RelatedRecordId__c: 'Text',
    TaskId__c: 'Text',
    LastEventSeq__c: 'Number'
  };
  for (const [name, type] of Object.entries(expected)) assert.equal(field('CallData__c', name).type, type, name);
  const sequence = field('CallData__c', 'LastEventSeq__c');
  assert.deepEqual([sequence.precision, sequence.scale], ['18', '0'], 'LastEventSeq__c is Number(18,0)');
  assert.equal(field('CallData__c', 'RelatedRecordId__c').length, '18');
  assert.equal(field('CallData__c', 'TaskId__c').length, '18');
});

test('a stale write keeps every projected field except the key', () => {
  const handler = readFileSync(join(repoRoot, 'force-app/main/default/classes/CallDataTriggerHandler.cls'), 'utf8');
  const kept = [...handler.matchAll(/CallData__c\.(\w+__c),?\n/g)].map((m) => m[1]);
  assert.deepEqual(kept.sort(), PROJECTION_FIELDS.filter((f) => f !== 'CallId__c').sort());
});
