import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { PROJECTION_FIELDS, type CallDataProjection } from '../../src/core/call-data.ts';
import { CALL_DATA_TEXT_LENGTHS, clipProjection } from '../../src/core/call-data-lengths.ts';

const FIELDS = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../force-app/main/default/objects/CallData__c/fields'
);
/** Salesforce "Custom Field Types": a Phone field holds up to 40 characters. */
const PHONE_LENGTH = 40;

/** Length of every Text and Phone field the correlator writes, read from the package metadata. */
function metadataLengths(): Record<string, number> {
  const lengths: Record<string, number> = {};
  for (const file of readdirSync(FIELDS)) {
    const name = file.replace('.field-meta.xml', '');
    if (!PROJECTION_FIELDS.includes(name as keyof CallDataProjection)) continue;
    const xml = readFileSync(join(FIELDS, file), 'utf8');
    const type = /<type>([^<]+)<\/type>/.exec(xml)?.[1];
    if (type === 'Text') lengths[name] = Number(/<length>(\d+)<\/length>/.exec(xml)?.[1]);
    if (type === 'Phone') lengths[name] = PHONE_LENGTH;
  }
  return lengths;
}

describe('CallData__c text lengths', () => {
  it('the table is exactly what force-app metadata says for every text field a record carries', () => {
    assert.deepEqual({ ...CALL_DATA_TEXT_LENGTHS }, metadataLengths());
  });

  it('clips every text value to its field and leaves the rest of the record alone', () => {
    const long = (n: number) => 'x'.repeat(n);
    const record = {
      CallId__c: 'i:u',
      FromName__c: long(300),
      ExternalNumber__c: `+1${'2'.repeat(60)}`,
      HangupCause__c: long(81),
      TalkSeconds__c: 12,
      HasRecording__c: false
    } as unknown as CallDataProjection;
    const clipped = clipProjection(record);
    assert.equal(clipped.FromName__c?.length, 255);
    assert.equal(clipped.ExternalNumber__c, `+1${'2'.repeat(38)}`);
    assert.equal(clipped.HangupCause__c?.length, 80);
    assert.equal(clipped.CallId__c, 'i:u');
    assert.equal(clipped.TalkSeconds__c, 12);
    assert.equal(record.FromName__c?.length, 300, 'the input is not changed');
  });

  it('never cuts a character in half', () => {
    const name = `${'a'.repeat(254)}😀tail`;
    const clipped = clipProjection({ FromName__c: name } as unknown as CallDataProjection);
    assert.equal(clipped.FromName__c, 'a'.repeat(254), 'the emoji (two UTF-16 units) does not fit and is left out');
  });
});
