import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIOS, startKazooSimulator, type KazooSimulator, type ScenarioRun } from '../../kazoo/index.ts';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 42, timeScale: 0.001, recordingDelayMs: 0 })));
after(() => sim.stop());

const ccv = (data: Record<string, unknown>) => data.custom_channel_vars as Record<string, unknown>;

function legEvents(run: ScenarioRun, callId: string) {
  return run.events.filter((e) => e.callId === callId).sort((a, b) => Number(a.data.msg_id) - Number(b.data.msg_id));
}

const RESULTS: Record<string, string[]> = {
  'inbound-user': ['Answered'],
  'inbound-ring-group': ['Answered', 'AnsweredElsewhere', 'AnsweredElsewhere'],
  'inbound-voicemail': ['Missed'],
  'inbound-caller-hangup': ['Missed'],
  'inbound-forwarded-cell': ['Answered'],
  'inbound-anonymous': ['Answered'],
  'inbound-oversized-caller-id': ['Answered'],
  pickup: ['Answered', 'AnsweredElsewhere'],
  'blind-transfer': ['Answered', 'Answered'],
  'attended-transfer': ['Answered', 'Answered', 'Answered', 'Answered'],
  'outbound-answered': ['Answered'],
  'outbound-busy': ['Busy'],
  'outbound-no-answer': ['NoAnswer'],
  'outbound-failed': ['Failed'],
  'click-to-dial': ['Answered'],
  'click-to-dial-unanswered': ['NoAnswer'],
  internal: ['Answered', 'Answered']
};

for (const scenario of SCENARIOS) {
  test(`${scenario}: every leg lives once, in msg_id order, and ends in one of the call's interactions`, async () => {
    const run = await sim.play(scenario);
    const interactions = new Set(run.expected.map((e) => e.InteractionId__c));
    assert.ok(interactions.has(run.interactionId));
    for (const callId of run.callIds) {
      const events = legEvents(run, callId);
      assert.equal(events[0]?.name, 'CHANNEL_CREATE', `${callId} starts with CREATE`);
      assert.equal(events.at(-1)?.name, 'CHANNEL_DESTROY', `${callId} ends with DESTROY`);
      assert.equal(events.filter((e) => e.name === 'CHANNEL_DESTROY').length, 1);
      const finalId = ccv(events.at(-1)?.data ?? {}).call_interaction_id as string;
      assert.ok(interactions.has(finalId), `${callId} ends in ${finalId}, a call with expected records`);
    }
    const [aLeg, ...others] = run.callIds;
    const aDestroy = legEvents(run, aLeg as string).at(-1)?.data ?? {};
    const routed = scenario !== 'click-to-dial-unanswered'; // unanswered quickcall legs never reach the dialplan
    if (routed) assert.equal(ccv(aDestroy).bridge_id, aLeg, 'the A-leg is its own bridge id');
    for (const callId of others) {
      const create = legEvents(run, callId)[0]?.data ?? {};
      // A pickup or consultation leg starts as its own A-leg; sibling quickcall legs are originated.
      if (create.call_direction !== 'outbound' || callId.endsWith('-quickcall')) continue;
      assert.ok(
        run.callIds.includes(ccv(create).bridge_id as string),
        'a B-leg points at its parent from its first event'
      );
      assert.equal(create.other_leg_call_id, ccv(create).bridge_id);
    }
    assert.deepEqual(run.expected.map((e) => e.Result__c).sort(), [...(RESULTS[scenario] ?? [])].sort());
    for (const e of run.expected) assert.equal(e.CallId__c, `${e.InteractionId__c}:${e.PbxUserId__c}`);
    await run.finished;
  });
}

test('an answered call: the winner’s billing seconds are the agent’s talk time; losers end LOSE_RACE', async () => {
  const run = await sim.play('inbound-user', { talkSeconds: 21, ringSeconds: 3 });
  const destroys = run.events.filter((e) => e.name === 'CHANNEL_DESTROY');
  const causes = destroys.map((e) => e.data.hangup_cause);
  assert.ok(causes.includes('LOSE_RACE'), 'Alice’s second device lost the race');
  const bridge = run.events.find((e) => e.name === 'CHANNEL_BRIDGE');
  const winner = destroys.find((e) => e.callId === bridge?.data.other_leg_call_id);
  assert.equal(winner?.data.billing_seconds, 21);
  assert.equal(run.expected[0]?.TalkSeconds__c, 21);
  assert.equal(ccv(winner?.data ?? {}).media_recordings, run.expected[0]?.RecordingId__c);
  const aCreate = run.events.find((e) => e.callId === run.callIds[0]);
  assert.equal(ccv(aCreate?.data ?? {}).call_interaction_id, undefined, 'the A-leg CREATE comes before routing');
  await run.finished;
});

test('dialling a colleague’s DID adds loopback legs that share the interaction id', async () => {
  const run = await sim.play('internal', { dialDid: true });
  const loops = run.events.filter((e) => e.name === 'CHANNEL_CREATE' && e.data.channel_is_loopback === true);
  assert.equal(loops.length, 2);
  for (const l of loops) assert.equal(ccv(l.data).call_interaction_id, run.interactionId);
  assert.equal(run.expected.find((e) => e.Extension__c === '101')?.ExternalNumber__c, '+14155550102');
  await run.finished;
});
