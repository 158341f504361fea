import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKazooSimulator, type KazooSimulator, type LiveCall } from '../../kazoo/index.ts';
import { apiToken, subscribedClient } from './blackhole-client.ts';
import { correlateEvent, createCorrelatorState, flushAll } from '../../../adapter/src/core/correlate-call.ts';
import { normalizeEvent } from '../../../adapter/src/core/normalize-event.ts';
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

test('a blind transfer ends the transferor’s leg and rings the target; each agent keeps their talk', async () => {
  const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
  const aliceLeg = legOf(call, ALICE);
  call.answer(ALICE);
  const missing = await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'transfer' } });
  assert.equal(missing.status, 400);
  assert.match(JSON.stringify(missing.body.data), /No target destination specified/);
  const sent = await crossbar('POST', `/channels/${aliceLeg}`, {
    data: { action: 'transfer', target: '102', takeback_dtmf: '*1', moh: 'media_id' }
  });
  assert.equal(sent.status, 202);
  assert.equal(sent.body.data, 'transfer initiated');
  assert.equal(await channelOf(call, ALICE), undefined, 'Alice’s leg is gone');
  assert.ok(await channelOf(call, BOB), 'Bob’s phone rings');
  call.answer(BOB);
  call.callerHangsUp();
  await call.ended;
  const gone = await crossbar('POST', `/channels/${aliceLeg}`, { data: { action: 'hangup' } });
  assert.equal(gone.status, 404, 'a leg that ended is a bad identifier');
  const truth = sim.groundTruth();
  assert.equal(truth[`${call.interactionId}:${ALICE}`]?.Result__c, 'Answered');
  assert.equal(truth[`${call.interactionId}:${BOB}`]?.Result__c, 'Answered');
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
  call.callerHangsUp();
  await call.ended;
  const expected = call.expected().sort(byId);
  const keys = Object.keys(expected[0] ?? {});
  assert.ok(keys.includes('HoldSeconds__c'));
  assert.ok((expected.find((e) => e.PbxUserId__c === BOB)?.HoldSeconds__c ?? 0) >= 1, 'Bob held the caller');
  assert.deepEqual(
    correlate(call.events.map((e) => e.data))
      .sort(byId)
      .map((p) => decisive(p, keys)),
    expected.map((e) => decisive(e, keys))
  );
});

const byId = (a: { CallId__c: string }, b: { CallId__c: string }) => a.CallId__c.localeCompare(b.CallId__c);

function decisive(p: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (p as Record<string, unknown>)[k]]));
}

/** Folds the events through the adapter's pure core, as the ground-truth test does for scripted calls. */
function correlate(raws: readonly Record<string, unknown>[]): CallDataProjection[] {
  let state = createCorrelatorState();
  const out = new Map<string, CallDataProjection>();
  const options = { defaultRegion: 'US' as const, graceMs: 0 };
  for (const raw of raws) {
    const normalized = normalizeEvent(raw);
    assert.ok(normalized.ok, normalized.ok ? '' : normalized.reason);
    const result = correlateEvent(state, normalized.event, normalized.event.timeMs, options);
    state = result.state;
    for (const p of result.projections) out.set(p.CallId__c, p);
  }
  for (const p of flushAll(state, options).projections) out.set(p.CallId__c, p);
  return [...out.values()];
}
