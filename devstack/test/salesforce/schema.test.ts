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
