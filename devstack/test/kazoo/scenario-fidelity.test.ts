import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKazooSimulator, type KazooSimulator, type ScenarioRun } from '../../kazoo/index.ts';

// What Kazoo really publishes for the calls the review found misread (S2, S5, S8, S10).
let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 7, timeScale: 0.001, recordingDelayMs: 0 })));
after(() => sim.stop());

const ccv = (data: Record<string, unknown> | undefined) => (data?.custom_channel_vars ?? {}) as Record<string, unknown>;
const eventsOf = (run: ScenarioRun, callId: string) =>
  run.events.filter((e) => e.callId === callId).sort((a, b) => Number(a.data.msg_id) - Number(b.data.msg_id));

test('a carrier call gets its resource vars when stepswitch routes it, not on CREATE', async () => {
  const run = await sim.play('inbound-user');
  const [create, next] = eventsOf(run, run.callIds[0] as string);
  assert.equal(
    ccv(create?.data).account_id,
    '3a6f0c5b2f1d4e0a9b7c8d6e5f4a3b21',
    'blackhole found the account by number'
  );
  for (const key of ['authorizing_type', 'inception', 'resource_id', 'resource_type'])
    assert.equal(ccv(create?.data)[key], undefined, `${key} is not on CREATE`);
  assert.equal(ccv(next?.data).authorizing_type, 'resource');
  assert.match(String(ccv(next?.data).inception), /^\+14155550101@/);
  await run.finished;
});

test('pickup: the picker is routed with its own interaction id and re-tagged on intercept', async () => {
  const run = await sim.play('pickup');
  const pickerLeg = run.callIds.find((id) => eventsOf(run, id)[0]?.data.request?.toString().startsWith('*8'));
  const [create, answer, destroy] = eventsOf(run, pickerLeg as string);
  assert.equal(ccv(create?.data).call_interaction_id, undefined, 'not routed yet');
  assert.notEqual(ccv(answer?.data).call_interaction_id, run.interactionId, 'its own id on ANSWER');
  assert.equal(ccv(destroy?.data).call_interaction_id, run.interactionId, "the ringing call's id after intercept");
  await run.finished;
});

test('attended transfer: the target leg moves from the consultation call to the caller’s call', async () => {
  const run = await sim.play('attended-transfer');
  const consultId = run.expected.map((e) => e.InteractionId__c).find((id) => id !== run.interactionId);
  const target = run.callIds.find((id) => ccv(eventsOf(run, id)[0]?.data).call_interaction_id === consultId);
  const ids = eventsOf(run, target as string).map((e) => ccv(e.data).call_interaction_id);
  assert.deepEqual(ids, [consultId, consultId, run.interactionId], 'CREATE and ANSWER in the consultation');
  const causes = run.events.filter((e) => e.name === 'CHANNEL_DESTROY').map((e) => e.data.hangup_cause);
  assert.equal(causes.filter((c) => c === 'ATTENDED_TRANSFER').length, 2, 'both of the transferor’s legs');
  await run.finished;
});

test('click-to-dial rings every device of a user with several, none auto-answers', async () => {
  const run = await sim.play('click-to-dial');
  const quick = run.callIds.filter((id) => id.endsWith('-quickcall'));
  assert.equal(quick.length, 2, 'Alice has a desk phone and a softphone');
  for (const id of quick) {
    assert.match(id, /^[0-9a-f]{36}-quickcall$/);
    assert.equal(ccv(eventsOf(run, id)[0]?.data).auto_answer, undefined);
    assert.equal(ccv(eventsOf(run, id)[0]?.data).bridge_id, undefined, 'bridge id only once routed');
  }
  const causes = quick.map((id) => eventsOf(run, id).at(-1)?.data.hangup_cause).sort();
  assert.deepEqual(causes, ['LOSE_RACE', 'NORMAL_CLEARING']);
  await run.finished;
});

test('click-to-dial for a single-device user auto-answers; unanswered ones end NO_ANSWER with no carrier leg', async () => {
  const bob = 'b2e4d3f5c6a7489900bbccddeeff0012';
  const single = await sim.play('click-to-dial', { agentId: bob });
  assert.equal(ccv(single.events[0]?.data).auto_answer, 'true');
  await single.finished;
  const unanswered = await sim.play('click-to-dial-unanswered');
  assert.deepEqual(
    unanswered.events.filter((e) => e.name === 'CHANNEL_DESTROY').map((e) => e.data.hangup_cause),
    ['NO_ANSWER', 'NO_ANSWER']
  );
  assert.ok(unanswered.callIds.every((id) => id.endsWith('-quickcall')));
  await unanswered.finished;
});

test('a forwarded cell phone is a loopback leg that carries the user’s owner id', async () => {
  const run = await sim.play('inbound-forwarded-cell');
  const loopbacks = run.events.filter((e) => e.name === 'CHANNEL_CREATE' && e.data.channel_is_loopback === true);
  const forward = loopbacks.find((e) => ccv(e.data).call_forward === 'true');
  assert.equal(ccv(forward?.data).owner_id, run.expected[0]?.PbxUserId__c);
  assert.equal(ccv(loopbacks.find((e) => e !== forward)?.data).owner_id, undefined, 'the -b half has no owner');
  await run.finished;
});
