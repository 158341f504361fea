import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKazooSimulator, type KazooSimulator } from '../../kazoo/index.ts';
import { filterNumber } from '../../kazoo/quickcall-route.ts';
import { apiToken, subscribedClient } from './blackhole-client.ts';

const ALICE = 'a1f3c2e4b5d6478899aabbccddeeff01';
let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 3, timeScale: 0.005, recordingDelayMs: 0 })));
after(() => sim.stop());

async function quickcall(userId: string, number: string, query = '') {
  const res = await fetch(
    `${sim.crossbarUrl}/v2/accounts/${sim.accountId}/users/${userId}/quickcall/${number}${query}`,
    {
      method: 'POST',
      headers: { 'x-auth-token': await apiToken(sim), 'content-type': 'application/json' },
      body: JSON.stringify({ data: { custom_application_vars: { sf_related_record_id: '003000000000001AAA' } } })
    }
  );
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown>; message?: string } };
}

test('POST quickcall starts a call whose CAVs come back on every event and CDR', async () => {
  const client = await subscribedClient(sim);
  const { status, body } = await quickcall(ALICE, '+1 (415) 555-0123', '?sf_campaign=spring');
  assert.equal(status, 202);
  const callId = String(body.data.call_id);
  assert.match(callId, /^[0-9a-f]{36}-quickcall$/);
  const received = sim.quickcalls.at(-1);
  // cb_quickcall.erl ?QCALL_NUMBER_FILTER removes the spaces, dashes and parentheses, never the +.
  assert.equal(received?.number, '+14155550123');
  assert.deepEqual(received?.customApplicationVars, {
    sf_campaign: 'spring',
    sf_related_record_id: '003000000000001AAA'
  });

  const interactionId = String(received?.interactionId);
  const truth = sim.groundTruth()[`${interactionId}:${ALICE}`];
  assert.equal(truth?.RelatedRecordId__c, '003000000000001AAA');
  assert.equal(truth?.Direction__c, 'Outbound');
  const destroy = await client.waitFor((f) => f.name === 'CHANNEL_DESTROY' && f.data.call_id === callId, 5000);
  const ccv = destroy.data.custom_channel_vars as Record<string, string>;
  assert.equal(ccv.authorizing_type, 'user');
  assert.equal(ccv.authorizing_id, ALICE);
  const events = client.frames.filter(
    (f) =>
      f.action === 'event' &&
      (f.data.custom_channel_vars as Record<string, string>).call_interaction_id === interactionId
  );
  assert.ok(events.length >= 6);
  for (const e of events)
    assert.equal((e.data.custom_application_vars as Record<string, string>).sf_campaign, 'spring');
  client.close();
});

test('POST quickcall to a user whose phone is offline fails with DESTINATION_OUT_OF_ORDER', async () => {
  sim.setDeviceOnline(ALICE, false);
  const { status, body } = await quickcall(ALICE, '4155550124');
  sim.setDeviceOnline(ALICE, true);
  assert.equal(status, 500);
  assert.equal(body.message, 'quickcall initiation failed');
  assert.equal(body.data.error_message, 'DESTINATION_OUT_OF_ORDER');
  assert.equal(sim.quickcalls.at(-1)?.outcome, 'DESTINATION_OUT_OF_ORDER');
});

test('number_filter as cb_quickcall build_number_uri/2: default keeps + * #, false keeps all, a regex its first group', () => {
  assert.equal(filterNumber('+44 (20) 7946-0958', undefined), '+442079460958');
  assert.equal(filterNumber('*97', 'true'), '*97');
  assert.equal(filterNumber('+1 415', 'false'), '+1 415');
  assert.equal(filterNumber('9,4155550123', '^9,(\\d+)$'), '4155550123');
  assert.equal(filterNumber('4155550123', '^9(\\d+)$x'), '4155550123', 'no match dials the number unchanged');
});
