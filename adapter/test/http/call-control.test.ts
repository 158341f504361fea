/**
 * The call-control API with the real Kazoo provider on the simulator: each action reaches the
 * agent's own leg the way crossbar expects it, and an agent can never act on a colleague's call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startKazooSimulator, USERS, type KazooSimulator } from '../../../devstack/kazoo/index.ts';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { createKazooProvider } from '../../src/kazoo/kazoo-provider.ts';
import { fakeTenant, testDeps, type FakeTenant } from './fake-tenant.ts';

const [ALICE, BOB] = USERS.map((u) => u.id) as [string, string];
const SF_ALICE = '005000000000001AAA';
const SF_BOB = '005000000000002AAA';
const SF_NOBODY = '005000000000009AAA';
const JANE = '+14155550123';

let sim: KazooSimulator;
let tenant: FakeTenant;
let app: ReturnType<typeof buildHttpServer>;

before(async () => {
  sim = await startKazooSimulator({ seed: 11, recordingDelayMs: 0 });
  const provider = createKazooProvider(
    { baseUrl: sim.crossbarUrl, websocketUrl: sim.websocketUrl, accountId: sim.accountId, apiKey: sim.apiKey },
    pino({ level: 'silent' })
  );
  tenant = fakeTenant({ provider, users: { [SF_ALICE]: ALICE, [SF_BOB]: BOB } });
  app = buildHttpServer(testDeps([tenant]));
});
after(async () => {
  await app.close();
  await sim.stop();
});

const act = (action: string, payload: object) =>
  app.inject({ method: 'POST', url: `/api/v1/calls/${action}`, headers: { 'x-api-key': tenant.apiKey }, payload });
const statusOf = (response: { json(): unknown }) => (response.json() as { status: string }).status;
const errorOf = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

describe('call control through the adapter', () => {
  it('holds and resumes the agent’s own leg with Konami metaflows; the caller’s channel shows on hold', async () => {
    const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
    call.answer(ALICE);
    const held = await act('hold', { salesforceUserId: SF_ALICE, interactionId: call.interactionId });
    assert.equal(held.statusCode, 202);
    const sent = sim.channelActions.at(-1);
    assert.equal(sent?.method, 'PUT');
    assert.deepEqual(sent?.body, { action: 'metaflow', data: { module: 'hold', data: { dtmf_leg: sent?.callId } } });
    const onHold = (await channelsOf(call.interactionId)).some((c) => c.is_onhold);
    assert.ok(onHold, 'the caller is on hold');
    assert.equal(
      (await act('resume', { salesforceUserId: SF_ALICE, interactionId: call.interactionId })).statusCode,
      202
    );
    assert.equal((await channelsOf(call.interactionId)).filter((c) => c.is_onhold).length, 0);
    call.callerHangsUp();
    await call.ended;
  });

  it('refuses with 403 an agent acting on a colleague’s call, and the PBX receives nothing', async () => {
    const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
    call.answer(ALICE);
    const before = sim.channelActions.length;
    for (const action of ['hangup', 'hold', 'decline']) {
      const response = await act(action, { salesforceUserId: SF_BOB, interactionId: call.interactionId });
      assert.equal(response.statusCode, 403, action);
      assert.equal(errorOf(response.body).code, 'NOT_YOUR_CALL');
      assert.match(errorOf(response.body).message, /not yours/);
    }
    const transfer = await act('transfer', {
      salesforceUserId: SF_BOB,
      interactionId: call.interactionId,
      target: '102'
    });
    assert.equal(transfer.statusCode, 403);
    assert.equal(sim.channelActions.length, before, 'no action reached Kazoo');
    assert.equal((await channelsOf(call.interactionId)).length, 2, 'Alice is still talking to the caller');
    call.callerHangsUp();
    await call.ended;
  });

  it('declines only the agent’s ringing legs: the group keeps ringing the others', async () => {
    const call = sim.ringLive({ to: 'ring-group', externalNumber: JANE });
    const response = await act('decline', { salesforceUserId: SF_ALICE, interactionId: call.interactionId });
    assert.equal(response.statusCode, 202);
    assert.equal(response.json<{ legs: string[] }>().legs.length, 2, 'both of Alice’s phones stop');
    assert.deepEqual(call.ringingLegsOf(ALICE), []);
    assert.equal(call.ringingLegsOf(BOB).length, 1, 'Bob still rings');
    const again = await act('decline', { salesforceUserId: SF_BOB, interactionId: call.interactionId });
    assert.equal(again.statusCode, 202);
    call.callerHangsUp();
    await call.ended;
  });

  it('blind-transfers to an extension: Konami’s transfer, then the agent’s hangup once the caller is unbridged', async () => {
    const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
    call.answer(ALICE);
    const missing = await act('transfer', { salesforceUserId: SF_ALICE, interactionId: call.interactionId });
    assert.equal(missing.statusCode, 400);
    assert.match(errorOf(missing.body).message, /extension or number/);
    const bad = await act('transfer', { salesforceUserId: SF_ALICE, interactionId: call.interactionId, target: 'abc' });
    assert.equal(bad.statusCode, 400);
    const before = sim.channelActions.length;
    const ok = await act('transfer', { salesforceUserId: SF_ALICE, interactionId: call.interactionId, target: '102' });
    assert.equal(ok.statusCode, 202);
    const [transfer, hangup] = sim.channelActions.slice(before);
    assert.deepEqual((transfer?.body as { data: unknown }).data, {
      action: 'transfer',
      target: '102',
      'transfer-type': 'blind'
    });
    assert.deepEqual((hangup?.body as { data: unknown }).data, { action: 'hangup' });
    assert.equal(hangup?.callId, transfer?.callId, 'Alice’s own leg is hung up, which hands the caller to Bob');
    assert.equal(call.ringingLegsOf(BOB).length, 1, 'Bob rings');
    const ringing = await act('hangup', { salesforceUserId: SF_BOB, interactionId: call.interactionId });
    assert.equal(
      ringing.statusCode,
      409,
      'the consultation ringing Bob is part of the call: he must decline, not hang up'
    );
    assert.equal(errorOf(ringing.body).code, 'CALL_NOT_CONNECTED');
    call.answer(BOB);
    assert.equal(
      (await act('hangup', { salesforceUserId: SF_BOB, interactionId: call.interactionId })).statusCode,
      202
    );
    await call.ended;
    const gone = await act('hangup', { salesforceUserId: SF_BOB, interactionId: call.interactionId });
    assert.equal(gone.statusCode, 404);
    assert.equal(errorOf(gone.body).code, 'CALL_NOT_FOUND');
  });

  it('consults a colleague, then completes: the agent leaves and the caller talks to the colleague', async () => {
    const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
    call.answer(ALICE);
    const alice = { salesforceUserId: SF_ALICE, interactionId: call.interactionId };
    const early = await act('complete-transfer', alice);
    assert.equal(early.statusCode, 409);
    assert.equal(errorOf(early.body).code, 'NO_CONSULTATION', 'no hangup is sent for a call with no consultation');
    const before = sim.channelActions.length;
    assert.equal((await act('consult', { ...alice, target: '102' })).statusCode, 202);
    const sent = sim.channelActions.slice(before);
    assert.equal(sent.length, 1, 'a consultation is the transfer alone');
    assert.equal((sent[0]?.body as { data: { 'transfer-type': string } }).data['transfer-type'], 'attended');
    const ringing = await act('cancel-transfer', alice);
    assert.equal(ringing.statusCode, 409);
    assert.equal(errorOf(ringing.body).code, 'CONSULT_RINGING');
    assert.match(errorOf(ringing.body).message, /\*1/);
    call.answer(BOB);
    const bobBefore = (await channelsOf(call.interactionId)).find((c) => c.owner_id === BOB);
    assert.equal(bobBefore?.other_leg, sim.channelActions.at(-1)?.callId, 'Alice and Bob talk');
    assert.equal((await act('complete-transfer', alice)).statusCode, 202);
    const legs = await channelsOf(call.interactionId);
    assert.equal(legs.filter((c) => c.owner_id === ALICE).length, 0, 'Alice has left');
    const bob = legs.find((c) => c.owner_id === BOB);
    const caller = legs.find((c) => c.owner_id === null);
    assert.equal(bob?.other_leg, caller?.uuid, 'the caller talks to Bob');
    call.callerHangsUp();
    await call.ended;
  });

  it('cancels a consultation: the colleague’s leg ends and the agent has the caller again', async () => {
    const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
    call.answer(ALICE);
    const alice = { salesforceUserId: SF_ALICE, interactionId: call.interactionId };
    const aliceLeg = (await channelsOf(call.interactionId)).find((c) => c.owner_id === ALICE);
    await act('consult', { ...alice, target: '102' });
    call.answer(BOB);
    const bobLeg = (await channelsOf(call.interactionId)).find((c) => c.owner_id === BOB);
    const cancelled = await act('cancel-transfer', alice);
    assert.equal(cancelled.statusCode, 202);
    assert.deepEqual(cancelled.json<{ legs: string[] }>().legs, [bobLeg?.uuid], 'Bob’s leg is the one hung up');
    const legs = await channelsOf(call.interactionId);
    assert.equal(legs.filter((c) => c.owner_id === BOB).length, 0);
    const caller = legs.find((c) => c.owner_id === null);
    assert.equal(legs.find((c) => c.owner_id === ALICE)?.other_leg, caller?.uuid, 'Alice has the caller back');
    assert.equal(aliceLeg?.uuid, legs.find((c) => c.owner_id === ALICE)?.uuid, 'on the same leg');
    const colleague = await act('cancel-transfer', { salesforceUserId: SF_BOB, interactionId: call.interactionId });
    assert.equal(colleague.statusCode, 403, 'Bob has no leg left in the call');
    call.callerHangsUp();
    await call.ended;
  });

  it('a blind transfer Kazoo never starts (metaflows off) is refused in plain words, and the agent keeps the caller', async () => {
    sim.setMetaflows(false);
    try {
      const call = sim.ringLive({ to: ALICE, externalNumber: JANE });
      call.answer(ALICE);
      const refused = await act('transfer', {
        salesforceUserId: SF_ALICE,
        interactionId: call.interactionId,
        target: '102'
      });
      assert.equal(refused.statusCode, 409);
      assert.equal(errorOf(refused.body).code, 'TRANSFER_NOT_STARTED');
      assert.equal(sim.channelActions.at(-1)?.action, 'transfer', 'no hangup followed: the caller is still with Alice');
      call.callerHangsUp();
      await call.ended;
    } finally {
      sim.setMetaflows(true);
    }
  });

  it('an unmapped Salesforce user gets 409 USER_NOT_MAPPED', async () => {
    const response = await act('hangup', { salesforceUserId: SF_NOBODY, interactionId: '63962470800-1a2b3c4d' });
    assert.equal(response.statusCode, 409);
    assert.equal(errorOf(response.body).code, 'USER_NOT_MAPPED');
  });
});

describe('agent status', () => {
  const status = (method: 'GET' | 'PUT', user: string, payload?: object) =>
    app.inject({ method, url: `/api/v1/agents/${user}/status`, headers: { 'x-api-key': tenant.apiKey }, payload });

  it('DND from the softphone sets Kazoo DND and busy presence; Available clears both', async () => {
    assert.equal((await status('PUT', SF_ALICE, { status: 'DoNotDisturb' })).statusCode, 200);
    assert.equal(sim.presence.get(ALICE), 'confirmed');
    assert.equal(statusOf(await status('GET', SF_ALICE)), 'DoNotDisturb');
    const call = sim.ringLive({ to: 'ring-group', externalNumber: JANE });
    assert.deepEqual(call.ringingLegsOf(ALICE), [], 'Alice’s phones do not ring');
    call.callerHangsUp();
    await call.ended;
    assert.equal((await status('PUT', SF_ALICE, { status: 'Available' })).statusCode, 200);
    assert.equal(sim.presence.get(ALICE), 'terminated');
    assert.equal(statusOf(await status('GET', SF_ALICE)), 'Available');
  });

  it('shows DND set on the desk phone, and refuses a status it does not know', async () => {
    sim.setDoNotDisturb(BOB, true);
    assert.equal(statusOf(await status('GET', SF_BOB)), 'DoNotDisturb');
    sim.setDoNotDisturb(BOB, false);
    const bad = await status('PUT', SF_BOB, { status: 'Lunch' });
    assert.equal(bad.statusCode, 400);
    assert.match(errorOf(bad.body).message, /status/);
  });
});

let token: Promise<string> | null = null;

/** The call's live channels as crossbar lists them (one login for the whole file: api_auth is rate-limited). */
async function channelsOf(
  interactionId: string
): Promise<{ uuid?: string; is_onhold?: boolean; owner_id?: string | null; other_leg?: string | null }[]> {
  token ??= fetch(`${sim.crossbarUrl}/v2/api_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { api_key: sim.apiKey } })
  })
    .then((res) => res.json())
    .then((body) => String((body as { auth_token: string }).auth_token));
  const res = await fetch(`${sim.crossbarUrl}/v2/accounts/${sim.accountId}/channels`, {
    headers: { 'x-auth-token': await token }
  });
  const rows = ((await res.json()) as { data: { interaction_id?: string; is_onhold?: boolean }[] }).data;
  return rows.filter((row) => row.interaction_id === interactionId);
}

describe('limits', () => {
  it('is rate-limited per API key like dial', async () => {
    const limited = buildHttpServer(testDeps([tenant], { rateLimit: { apiPerMinute: 2 } }));
    const payload = { salesforceUserId: SF_NOBODY, interactionId: '63962470800-1a2b3c4d' };
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await limited.inject({
        method: 'POST',
        url: '/api/v1/calls/hold',
        headers: { 'x-api-key': tenant.apiKey },
        payload
      });
      codes.push(response.statusCode);
    }
    assert.deepEqual(codes, [409, 409, 429]);
    const anonymous = await limited.inject({ method: 'POST', url: '/api/v1/calls/hold', payload });
    assert.equal(anonymous.statusCode, 401, 'no API key, no call control');
    await limited.close();
  });
});
