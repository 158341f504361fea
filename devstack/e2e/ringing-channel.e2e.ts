/**
 * The ringing channel in Chromium: the adapter pushes an agent's call to the softphone before it
 * writes the record to the org, so the card shows while the call rings even when every request the
 * adapter makes to the org is slow. The PushTopic delivery that follows merges into the same card
 * (one card, its record Id, its controls enabled) instead of adding a second one. A call the agent
 * places shows from its first leg, before the PBX has named the call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ScenarioRun } from '../kazoo/index.ts';
import type { EndpointKind } from '../salesforce/faults.ts';
import { eventually } from './support/e2e-stack.ts';
import { AGENTS, callDataRecords, type CallDataRow } from './support/harness-driver.ts';
import { useSoftphoneSession } from './support/softphone-session.ts';

/** The adapter's Salesforce user in the stand-in's seed (devstack/salesforce/seed.ts). */
const INTEGRATION_USER = 'integration@kazoo-cti.example';
const session = useSoftphoneSession(['alice']);
const card = (page: Page) => page.locator('[data-id="call-card"]');

const ADAPTER_REQUESTS: readonly EndpointKind[] = ['oauth', 'upsert', 'collections', 'query', 'search', 'rest'];

/** Every request the adapter makes to the org of these kinds waits `latencyMs` (the agents' pages are not slowed). */
function slowOrg(latencyMs: number, kinds: readonly EndpointKind[] = ADAPTER_REQUESTS) {
  const { salesforce } = session.stack;
  const slow = { latencyMs };
  salesforce.faults.configure({
    users: [salesforce.userId(INTEGRATION_USER)],
    endpoints: Object.fromEntries(kinds.map((kind) => [kind, slow]))
  });
}

/** Waits until Alice's page holds a socket on the adapter's ringing channel (its metrics say so). */
async function aliceListens(): Promise<void> {
  await eventually(async () => {
    const metrics = await (await fetch(`${session.stack.adapter.url}/metrics`)).text();
    return /^cti_ring_channel_sockets\{tenant="demo"\} [1-9]/m.test(metrics);
  }, "Alice's softphone on the ringing channel");
}

async function ringAlice(): Promise<ScenarioRun> {
  const run = await session.stack.kazoo.play('inbound-user', { agentId: AGENTS.alice.pbxUserId, manual: true });
  await run.reached('ringing');
  return run;
}

/** Waits for the org to store Alice's record, then for her card to carry its Id; returns the record. */
async function recordReachesCard(isIt: (record: CallDataRow) => boolean): Promise<CallDataRow> {
  const stored = await eventually(() => callDataRecords(session.stack).find(isIt), 'the record in the org', 15_000);
  await eventually(
    async () => (await card(session.alice).first().getAttribute('data-call-id')) === String(stored.Id),
    'the card to carry the record Id',
    10_000
  );
  return stored;
}

async function endCall(run: ScenarioRun): Promise<void> {
  session.stack.salesforce.faults.clear();
  // Manual mode waits before each phase: answered, then the hang-up.
  run.advance();
  await run.reached('answered');
  run.advance();
  await run.finished;
  await eventually(async () => (await card(session.alice).count()) === 0, 'the card to go once the call ended');
}

test('with 300 ms added to every org request, the card shows while the call is still ringing', async () => {
  await aliceListens();
  slowOrg(300);
  const run = await ringAlice();
  const shown = card(session.alice).first();
  await shown.waitFor({ timeout: 10_000 });
  // Manual mode holds the call in its ringing phase: the card must say so, not a later state.
  assert.equal(await shown.getAttribute('data-status'), 'Ringing');
  assert.equal(await card(session.alice).count(), 1, 'one card for the call');
  await endCall(run);
});

test('the card shows before the org has the record, and the record merges into that same card', async () => {
  await aliceListens();
  // Writes take far longer than a ring: only the ringing channel can show this call in time.
  slowOrg(6_000, ['upsert', 'collections']);
  const run = await ringAlice();
  const shown = card(session.alice).first();
  await shown.waitFor({ timeout: 4_000 });
  const callId = await shown.getAttribute('data-call-key');
  assert.ok(callId?.startsWith(run.interactionId), `the card is the call's (${callId})`);
  assert.equal(await shown.getAttribute('data-status'), 'Ringing');
  assert.equal(
    callDataRecords(session.stack).some((r) => r.CallId__c === callId),
    false,
    'the org does not have the record yet'
  );
  assert.equal(await session.alice.locator('[data-id="call-decline"]').isDisabled(), true, 'no record to act on yet');

  await recordReachesCard((r) => r.CallId__c === callId);
  assert.equal(await card(session.alice).count(), 1, 'the PushTopic delivery merged into the card, no second one');
  assert.equal(await card(session.alice).first().getAttribute('data-status'), 'Ringing', 'and did not change it');
  assert.equal(await session.alice.locator('[data-id="call-decline"]').isDisabled(), false, 'Decline now works');
  await endCall(run);
});

test('a call the agent places shows at once, and its card becomes the record’s when the PBX names the call', async () => {
  await aliceListens();
  slowOrg(6_000, ['upsert', 'collections']);
  const run = await session.stack.kazoo.play('outbound-answered', { agentId: AGENTS.alice.pbxUserId, manual: true });
  const shown = card(session.alice).first();
  await shown.waitFor({ timeout: 4_000 });
  assert.equal(
    callDataRecords(session.stack).some((r) => r.InteractionId__c === run.interactionId),
    false,
    'the org does not have the record yet'
  );
  const aLeg = await shown.getAttribute('data-call-leg');
  assert.ok(aLeg && run.callIds.includes(aLeg), `the card is the agent's own leg of the call (${aLeg})`);

  const stored = await recordReachesCard((r) => r.InteractionId__c === run.interactionId);
  assert.equal(await card(session.alice).count(), 1, 'the preview, the pushed record and the PushTopic: one card');
  assert.equal(await card(session.alice).first().getAttribute('data-call-key'), stored.CallId__c);
  assert.equal(await card(session.alice).first().getAttribute('data-call-leg'), aLeg);
  await endCall(run);
});
