import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKazooSimulator, type KazooSimulator } from '../../kazoo/index.ts';
import { apiToken, connect, subscribedClient } from './blackhole-client.ts';

let sim: KazooSimulator;
before(async () => (sim = await startKazooSimulator({ seed: 7, timeScale: 0.002, recordingDelayMs: 0 })));
after(() => sim.stop());

test('a websocket that asks for a subprotocol is refused with HTTP 400', async () => {
  await assert.rejects(connect(sim.websocketUrl, { 'Sec-WebSocket-Protocol': 'kazoo' }), /HTTP 400/);
});

test('the first command must carry a valid auth_token', async () => {
  const client = await connect(sim.websocketUrl);
  const data = { account_id: sim.accountId, binding: 'call.CHANNEL_CREATE.*' };
  const missing = await client.request({ action: 'subscribe', data });
  assert.deepEqual(missing.data, { errors: ['authentication token required'] });
  assert.equal(missing.status, 'error');
  const bad = await client.request({ action: 'subscribe', auth_token: 'nope', data });
  assert.deepEqual(bad.data, { errors: ['failed to authenticate token nope'] });
  const ok = await client.request({ action: 'subscribe', auth_token: await apiToken(sim), data });
  assert.deepEqual(ok, {
    action: 'reply',
    request_id: ok.request_id,
    status: 'success',
    data: { subscribed: ['call.CHANNEL_CREATE.*'] }
  });
  const later = await client.request({ action: 'subscribe', data: { ...data, binding: 'call.CHANNEL_DESTROY.*' } });
  assert.equal(later.status, 'success', 'an authenticated socket skips authentication afterwards');
  client.close();
});

test('subscribe takes exactly one binding inside data, for the token’s own account', async () => {
  const client = await connect(sim.websocketUrl);
  const auth_token = await apiToken(sim);
  const many = await client.request({
    action: 'subscribe',
    auth_token,
    data: { account_id: sim.accountId, bindings: ['call.CHANNEL_CREATE.*', 'call.CHANNEL_DESTROY.*'] }
  });
  assert.deepEqual(many.data, { errors: ['missing required keys : binding'] });
  const unknown = await client.request({
    action: 'subscribe',
    data: { account_id: sim.accountId, binding: 'call.CHANNEL_RINGING.*' }
  });
  assert.deepEqual(unknown.data, { errors: ['event CHANNEL_RINGING not supported'] });
  const foreign = await client.request({
    action: 'subscribe',
    data: { account_id: 'ffffffffffffffffffffffffffffffff', binding: 'call.*.*' }
  });
  assert.deepEqual(foreign.data, { errors: ['unauthorized account id'] });
  const noData = await client.request({ action: 'unsubscribe' });
  assert.deepEqual(noData.data, { errors: ['missing required keys in data object'] });
  const all = await client.request({ action: 'subscribe', data: { account_id: sim.accountId, binding: 'call.*.*' } });
  assert.equal((all.data.subscribed as string[]).length, 9, 'call.*.* is nine internal bindings');
  client.close();
});

test('events arrive in the 4.x envelope with normalized snake_case data', async () => {
  const client = await subscribedClient(sim);
  const run = await sim.play('inbound-user', { timeScale: 0.002 });
  await run.finished;
  const aLeg = run.callIds[0] as string;
  const create = await client.waitFor((f) => f.name === 'CHANNEL_CREATE' && f.data.call_id === aLeg);
  assert.equal(create.action, 'event');
  assert.equal(create.subscribed_key, 'call.*.*');
  assert.equal(create.subscription_key, `call.${sim.accountId}.CHANNEL_CREATE.*`);
  assert.equal(create.routing_key, `call.${sim.accountId}.CHANNEL_CREATE.${aLeg.replaceAll('.', '%2E')}`);
  assert.match(String(create.data.msg_id), /^\d{16}$/);
  assert.ok(Number(create.data.timestamp) > 63_000_000_000, 'timestamp is Gregorian seconds');
  const keys = JSON.stringify(create.data).match(/"([^"]+)":/g) ?? [];
  assert.ok(
    keys.every((k) => k === k.toLowerCase() && !k.includes('-')),
    'every key is lower snake_case'
  );
  client.close();
});

test('object.doc_created.call_recording fires once a recording document is saved', async () => {
  const client = await connect(sim.websocketUrl);
  const reply = await client.request({
    action: 'subscribe',
    auth_token: await apiToken(sim),
    data: { account_id: sim.accountId, binding: 'object.doc_created.call_recording' }
  });
  assert.equal(reply.status, 'success');
  const run = await sim.play('outbound-answered', { timeScale: 0.002 });
  await run.finished;
  const event = await client.waitFor((f) => f.action === 'event');
  assert.equal(event.subscribed_key, 'object.doc_created.call_recording');
  assert.equal(event.data.id, run.expected[0]?.RecordingId__c);
  client.close();
});

test('a websocket ping frame is answered with a pong', async () => {
  const client = await connect(sim.websocketUrl);
  const pong = await client.ping(Buffer.from('alive'));
  assert.equal(pong.toString('utf8'), 'alive');
  client.close();
});

test('a dropped socket loses its subscriptions and nothing is replayed', async () => {
  const client = await subscribedClient(sim);
  sim.dropSockets();
  await client.closed;
  const run = await sim.play('outbound-busy', { timeScale: 0.002 });
  await run.finished;
  const again = await subscribedClient(sim);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(again.frames.filter((f) => f.action === 'event').length, 0);
  again.close();
});
