/**
 * Click-to-dial from the page: the Open CTI stand-in fires onClickToDial for a record, the
 * softphone asks Apex (stand-in) to dial, the adapter sends a quickcall to the simulator, and
 * the resulting CallData__c record carries the record the call started from.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { DemoStack } from '../start.ts';
import { eventually, launchBrowser, screenshot, startE2eStack, stopAll } from './support/e2e-stack.ts';
import { stableId } from '../salesforce/ids.ts';
import { AGENTS, callDataRecords, clickToDial, openSoftphone } from './support/harness-driver.ts';

const JOHN_ROE = { number: '+14155550124', leadId: stableId('Lead', 'John Roe') };
let stack: DemoStack;
let browser: Browser;
let alice: Page;

before(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  alice = await openSoftphone(browser, stack, AGENTS.alice);
});

after(() => stopAll(stack, browser));

void test('click-to-dial reaches the PBX as a quickcall and the record keeps the related record id', async () => {
  const recordId = await clickToDial(alice, JOHN_ROE.number, JOHN_ROE.leadId);
  const quickcall = await eventually(
    () => stack.kazoo.quickcalls.find((q) => q.userId === AGENTS.alice.pbxUserId),
    'the simulator to receive a quickcall'
  );
  assert.equal(quickcall.method, 'POST');
  assert.match(quickcall.number, /4155550124$/);
  assert.equal(quickcall.outcome, 'started');
  assert.ok(Object.values(quickcall.customApplicationVars).includes(recordId), 'the record id travels as a CAV');
  await screenshot(alice, 'click-to-dial');
  const record = await eventually(
    () => callDataRecords(stack).find((r) => r.InteractionId__c === quickcall.interactionId),
    'the CallData__c record of the click-to-dial'
  );
  assert.equal(record.RelatedRecordId__c, recordId);
  assert.equal(record.Direction__c, 'Outbound');
});
