// The stand-in's CallData__c and User fields match the package's object metadata, so a field added
// to force-app without the stand-in knowing it (or the other way round) fails here.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildSchema } from '../../salesforce/schema.ts';

const objectsDir = fileURLToPath(new URL('../../../force-app/main/default/objects/', import.meta.url));
const SYSTEM = new Set(['Id', 'Name', 'OwnerId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp']);

function packageFields(object: string): string[] {
  return readdirSync(`${objectsDir}${object}/fields`)
    .map((f) => f.replace('.field-meta.xml', ''))
    .sort();
}

describe('stand-in schema', () => {
  const schema = buildSchema(['Resolved']);

  it('knows exactly the custom fields of CallData__c', () => {
    const known = Object.keys(schema.CallData__c ?? {})
      .filter((f) => !SYSTEM.has(f))
      .sort();
    assert.deepEqual(known, packageFields('CallData__c'));
  });

  it('knows the custom fields of User', () => {
    const known = Object.keys(schema.User ?? {})
      .filter((f) => f.endsWith('__c'))
      .sort();
    assert.deepEqual(known, packageFields('User'));
  });
});

describe('field sizes from the package metadata', () => {
  const schema = buildSchema(['Resolved']);

  it('takes each text length and type from force-app, not from a copy', () => {
    // ExternalNumber__c is a Phone field (Salesforce: 40 characters), FromName__c Text(255), Notes__c Long Text 32000.
    assert.deepEqual(schema.CallData__c?.ExternalNumber__c, { type: 'phone', length: 40 });
    assert.equal(schema.CallData__c?.FromName__c?.length, 255);
    assert.equal(schema.CallData__c?.InteractionId__c?.length, 80);
    assert.deepEqual(schema.CallData__c?.Notes__c, { type: 'textarea', length: 32000 });
    assert.equal(schema.CallData__c?.AnsweredCount__c?.readOnly, true, 'a formula field cannot be written');
  });
});
