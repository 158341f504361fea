import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKazooSimulator, type KazooSimulator, type LiveCall } from '../../kazoo/index.ts';
import { apiToken, subscribedClient } from './blackhole-client.ts';
import { correlateEvent, createCorrelatorState, flushAll } from '../../../adapter/src/core/correlate-call.ts';
import { restoreCorrelatorState } from '../../../adapter/src/core/correlator-state.ts';
import { normalizeEvent } from '../../../adapter/src/core/normalize-event.ts';
import { CALL_EVENT_NAMES } from '../../../adapter/src/core/kazoo-call-event.ts';
import type { CallDataProjection } from '../../../adapter/src/core/call-data.ts';

const ALICE = 'a1f3c2e4b5d6478899aabbccddeeff01';
const BOB = 'b2e4d3f5c6a7489900bbccddeeff0012';
const CAROL = 'c3d5e4a6b7c84900aabbccddeeff0123';
const JANE = '+14155550123';
let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 5, recordingDelayMs: 0 })));
after(() => sim.stop());

async function crossbar(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.crossbarUrl}/v2/accounts/${sim.accountId}${path}`, {
    method,
    headers: { 'x-auth-token': await apiToken(sim), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return { status: res.status, body: (await res.json()) as { data: unknown; message?: string } };
}

function legOf(call: LiveCall, userId: string): string {
  const [leg] = call.ringingLegsOf(userId);
  assert.ok(leg, `${userId} rings`);
  return leg;
}

/** The channel of `userId` on this call as GET /channels lists it. */
async function channelOf(call: LiveCall, userId: string) {
  const { body } = await crossbar('GET', '/channels');
  return (body.data as Record<string, unknown>[]).find(
    (c) => c.owner_id === userId && c.interaction_id === call.interactionId
  );
}

test('a hangup on a ringing ring-group leg moves a single-strategy group on to the next member', async () => {
  const call = sim.ringLive({ to: 'ring-group', externalNumber: JANE, strategy: 'single' });
  const alice = call.ringingLegsOf(ALICE);
  assert.equal(alice.length, 2, 'both of Alice’s devices ring');
  assert.deepEqual(call.ringingLegsOf(BOB), [], 'Bob waits his turn');
  for (const leg of alice) {
    const { status, body } = await crossbar('POST', `/channels/${leg}`, { data: { action: 'hangup' } });
    assert.equal(status, 202);
    assert.equal(body.data, 'hangup initiated');
  }
  assert.equal(call.ringingLegsOf(BOB).length, 1, 'Bob rings once Alice declined');
  call.answer(BOB);
  call.callerHangsUp();
  await call.ended;
  const truth = sim.groundTruth();
  assert.equal(truth[`${call.interactionId}:${ALICE}`]?.Result__c, 'AnsweredElsewhere');
  assert.equal(truth[`${call.interactionId}:${BOB}`]?.Result__c, 'Answered');
  assert.equal(truth[`${call.interactionId}:${CAROL}`], undefined, 'Carol never rang');
});

test('hold and resume publish CHANNEL_HOLD / UNHOLD on the caller’s leg; the hold time is in the truth', async () => {
  const client = await subscribedClient(sim);
  const call = sim.ringLive({ to: BOB, externalNumber: JANE });
  const bobLeg = legOf(call, BOB);
  call.answer(BOB);
  const hold = { action: 'metaflow', data: { module: 'hold', data: { dtmf_leg: bobLeg } } };
  const held = await crossbar('PUT', `/channels/${bobLeg}`, hold);
  assert.equal(held.status, 202);
  assert.equal(held.body.data, 'metaflow sent');
  const holdFrame = await client.waitFor((f) => f.name === 'CHANNEL_HOLD', 2000);
  assert.notEqual(holdFrame.data.call_id, bobLeg, 'the held party is the caller, not Bob');
  const { body } = await crossbar('GET', `/channels/${String(holdFrame.data.call_id)}`);
  assert.equal((body.data as { is_onhold: boolean }).is_onhold, true);
  await sleep(1600);
  await crossbar('PUT', `/channels/${bobLeg}`, { action: 'metaflow', data: { module: 'resume', data: {} } });
  await client.waitFor((f) => f.name === 'CHANNEL_UNHOLD', 2000);
  call.callerHangsUp();
  await call.ended;
  const bob = sim.groundTruth()[`${call.interactionId}:${BOB}`];
  assert.ok((bob?.HoldSeconds__c ?? 0) >= 1, `held for 1.6 s, got ${bob?.HoldSeconds__c}`);
  client.close();
});

test('a transfer is Konami’s consultation: the caller waits unbridged while the target rings on a call of its own', async () => {
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  const callerLeg = String((await channelOf(call, ALICE))?.other_leg);
  const missing = await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'transfer' } });
  assert.equal(missing.status, 400);
  assert.match(JSON.stringify(missing.body.data), /No target destination specified/);
  const sent = await crossbar('POST', `/channels/${aliceLeg}`, {
    data: { action: 'transfer', target: '102', 'transfer-type': 'blind', takeback_dtmf: '*1' }
  });
  assert.equal(sent.status, 202);
  assert.equal(sent.body.data, 'transfer initiated');
  // konami_transfer.erl has no blind branch: Alice stays on, unbridged, until she hangs up.
  assert.equal((await channelOf(call, ALICE))?.other_leg, null, 'Alice is unbridged, not gone');
  const caller = (await crossbar('GET', `/channels/${callerLeg}`)).body.data as Record<string, unknown>;
  assert.equal(caller.other_leg, null, 'the caller hears music, bridged to nobody');
  const [bobRinging] = call.ringingLegsOf(BOB);
  const bobChannel = (await crossbar('GET', `/channels/${String(bobRinging)}`)).body.data as Record<string, unknown>;
  assert.notEqual(bobChannel.interaction_id, call.interactionId, 'the consultation is an originate of its own');
  const again = await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'transfer', target: '103' } });
  assert.equal(again.status, 400, 'an unbridged leg cannot be transferred again');
  // Blind: Alice hangs up before Bob answers; Konami connects the caller to Bob when he does.
  assert.equal((await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'hangup' } })).status, 202);
  assert.equal(await channelOf(call, ALICE), undefined, 'Alice’s leg is gone');
  call.answer(BOB);
  const bobNow = (await crossbar('GET', `/channels/${String(bobRinging)}`)).body.data as Record<string, unknown>;
  assert.equal(bobNow.interaction_id, call.interactionId, 'connect_leg gave Bob’s leg the caller’s interaction id');
  assert.equal(bobNow.other_leg, callerLeg, 'Bob talks to the caller');
  call.callerHangsUp();
  await call.ended;
  const truth = sim.groundTruth();
  assert.equal(truth[`${call.interactionId}:${ALICE}`]?.Result__c, 'Answered');
  assert.equal(truth[`${call.interactionId}:${BOB}`]?.Result__c, 'Answered');
});

test('an attended transfer: Alice talks to Bob while the caller waits, then leaves them together', async () => {
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  const callerLeg = String((await channelOf(call, ALICE))?.other_leg);
  await crossbar('POST', `/channels/${aliceLeg}`, {
    data: { action: 'transfer', target: '102', 'transfer-type': 'attended' }
  });
  const [bobLeg] = call.ringingLegsOf(BOB);
  call.answer(BOB);
  assert.equal((await channelOf(call, ALICE))?.other_leg, bobLeg, 'Alice consults Bob');
  await sleep(1100);
  await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'hangup' } });
  const bob = (await crossbar('GET', `/channels/${String(bobLeg)}`)).body.data as Record<string, unknown>;
  assert.equal(bob.other_leg, callerLeg, 'Alice left: the caller talks to Bob');
  await sleep(1100);
  call.callerHangsUp();
  await call.ended;
  const truth = sim.groundTruth();
  const alice = truth[`${call.interactionId}:${ALICE}`];
  const bobTruth = truth[`${call.interactionId}:${BOB}`];
  assert.equal(alice?.Result__c, 'Answered');
  assert.equal(bobTruth?.Result__c, 'Answered');
  assert.ok(
    (bobTruth?.TalkSeconds__c ?? 0) >= 2,
    `Bob talked through the consultation and after, got ${bobTruth?.TalkSeconds__c}`
  );
});

test('cancelling a consultation (the target’s leg hung up) gives the caller back to the transferor', async () => {
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  const callerLeg = String((await channelOf(call, ALICE))?.other_leg);
  await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'transfer', target: '102' } });
  const [bobLeg] = call.ringingLegsOf(BOB);
  call.answer(BOB);
  await crossbar('POST', `/channels/${String(bobLeg)}`, { data: { action: 'hangup' } });
  assert.equal((await channelOf(call, ALICE))?.other_leg, callerLeg, 'Alice has the caller again');
  call.callerHangsUp();
  await call.ended;
  const truth = sim.groundTruth();
  assert.equal(truth[`${call.interactionId}:${ALICE}`]?.Result__c, 'Answered');
  assert.equal(truth[`${call.interactionId}:${BOB}`]?.Result__c, 'Answered', 'Bob answered the consultation');
});

test('a consultation nobody can answer (DND) ends, and after the purgatory the transferor has the caller back', async () => {
  await crossbar('PATCH', `/users/${CAROL}`, { data: { do_not_disturb: { enabled: true } } });
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  const callerLeg = String((await channelOf(call, ALICE))?.other_leg);
  await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'transfer', target: '103' } });
  assert.equal((await channelOf(call, ALICE))?.other_leg, null);
  const deadline = Date.now() + 3000;
  while ((await channelOf(call, ALICE))?.other_leg !== callerLeg) {
    assert.ok(Date.now() < deadline, 'Alice is reconnected within the 1 s purgatory');
    await sleep(100);
  }
  await crossbar('PATCH', `/users/${CAROL}`, { data: { do_not_disturb: { enabled: false } } });
  call.callerHangsUp();
  await call.ended;
  assert.equal(sim.groundTruth()[`${call.interactionId}:${CAROL}`], undefined, 'Carol never rang');
});

test('DND on a user (crossbar PATCH) keeps their phones from ringing: the group rings the others', async () => {
  const patched = await crossbar('PATCH', `/users/${CAROL}`, { data: { do_not_disturb: { enabled: true } } });
  assert.equal(patched.status, 200);
  assert.deepEqual((patched.body.data as { do_not_disturb: unknown }).do_not_disturb, { enabled: true });
  const call = sim.ringLive({ to: 'ring-group', externalNumber: JANE });
  assert.deepEqual(call.ringingLegsOf(CAROL), []);
  assert.equal(call.ringingLegsOf(BOB).length, 1);
  assert.equal(call.ringingLegsOf(ALICE).length, 2);
  call.callerHangsUp();
  await call.ended;
  await crossbar('PATCH', `/users/${CAROL}`, { data: { do_not_disturb: { enabled: false } } });
  const doc = await crossbar('GET', `/users/${CAROL}`);
  assert.deepEqual((doc.body.data as { do_not_disturb: unknown }).do_not_disturb, { enabled: false });
});

test('with metaflows off crossbar still answers 202, and nothing happens to the call', async () => {
  sim.setMetaflows(false);
  const call = sim.ringLive({ to: BOB, externalNumber: JANE });
  const bobLeg = legOf(call, BOB);
  call.answer(BOB);
  const res = await crossbar('POST', `/channels/${bobLeg}`, { data: { action: 'hangup' } });
  assert.equal(res.status, 202);
  assert.ok(await channelOf(call, BOB), 'Bob is still on the call');
  sim.setMetaflows(true);
  call.callerHangsUp();
  await call.ended;
});

test('declined, held, transferred: the adapter’s correlator ends where the live call says', async () => {
  const call = sim.ringLive({ to: 'ring-group', externalNumber: JANE, strategy: 'single' });
  for (const leg of call.ringingLegsOf(ALICE)) call.hangup(leg);
  const bobLeg = legOf(call, BOB);
  call.answer(BOB);
  call.hold(bobLeg, true);
  await sleep(1100);
  call.hold(bobLeg, false);
  call.transfer(bobLeg, '103');
  call.answer(CAROL);
  await sleep(1000);
  call.hangup(bobLeg);
  await sleep(1000);
  call.callerHangsUp();
  await call.ended;
  const expected = call.expected().sort(byId);
  const keys = Object.keys(expected[0] ?? {});
  assert.ok(keys.includes('HoldSeconds__c'));
  assert.ok((expected.find((e) => e.PbxUserId__c === BOB)?.HoldSeconds__c ?? 0) >= 1, 'Bob held the caller');
  assert.deepEqual(
    correlate(call.events.filter((e) => subscribed.has(e.name)).map((e) => e.data))
      .sort(byId)
      .map((p) => decisive(p, keys)),
    expected.map((e) => decisive(e, keys))
  );
});

test('a consultation cancelled after the target answered: the correlator gives each agent their own talk', async () => {
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  call.transfer(aliceLeg, '102');
  const [bobLeg] = call.ringingLegsOf(BOB);
  call.answer(BOB);
  await sleep(1100);
  call.hangup(String(bobLeg));
  await sleep(1000);
  call.callerHangsUp();
  await call.ended;
  const expected = call.expected().sort(byId);
  assert.deepEqual(
    expected.map((e) => [e.PbxUserId__c, e.Result__c]),
    [
      [ALICE, 'Answered'],
      [BOB, 'Answered']
    ],
    'one record each, in the caller’s call'
  );
  const keys = Object.keys(expected[0] ?? {});
  assert.deepEqual(
    correlate(call.events.filter((e) => subscribed.has(e.name)).map((e) => e.data))
      .sort(byId)
      .map((p) => decisive(p, keys)),
    expected.map((e) => decisive(e, keys))
  );
});

/** What the adapter binds to on the websocket (CHANNEL_UNBRIDGE is not among them). */
const subscribed = new Set<string>(CALL_EVENT_NAMES);

const byId = (a: { CallId__c: string }, b: { CallId__c: string }) => a.CallId__c.localeCompare(b.CallId__c);

function decisive(p: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (p as Record<string, unknown>)[k]]));
}

/**
 * Folds the events through the adapter's pure core, as the ground-truth test does for scripted calls,
 * restoring the state from its snapshot after every event (an adapter restarted mid-transfer keeps it).
 */
function correlate(raws: readonly Record<string, unknown>[]): CallDataProjection[] {
  let state = createCorrelatorState();
  const out = new Map<string, CallDataProjection>();
  const options = { defaultRegion: 'US' as const, graceMs: 0 };
  for (const raw of raws) {
    const normalized = normalizeEvent(raw);
    assert.ok(normalized.ok, normalized.ok ? '' : normalized.reason);
    const result = correlateEvent(state, normalized.event, normalized.event.timeMs, options);
    state = restoreCorrelatorState(JSON.stringify(result.state));
    for (const p of result.projections) out.set(p.CallId__c, p);
  }
  for (const p of flushAll(state, options).projections) out.set(p.CallId__c, p);
  return [...out.values()];
}
