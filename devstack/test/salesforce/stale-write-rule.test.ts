// The stand-in's stale-write rule is the package trigger's: read the Apex list, then write a stale
// state through real jsforce and check that only the projected fields are kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SalesforceStandIn } from '../../salesforce/index.ts';
import { SAMPLE_RECORDS } from '../../salesforce/seed.ts';
import { TRIGGER_RESTORED_FIELDS } from '../../salesforce/stale-write-rule.ts';
import { connectionFor, INTEGRATION, projection, standIn } from './helpers.ts';

const HANDLER = join(import.meta.dirname, '../../../force-app/main/default/classes/CallDataTriggerHandler.cls');

describe('the stale-write rule', () => {
  let sf: SalesforceStandIn;
  before(async () => {
    sf = await standIn();
  });
  after(() => sf.stop());

  it('restores exactly the fields CallDataTriggerHandler.PROJECTED_FIELDS lists', () => {
    const apex = readFileSync(HANDLER, 'utf8');
    const list = /PROJECTED_FIELDS = new List<SObjectField>\{([^}]*)\}/.exec(apex)?.[1] ?? '';
    const apexFields = [...list.matchAll(/CallData__c\.(\w+)/g)].map((m) => m[1]);
    assert.ok(apexFields.length > 20, 'the Apex list was found');
    assert.deepEqual([...TRIGGER_RESTORED_FIELDS].sort(), apexFields.sort());
  });

  it('keeps the newer call state but lets the rest of a stale write land, as the trigger does', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    const jane = SAMPLE_RECORDS.find((r) => r.sobject === 'Contact')?.fields.Id ?? '';
    await conn
      .sobject('CallData__c')
      .upsert(
        projection({ CallId__c: 's1:alice', Status__c: 'Ended', Result__c: 'Answered', LastEventSeq__c: 9 }),
        'CallId__c'
      );
    await conn
      .sobject('CallData__c')
      .upsert(
        { ...projection({ CallId__c: 's1:alice', Status__c: 'Connected', LastEventSeq__c: 4 }), Contact__c: jane },
        'CallId__c'
      );
    const stored = sf.records('CallData__c').find((r) => r.CallId__c === 's1:alice');
    assert.equal(stored?.Status__c, 'Ended', 'projected field kept');
    assert.equal(stored?.Result__c, 'Answered', 'projected field kept');
    assert.equal(stored?.LastEventSeq__c, 9, 'sequence kept');
    assert.equal(stored?.Contact__c, jane, 'a field outside PROJECTED_FIELDS is written');
  });

  it('never treats a write without a sequence (a wrap-up edit) as stale', async () => {
    const conn = connectionFor(sf, INTEGRATION);
    await conn.sobject('CallData__c').upsert(projection({ CallId__c: 's2:alice', LastEventSeq__c: 5 }), 'CallId__c');
    await conn.sobject('CallData__c').upsert({ CallId__c: 's2:alice', Status__c: 'Connected' }, 'CallId__c');
    const stored = sf.records('CallData__c').find((r) => r.CallId__c === 's2:alice');
    assert.equal(stored?.Status__c, 'Connected');
  });
});
