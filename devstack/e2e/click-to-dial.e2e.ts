/**
 * Click-to-dial from the page: the Open CTI stand-in fires onClickToDial for a record, the
 * softphone asks Apex (stand-in) to dial, the adapter sends a quickcall to the simulator, and
 * the resulting CallData__c record carries the record the call started from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, screenshot } from './support/e2e-stack.ts';
import { stableId } from '../salesforce/ids.ts';
import { AGENTS, callDataRecords, clickToDial } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

const JOHN_ROE = { number: '+14155550124', leadId: stableId('Lead', 'John Roe') };

const session = useSoftphoneSession(['alice']);

test('click-to-dial reaches the PBX as a quickcall and the record keeps the related record id', async () => {
  const recordId = await clickToDial(session.alice, JOHN_ROE.number, JOHN_ROE.leadId);
  const quickcall = await eventually(
    () => session.stack.kazoo.quickcalls.find((q) => q.userId === AGENTS.alice.pbxUserId),
    'the simulator to receive a quickcall'
  );
  assert.equal(quickcall.method, 'POST');
  assert.match(quickcall.number, /4155550124$/);
  assert.equal(quickcall.outcome, 'started');
  assert.ok(Object.values(quickcall.customApplicationVars).includes(recordId), 'the record id travels as a CAV');
  await screenshot(session.alice, 'click-to-dial');
  const record = await eventually(
    () => callDataRecords(session.stack).find((r) => r.InteractionId__c === quickcall.interactionId),
    'the CallData__c record of the click-to-dial'
  );
  assert.equal(record.RelatedRecordId__c, recordId);
  assert.equal(record.Direction__c, 'Outbound');
});
